#pragma once

#include "model/healthcheckresult.h"
#include "model/instancestate.h"
#include "model/latencyhistogram.h"
#include "model/strategykind.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

// Immutable copies of the worker's state, sent to the UI and served by /api/state. Never a
// pointer into worker state (docs/CONVENTIONS.md, "Only values cross threads").

struct BackendSnapshot {
    quint64 id = 0;
    int index = 0; // 0-based position in the route, as the admin API addresses it
    QString name;
    QString url;
    int weight = 1;
    AdminState adminState = AdminState::Enabled;
    QDateTime adminStateChangedAt;
    Health health = Health::Unknown; // combinedHealth(activeHealth, passiveState)
    QDateTime healthChangedAt;
    Health activeHealth = Health::Unknown; // the probes' verdict
    PassiveState passiveState = PassiveState::Clear;
    int activeRequests = 0;
    quint64 requests = 0;      // one per attempt (Backend::requests)
    quint64 attemptErrors = 0; // isAttemptError() (model/requestresult.h)
    // Share of new requests the route's strategy should give it, 0..1 (Balancer::expectedShares:
    // 0 when disabled, draining or down), to set beside the observed requests.
    double expectedShare = 0.0;
    qint64 latencyP50Us = 0; // -1: not measured (a HAProxy's server)
    qint64 latencyP99Us = 0;
    LatencyHistogram latency; // for /metrics
    HealthCheckResult lastCheck;
};

struct RouteSnapshot {
    QString id;
    QByteArray path;
    StrategyKind strategy = StrategyKind::RoundRobin;
    // Every enabled instance is out by health, so the balancer tries them anyway
    // (Balancer::inPanic()).
    bool panic = false;
    QList<BackendSnapshot> backends;
};

struct GatewaySnapshot {
    bool running = false;
    QString listenUrl; // "http://127.0.0.1:8080" while running
    QString adminUrl;  // empty without admin API
    QString configFile;
    QDateTime startedAt;
    // When the counters below and the instances' counters began: the first start, or the last
    // start with another config file (a Stop/Start or a reload of the same one keeps them).
    QDateTime countingSince;
    // Finished requests since then, and what some of them count as (RequestResult, README
    // "What the counts mean"); upgrades and succeeded requests are the rest.
    quint64 totalRequests = 0;
    quint64 failedRequests = 0;
    quint64 clientErrors = 0;
    quint64 attemptErrors = 0; // over every attempt of every request, retried or not
    int openConnections = 0;
    int parkedConnections = 0; // of openConnections: idle ones held outside the event loop
    quint64 upstreamConnectionsOpened =
        0; // since the start; keep-alive keeps it far below requests
    // Since the start: accept() failed (out of descriptors) and the proxy's listener or the admin
    // API's paused accepting.
    quint64 acceptPauses = 0;
    // Access-log lines the headless program dropped because stdout did not keep up (README,
    // "Access log"), as it last told the gateway; always 0 in the window, which has no access log.
    quint64 accessLogDroppedLines = 0;
    QList<RouteSnapshot> routes;

    const RouteSnapshot *findRoute(const QString &routeId) const;
};

Q_DECLARE_METATYPE(GatewaySnapshot)
