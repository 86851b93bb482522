#include "traffic/trafficplan.h"

QString TrafficPlan::validationError() const {
    if (!baseUrl.isValid() || baseUrl.scheme() != QLatin1String("http") ||
        baseUrl.host().isEmpty() || baseUrl.port() <= 0)
        return QStringLiteral("the gateway URL must be http://host:port, not \"%1\"")
            .arg(baseUrl.toString());
    if (!path.startsWith('/'))
        return QStringLiteral("the path must start with /");
    for (const char byte : path) {
        // The target goes on the request line as typed: anything that could split or bend it
        // (spaces, controls, 8-bit bytes, a fragment) is refused rather than guessed at.
        if (byte <= ' ' || byte >= 0x7f || byte == '#')
            return QStringLiteral("the path may contain only printable ASCII without spaces or #");
    }
    if (concurrency < 1 || concurrency > maxConcurrency)
        return QStringLiteral("concurrency must be between 1 and %1").arg(maxConcurrency);
    if (mode == Mode::Count && totalRequests < 1)
        return QStringLiteral("the number of requests must be at least 1");
    if (mode == Mode::Rate && (requestsPerSecond < 1 || requestsPerSecond > maxRequestsPerSecond))
        return QStringLiteral("the rate must be between 1 and %1 requests per second")
            .arg(maxRequestsPerSecond);
    if (duration.count() < 0 || requestTimeout.count() <= 0)
        return QStringLiteral("durations must not be negative");
    return {};
}

qint64 TrafficPlan::expectedRequests() const {
    if (mode == Mode::Count)
        return totalRequests;
    if (duration.count() == 0)
        return -1;
    // Slot i is due at i / R seconds; every slot due before the end is sent.
    return (duration.count() * requestsPerSecond + 999) / 1000;
}
