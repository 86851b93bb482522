#include "export/exportsource.h"

AdminState ExportSource::adminState(const QString &routeId, qsizetype index) const {
    const auto found = adminStates.constFind(routeId);
    if (found == adminStates.cend() || index >= found->size())
        return AdminState::Enabled;
    return found->at(index);
}

ExportSource ExportSource::fromRunning(GatewayConfig config, const GatewaySnapshot &snapshot) {
    ExportSource source;
    for (RouteConfig &route : config.routes) {
        const RouteSnapshot *running = snapshot.findRoute(route.id);
        if (!running)
            continue;
        route.strategy = running->strategy;
        QList<AdminState> states;
        for (qsizetype i = 0; i < route.targets.size(); ++i) {
            const bool same = i < running->backends.size() &&
                              running->backends[i].url == route.targets[i].url.toString();
            states.append(same ? running->backends[i].adminState : AdminState::Enabled);
            if (same)
                route.targets[i].weight = running->backends[i].weight;
        }
        source.adminStates.insert(route.id, states);
    }
    source.config = std::move(config);
    return source;
}
