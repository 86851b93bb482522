#pragma once

#include "config/gatewayconfig.h"
#include "export/exportsource.h"
#include "model/instancestate.h"
#include "model/strategykind.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// One instance of a route as both exports write it.
struct ExportedInstance {
    QByteArray address; // "127.0.0.1:8081", "[::1]:8081", "localhost:8081"
    int weight = 1;
    QString name; // the config's name, else host:port (as the window shows it)
    AdminState adminState = AdminState::Enabled;
    // One of the config's demo instances (README, "Demo instances"): it runs inside the gateway,
    // so nothing answers at this address once nginx or HAProxy replaces it.
    bool demoInstance = false;
};

// One route as both exports write it: the facts they share, decided once.
struct ExportedRoute {
    QString id;
    // Unique among the routes, [a-z0-9_] only: nginx's upstream and HAProxy's backend name.
    QByteArray identifier;
    QByteArray path;     // the normalized prefix, "/" for the root route
    QByteArray basePath; // the instances' URL path without a trailing '/', empty for none
    StrategyKind strategy = StrategyKind::RoundRobin;
    QList<ExportedInstance> instances;
    std::optional<HealthCheckConfig> healthCheck;
    PassiveHealthConfig passiveHealth;
    // What neither engine can say about this route (instances with different base paths).
    QStringList untranslated;

    bool isRoot() const { return path == "/"; }
    // Whether passive health applies: on, and more than one instance (the gateway never ejects
    // a route's only instance, nor does nginx: README, "Passive health").
    bool hasPassiveHealth() const { return passiveHealth.maxFails > 0 && instances.size() > 1; }
    // "route service-a (/service-a, round_robin)"
    QString title() const;
};

// The routes of source, longest prefix first: the order in which HAProxy's first matching rule
// finds the same route as the gateway's longest-prefix match (nginx orders by itself).
QList<ExportedRoute> exportedRoutes(const ExportSource &source);

// What the exports leave out whatever the engine (the demo instances, panic, loop protection, …),
// for the header.
QStringList untranslatedByBoth(const ExportSource &source, const QList<ExportedRoute> &routes);
