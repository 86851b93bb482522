#pragma once

#include "model/pickexplanation.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QVarLengthArray>

// How an exchange ended. Names (outcomeName) appear in logs, JSON and /metrics.
enum class Outcome : quint8 {
    Ok,              // a response from an instance reached the client (any status)
    NoRoute,         // 404: no route matched
    NoBackend,       // 503: no instance enabled and up
    BadRequest,      // 400/505: the request was malformed or not allowed
    HeaderTimeout,   // 408: the request head did not arrive in time
    HeadersTooLarge, // 431
    BodyTooLarge,    // 413
    UpstreamError,   // 502: connect failed on every try, or a bad response
    UpstreamTimeout, // 504
    Aborted,         // the upstream failed after the response head went to the client; the
                     // client connection was cut (status keeps the one sent)
    ClientClosed,    // the client went away before the response was complete
    Upgraded,        // 101: tunnelled (e.g. WebSocket); bytes counted until the tunnel closed
    BodyTimeout,     // 408: the request body stalled for idle_timeout
    SendTimeout,     // the client read nothing of the response for idle_timeout; connection cut
    LoopDetected,    // 508: the request had passed through this gateway already (its Via)
    OutOfResources,  // 503: the gateway could not open an upstream connection (no descriptor)
    Shutdown,        // the gateway stopped before the exchange finished; connection cut
};

QByteArray outcomeName(Outcome outcome);

// One try of a request on one instance (a retried request has several).
struct AttemptRecord {
    quint64 backendId = 0;
    int backendIndex = -1;
    QString backendName;
    int status = 0;   // 0 when no response head arrived
    QByteArray error; // empty, or "connect refused", "timeout", "reset", ...
    // The error was the instance's fault (RetryPolicy::blamesInstance): not the keep-alive race,
    // not the gateway's own shortage. See isAttemptError() (model/requestresult.h).
    bool instanceFault = false;
};

// Who wrote a record: the gateway's proxy, which knows everything it did, or a HAProxy's log
// (core/haproxy/httplogline.h), which says what the client sent and got but not what HAProxy
// forwarded to the server.
enum class RecordSource : quint8 {
    Gateway,
    HaproxyLog,
};

// The tries of one request: inline room for one, so that a request that was not retried (nearly
// every one) allocates nothing for them.
using AttemptList = QVarLengthArray<AttemptRecord, 1>;

// One finished exchange: an immutable value sent from the worker to the UI in batches.
// Strings are formatted at display time from these raw values
// (docs/CONVENTIONS.md, "Format at display time"). Small fields sit together so that the
// struct has no holes (recordFootprint() counts its sizeof for every row the live log keeps).
struct RequestRecord {
    quint64 id = 0;
    qint64 startedAtMs = 0; // ms since epoch
    QByteArray clientAddress;
    QByteArray method;
    QByteArray target;     // as the client sent it
    QString routeId;       // empty: no route
    quint64 backendId = 0; // instance that served it; 0: none
    QString backendName;
    QByteArray backendUrl;
    qint64 bytesIn = 0;  // request body bytes from the client
    qint64 bytesOut = 0; // response body bytes to the client (relayed, or the gateway's own)
    qint64 timeToFirstByteUs = -1;
    qint64 totalUs = 0;
    int backendIndex = -1; // its position in the route (0-based)
    int status = 0;        // status line sent to the client; 0 if none was. A response cut
                           // after it keeps it (isResponseCut(), model/requestresult.h)
    Outcome outcome = Outcome::Ok;
    RecordSource source = RecordSource::Gateway;

private:
    // upstreamTarget() is target from here on; -1: m_upstreamTarget. Here, not beside
    // m_upstreamTarget, so that it fills the hole after the two one-byte enums.
    qint32 m_upstreamTargetFrom = -1;

public:
    // Why: every balancer pick as values (the first, then one per retry), and what the picks
    // do not say: why the exchange failed (a local response's cause, an upstream error).
    // formatReason() and PickExplanation::candidateLines() make the text at display time.
    QVarLengthArray<PickExplanation, 1> picks;
    QByteArray failure;

    // Adds a failure detail after any earlier one ("; "-separated).
    void addFailure(const QByteArray &detail);
    AttemptList attempts;

    // The path and query sent upstream (before the instance's base path, joinUpstreamPath());
    // empty if not sent or not known.
    QByteArrayView upstreamTarget() const {
        return m_upstreamTargetFrom >= 0 ? QByteArrayView(target).sliced(m_upstreamTargetFrom)
                                         : QByteArrayView(m_upstreamTarget);
    }
    // Sets upstreamTarget() to target from `from` on: the client's target with the route's
    // prefix stripped (StrippedTarget, routing/router.h), the usual case, costs no copy.
    void setUpstreamTargetFrom(qsizetype from);
    // Sets upstreamTarget() to sent, sharing its bytes; only an offset when target ends with it.
    void setUpstreamTarget(const QByteArray &sent);
    // What the upstream target holds apart from target (model/heapbytes.h): 0 when it is a part
    // of it.
    qsizetype upstreamTargetHeapBytes() const;

private:
    QByteArray m_upstreamTarget; // when not a part of target
};

// The one-line reason for logs and the live log: the picks joined by "; retry → ", then the
// failure: "round_robin: #1 (first pick); retry → round_robin: #2 (next after #1); timeout".
QByteArray formatReason(const RequestRecord &record);
// The same line appended to out, with no allocation of its own (the access log, once per line).
void appendReason(QByteArray &out, const RequestRecord &record);

Q_DECLARE_METATYPE(RequestRecord)
Q_DECLARE_METATYPE(QList<RequestRecord>)
