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
    Health health = Health::Unknown;
    QDateTime healthChangedAt;

    // Live counters.
    int activeRequests = 0;
    quint64 requests = 0; // picked and sent
    quint64 errors = 0;   // upstream errors, timeouts and 5xx
    LatencyHistogram latency;

    // Whether the balancer may give it new requests (admin enabled, health not down).
    bool acceptsNewRequests() const;
    void setAdminState(AdminState state);
    void setHealth(Health health);
};

using BackendPtr = std::shared_ptr<Backend>;
