#include "model/requestresult.h"

RequestResult resultOf(const RequestRecord &record) {
    switch (record.outcome) {
    case Outcome::Ok:
        if (record.status >= 500)
            return RequestResult::Failed;
        if (record.status >= 400)
            return RequestResult::ClientError;
        return RequestResult::Succeeded;
    case Outcome::Upgraded:
        return RequestResult::Upgraded;
    // The gateway refused the request for what the client sent, or the client left or stopped
    // reading: retrying the same thing the same way gets the same answer.
    case Outcome::NoRoute:
    case Outcome::BadRequest:
    case Outcome::HeaderTimeout:
    case Outcome::HeadersTooLarge:
    case Outcome::BodyTooLarge:
    case Outcome::BodyTimeout:
    case Outcome::ClientClosed:
    case Outcome::SendTimeout:
        return RequestResult::ClientError;
    // The request was fine and no instance answered it completely. A loop (508) is the
    // config's fault, never the client's, and the gateway's own shortage (503) too.
    case Outcome::NoBackend:
    case Outcome::UpstreamError:
    case Outcome::UpstreamTimeout:
    case Outcome::Aborted:
    case Outcome::LoopDetected:
    case Outcome::OutOfResources:
    case Outcome::Shutdown:
        return RequestResult::Failed;
    }
    return RequestResult::Failed;
}

// Static data, as outcomeName() (model/requestrecord.cpp).
QByteArray resultName(RequestResult result) {
    switch (result) {
    case RequestResult::Succeeded:
        return QByteArrayLiteral("succeeded");
    case RequestResult::Upgraded:
        return QByteArrayLiteral("upgraded");
    case RequestResult::ClientError:
        return QByteArrayLiteral("client_error");
    case RequestResult::Failed:
        return QByteArrayLiteral("failed");
    }
    return QByteArrayLiteral("unknown");
}

bool isResponseCut(const RequestRecord &record) {
    if (record.status == 0)
        return false;
    switch (record.outcome) {
    case Outcome::Aborted:
    case Outcome::ClientClosed:
    case Outcome::SendTimeout:
    case Outcome::Shutdown:
        return true;
    default:
        return false;
    }
}

bool isAttemptError(const AttemptRecord &attempt) {
    return attempt.instanceFault || attempt.status >= 500;
}
