#pragma once

#include "config/gatewayconfig.h"
#include "model/gatewaysnapshot.h"
#include "model/instancestate.h"

#include <QHash>
#include <QList>
#include <QString>

// What an export translates: a config and the operator's admin state of its instances, which a
// config file does not hold (README, "Two kinds of state per instance"). A file alone has every
// instance enabled; the admin API and the window pass the running gateway's state.
struct ExportSource {
    GatewayConfig config;
    // By route id, one state per instance in the route's order; what is missing is enabled.
    QHash<QString, QList<AdminState>> adminStates;

    AdminState adminState(const QString &routeId, qsizetype index) const;

    // config as the gateway running it shows it in snapshot: each route's strategy, and each
    // instance's weight and admin state, where the snapshot has a route with the same id and, at
    // the same index, an instance with the same URL. Instances added or removed at runtime are
    // not in config (the admin API's config() has them: it passes that instead). A snapshot of
    // another config, or of none, leaves config as it is.
    static ExportSource fromRunning(GatewayConfig config, const GatewaySnapshot &snapshot);
};
