#include "model/gatewaysnapshot.h"

const RouteSnapshot *GatewaySnapshot::findRoute(const QString &routeId) const {
    for (const RouteSnapshot &route : routes) {
        if (route.id == routeId)
            return &route;
    }
    return nullptr;
}
