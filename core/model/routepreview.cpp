#include "model/routepreview.h"

int RoutePreview::localStatus() const {
    switch (outcome) {
    case Outcome::NoRoute:
        return 404;
    case Outcome::NoInstance:
        return 503;
    case Outcome::Forwarded:
    case Outcome::InvalidInput:
    case Outcome::NotRunning:
        return 0;
    }
    Q_UNREACHABLE();
    return 0;
}

QByteArray routePreviewOutcomeName(RoutePreview::Outcome outcome) {
    switch (outcome) {
    case RoutePreview::Outcome::Forwarded:
        return "forwarded";
    case RoutePreview::Outcome::NoRoute:
        return "no_route";
    case RoutePreview::Outcome::NoInstance:
        return "no_instance";
    case RoutePreview::Outcome::InvalidInput:
        return "invalid_input";
    case RoutePreview::Outcome::NotRunning:
        return "not_running";
    }
    Q_UNREACHABLE();
    return {};
}
