#pragma once

#include <QMap>
#include <QMetaType>
#include <QString>
#include <chrono>

// Why a request got no HTTP response.
enum class TrafficTransportError {
    ConnectRefused, // nothing listens on the gateway's port
    Reset,          // the connection was closed or reset before the response was complete
    Timeout,        // no complete response within the plan's request timeout
    BadResponse,    // the response failed the strict parser (or came unasked)
    OtherSocketError,
};

// "connect refused", "reset", "timeout", "bad response", "socket error".
QString trafficTransportErrorName(TrafficTransportError error);

// The result of one traffic run, sent from the traffic thread as a value
// (docs/CONVENTIONS.md, "Only values cross threads").
struct TrafficSummary {
    qint64 sent = 0; // requests issued (a refused connect counts: the request was attempted)
    qint64 ok = 0;   // final responses with status 2xx or 3xx
    QMap<int, qint64> errorsByStatus;                    // other final statuses
    QMap<TrafficTransportError, qint64> transportErrors; // requests without a response
    qint64 skipped = 0; // rate mode: slots that came due while every connection was busy
    // Over every HTTP response (ok or not), from issuing the request to its last byte,
    // estimated from a fixed-bucket histogram.
    qint64 latencyP50Us = 0;
    qint64 latencyP99Us = 0;
    std::chrono::milliseconds elapsed{0};
    bool stopped = false; // ended by stop(); requests then in flight have no outcome

    qint64 statusErrorCount() const;
    qint64 transportErrorCount() const;
    // The README's meanings ("What the counts mean"), as a client sees them: a failed request
    // got no complete response or a 5xx; a client error got a 4xx.
    qint64 failedCount() const;
    qint64 clientErrorCount() const;
    // Requests with an outcome: ok + status errors + transport errors.
    qint64 completed() const;
};

Q_DECLARE_METATYPE(TrafficSummary)
