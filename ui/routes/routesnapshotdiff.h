#pragma once

#include "model/gatewaysnapshot.h"

#include <QList>

// What changed between two snapshots, in RouteTreeModel's terms: the model resets only when
// the routes or instances differ, and otherwise tells its views about the changed cells alone.

// What a route row shows, derived from its instances.
struct RouteTotals {
    int enabled = 0;
    int up = 0;
    int down = 0;
    int unknown = 0;
    qint64 active = 0;
    quint64 requests = 0;
    quint64 attemptErrors = 0;

    explicit RouteTotals(const RouteSnapshot &route);
};

// Same routes with the same instances, in the same order (values may differ).
bool sameRouteStructure(const QList<RouteSnapshot> &before, const QList<RouteSnapshot> &after);

// Bit n is set when RouteTreeModel's column n shows something different for the route row.
quint32 changedRouteColumns(const RouteSnapshot &before, const RouteSnapshot &after);
// The same for an instance row.
quint32 changedBackendColumns(const BackendSnapshot &before, const BackendSnapshot &after);
