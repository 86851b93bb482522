#pragma once

#include "model/instancestate.h"
#include "model/latencyhistogram.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>
#include <memory>

// One backend instance of one route. Lives in the worker thread only and is shared (by
// BackendPtr) between the route's Balancer and the exchanges in flight to it, so that removing
// an instance never pulls it from under a running request. No locks: one thread owns it.
struct Backend {
    Backend(quint64 id, const QUrl &url, int weight, const QString &name);

    // Identity.
    quint64 id;            // unique for the process lifetime; stable across reloads
    QUrl url;              // as configured
    QByteArray encodedUrl; // url.toEncoded(), cached: records carry it per request
    QString name;          // display name ("a2" or "localhost:8082")
    QString host;          // to connect to
    quint16 port;          // to connect to
    QByteArray authority;  // Host header value for upstream requests ("localhost:8082")
    QByteArray basePath;   // URL path of the target without trailing '/', usually empty

    // Operator state.
    int weight;
    AdminState adminState = AdminState::Enabled;
    QDateTime adminStateChangedAt;
    // Observed health, two verdicts kept apart (README, "Passive health"): the active checks'
    // (HealthChecker, unknown without checks) and passive health's (PassiveHealth). Each side
    // writes only its own; health is derived from both (combinedHealth()) and is what the
    // window, /api/state and /metrics show.
    Health activeHealth = Health::Unknown;
    PassiveState passiveState = PassiveState::Clear;
    Health health = Health::Unknown;
    QDateTime healthChangedAt; // when the combined health last changed

    // Live counters.
    int activeRequests = 0;
    quint64 requests = 0;      // picked and sent: one per attempt
    quint64 attemptErrors = 0; // attempts that failed through its fault (isAttemptError())
    LatencyHistogram latency;

    // Whether the balancer may give it new requests outside panic: admin enabled, and neither
    // verdict holds it out (down by the probes, ejected, or on probation with its one test
    // request in flight).
    bool acceptsNewRequests() const;
    // Whether health keeps it from new requests, whatever its admin state: down by the probes,
    // ejected, or on probation with a request in flight. A route whose enabled instances all
    // are is in panic (Balancer::inPanic()).
    bool isHeldOutByHealth() const;
    // The configured display name, or "host:port" when the config gives none. A reload sets it
    // again: the name is the config's, the counters and health are the instance's.
    void setName(const QString &configuredName);
    void setAdminState(AdminState state);
    // Stamp healthChangedAt when the combined health changes.
    void setActiveHealth(Health health);
    void setPassiveState(PassiveState state);

private:
    void updateHealth();
};

using BackendPtr = std::shared_ptr<Backend>;
