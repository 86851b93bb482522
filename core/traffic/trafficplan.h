#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QUrl>
#include <chrono>

// What the traffic generator sends: GET requests for one path through the gateway, either a
// fixed number as fast as the connections allow, or a steady rate spread evenly over time.
struct TrafficPlan {
    enum class Mode {
        Count, // totalRequests requests, each connection sending its next as soon as it is free
        Rate,  // requestsPerSecond, one every 1/R s, for duration (0: until stopped)
    };

    static constexpr int maxConcurrency = 1000;
    static constexpr int maxRequestsPerSecond = 1'000'000;

    QUrl baseUrl;    // the gateway's listen URL; only scheme, host and port are used
    QByteArray path; // request target, "/service-a/x?q=1"
    Mode mode = Mode::Count;
    qint64 totalRequests = 1;
    int requestsPerSecond = 10;
    std::chrono::milliseconds duration{0};
    int concurrency = 1; // keep-alive connections, at most one request outstanding on each
    // A request without a complete response this long after it was issued is a transport
    // error (timeout) and its connection is closed.
    std::chrono::milliseconds requestTimeout{10000};

    // Why the plan cannot run (empty when it can): a URL that is not http://host:port, a path
    // that is not an origin-form target of printable ASCII, counts out of range.
    QString validationError() const;
    // Requests the plan sends when nothing fails and nothing is skipped; -1 for "until stopped".
    qint64 expectedRequests() const;
};

Q_DECLARE_METATYPE(TrafficPlan)
