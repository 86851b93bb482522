#include "retrypolicy.h"

namespace RetryPolicy {

bool isIdempotent(QByteArrayView method) {
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" ||
           method == "DELETE" || method == "TRACE";
}

bool isStaleKeepAlive(UpstreamFailure failure, const AttemptProgress &progress) {
    return failure == UpstreamFailure::Closed && progress.reusedConnection &&
           !progress.bodyStartedUpstream && !progress.responseBytesReceived;
}

bool blamesInstance(UpstreamFailure failure, const AttemptProgress &progress) {
    return failure != UpstreamFailure::NoResources && !isStaleKeepAlive(failure, progress);
}

bool mayRetryAfterFailure(UpstreamFailure failure, const AttemptProgress &progress,
                          QByteArrayView method) {
    if (failure == UpstreamFailure::NoResources)
        return false;
    // Nothing sent, nothing started.
    if (!progress.headSentUpstream)
        return true;
    // The application may have seen the request: sent again only when that is harmless, and
    // only while the gateway still holds all of it and the client has seen nothing.
    return failure == UpstreamFailure::Closed && !progress.bodyStartedUpstream &&
           !progress.responseBytesReceived && isIdempotent(method);
}

bool mayRetryAfterResponseTimeout(const AttemptProgress &progress, QByteArrayView method) {
    return !progress.responseStarted && !progress.bodyStartedUpstream && isIdempotent(method);
}

} // namespace RetryPolicy
