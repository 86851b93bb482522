#include "routes/routesnapshotdiff.h"

#include "routes/routetreemodel.h"

namespace {
constexpr quint32 bit(int column) {
    return 1u << column;
}

bool sameCheck(const HealthCheckResult &a, const HealthCheckResult &b) {
    return a.ran == b.ran && a.ok == b.ok && a.status == b.status && a.error == b.error &&
           a.durationUs == b.durationUs && a.at == b.at;
}
} // namespace

RouteTotals::RouteTotals(const RouteSnapshot &route) {
    for (const BackendSnapshot &backend : route.backends) {
        enabled += backend.adminState == AdminState::Enabled ? 1 : 0;
        up += backend.health == Health::Up ? 1 : 0;
        down += backend.health == Health::Down ? 1 : 0;
        unknown += backend.health == Health::Unknown ? 1 : 0;
        active += backend.activeRequests;
        requests += backend.requests;
        attemptErrors += backend.attemptErrors;
    }
}

quint32 changedRouteColumns(const RouteSnapshot &before, const RouteSnapshot &after) {
    const RouteTotals a(before);
    const RouteTotals b(after);
    quint32 changed = 0;
    if (before.path != after.path || before.strategy != after.strategy)
        changed |= bit(RouteTreeModel::UrlColumn);
    if (a.enabled != b.enabled)
        changed |= bit(RouteTreeModel::EnabledColumn);
    if (a.up != b.up || a.down != b.down || a.unknown != b.unknown || before.panic != after.panic)
        changed |= bit(RouteTreeModel::HealthColumn);
    if (a.active != b.active)
        changed |= bit(RouteTreeModel::ActiveColumn);
    if (a.requests != b.requests)
        changed |= bit(RouteTreeModel::RequestsColumn);
    if (a.attemptErrors != b.attemptErrors)
        changed |= bit(RouteTreeModel::AttemptErrorsColumn);
    return changed;
}

quint32 changedBackendColumns(const BackendSnapshot &a, const BackendSnapshot &b) {
    quint32 changed = 0;
    if (a.name != b.name)
        changed |= bit(RouteTreeModel::NameColumn);
    if (a.url != b.url)
        changed |= bit(RouteTreeModel::UrlColumn);
    // Name and URL are muted while the instance is not enabled.
    if (a.adminState != b.adminState)
        changed |= bit(RouteTreeModel::NameColumn) | bit(RouteTreeModel::UrlColumn) |
                   bit(RouteTreeModel::EnabledColumn);
    if (a.adminStateChangedAt != b.adminStateChangedAt)
        changed |= bit(RouteTreeModel::EnabledColumn);
    if (a.health != b.health || a.healthChangedAt != b.healthChangedAt ||
        a.passiveState != b.passiveState || !sameCheck(a.lastCheck, b.lastCheck))
        changed |= bit(RouteTreeModel::HealthColumn);
    if (a.weight != b.weight)
        changed |= bit(RouteTreeModel::WeightColumn);
    if (a.activeRequests != b.activeRequests)
        changed |= bit(RouteTreeModel::ActiveColumn);
    if (a.requests != b.requests)
        changed |= bit(RouteTreeModel::RequestsColumn);
    if (a.attemptErrors != b.attemptErrors)
        changed |= bit(RouteTreeModel::AttemptErrorsColumn);
    if (a.latencyP50Us != b.latencyP50Us || a.latencyP99Us != b.latencyP99Us)
        changed |= bit(RouteTreeModel::LatencyColumn);
    return changed;
}

bool sameRouteStructure(const QList<RouteSnapshot> &a, const QList<RouteSnapshot> &b) {
    if (a.size() != b.size())
        return false;
    for (int i = 0; i < a.size(); ++i) {
        if (a[i].id != b[i].id || a[i].backends.size() != b[i].backends.size())
            return false;
        for (int j = 0; j < a[i].backends.size(); ++j) {
            if (a[i].backends[j].id != b[i].backends[j].id)
                return false;
        }
    }
    return true;
}
