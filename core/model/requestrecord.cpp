#include "model/requestrecord.h"

QByteArray outcomeName(Outcome outcome) {
    switch (outcome) {
    case Outcome::Ok:
        return "ok";
    case Outcome::NoRoute:
        return "no_route";
    case Outcome::NoBackend:
        return "no_backend";
    case Outcome::BadRequest:
        return "bad_request";
    case Outcome::HeaderTimeout:
        return "header_timeout";
    case Outcome::HeadersTooLarge:
        return "headers_too_large";
    case Outcome::BodyTooLarge:
        return "body_too_large";
    case Outcome::UpstreamError:
        return "upstream_error";
    case Outcome::UpstreamTimeout:
        return "upstream_timeout";
    case Outcome::Aborted:
        return "aborted";
    case Outcome::ClientClosed:
        return "client_closed";
    case Outcome::Upgraded:
        return "upgraded";
    case Outcome::BodyTimeout:
        return "body_timeout";
    case Outcome::SendTimeout:
        return "send_timeout";
    case Outcome::LoopDetected:
        return "loop_detected";
    case Outcome::OutOfResources:
        return "out_of_resources";
    case Outcome::Shutdown:
        return "shutdown";
    }
    return "unknown";
}

QByteArray formatReason(const RequestRecord &record) {
    QByteArray line;
    for (const PickExplanation &pick : record.picks) {
        if (!line.isEmpty())
            line += "; retry → ";
        line += pick.summary();
    }
    if (!record.failure.isEmpty()) {
        if (!line.isEmpty())
            line += "; ";
        line += record.failure;
    }
    return line;
}

void RequestRecord::addFailure(const QByteArray &detail) {
    if (!failure.isEmpty())
        failure += "; ";
    failure += detail;
}
