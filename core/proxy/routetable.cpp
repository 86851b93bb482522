#include "proxy/routetable.h"

#include <QHash>
#include <atomic>

namespace {

quint64 nextBackendId() {
    static std::atomic<quint64> lastId{0};
    return ++lastId;
}

QString instanceKey(const QString &routeId, const QUrl &url) {
    return routeId + QLatin1Char('\n') + url.toString();
}

} // namespace

std::shared_ptr<RouteTable> RouteTable::build(const QList<RouteConfig> &routes,
                                              const RouteTable *previous) {
    QHash<QString, BackendPtr> kept;
    if (previous) {
        for (const std::unique_ptr<Route> &route : previous->m_routes) {
            for (const BackendPtr &backend : route->balancer->backends())
                kept.insert(instanceKey(route->id, backend->url), backend);
        }
    }

    auto table = std::make_shared<RouteTable>();
    QList<RoutePrefix> prefixes;
    for (const RouteConfig &config : routes) {
        QList<BackendPtr> backends;
        for (const TargetConfig &target : config.targets) {
            BackendPtr backend = kept.value(instanceKey(config.id, target.url));
            if (!backend) {
                backend = std::make_shared<Backend>(nextBackendId(), target.url, target.weight,
                                                    target.name);
            } else {
                // Same route, same URL: the same instance, with what the config now says.
                backend->weight = target.weight;
                backend->setName(target.name);
            }
            backends.append(std::move(backend));
        }
        auto route = std::make_unique<Route>();
        route->id = config.id;
        route->path = config.path;
        route->balancer = createBalancer(config.strategy, std::move(backends));
        // The route's instances changed (or not, on a plain reload): the strategy carries on
        // where it stood, unless the strategy itself changed.
        if (const Route *before = previous ? previous->find(config.id) : nullptr;
            before && before->balancer->kind() == config.strategy)
            route->balancer->continueFrom(*before->balancer);
        route->healthCheck = config.healthCheck;
        route->passiveHealth = config.passiveHealth;
        prefixes.append({int(table->m_routes.size()), config.path});
        table->m_routes.push_back(std::move(route));
    }
    table->m_router = Router(prefixes);
    return table;
}

std::optional<RouteTable::Match> RouteTable::match(QByteArrayView target) const {
    std::optional<RouteMatch> match = m_router.match(target);
    if (!match)
        return std::nullopt;
    return Match{m_routes[size_t(match->routeIndex)].get(), std::move(match->upstreamTarget)};
}

Route *RouteTable::find(const QString &routeId) const {
    for (const std::unique_ptr<Route> &route : m_routes) {
        if (route->id == routeId)
            return route.get();
    }
    return nullptr;
}
