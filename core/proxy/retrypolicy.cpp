#include "retrypolicy.h"

namespace RetryPolicy {

bool isIdempotent(QByteArrayView method) {
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" ||
           method == "DELETE" || method == "TRACE";
}

bool isStaleKeepAlive(UpstreamFailure failure, const AttemptProgress &progress) {
    return failure == UpstreamFailure::Closed && progress.reusedConnection &&
           !progress.bodyStartedUpstream && !progress.responseStarted;
}

bool blamesInstance(UpstreamFailure failure, const AttemptProgress &progress) {
    return failure != UpstreamFailure::NoResources && !isStaleKeepAlive(failure, progress);
}

bool mayRetryAfterFailure(UpstreamFailure failure, const AttemptProgress &progress,
                          QByteArrayView method) {
    if (failure == UpstreamFailure::NoResources)
        return false;
    // Nothing sent, nothing started. Once the head went out, only the keep-alive race (which
    // excludes a started body or response) leaves the request unseen by the application.
    if (!progress.headSentUpstream)
        return true;
    return isStaleKeepAlive(failure, progress) && isIdempotent(method);
}

bool mayRetryAfterResponseTimeout(const AttemptProgress &progress, QByteArrayView method) {
    return !progress.responseStarted && !progress.bodyStartedUpstream && isIdempotent(method);
}

} // namespace RetryPolicy
