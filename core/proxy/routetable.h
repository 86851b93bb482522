#pragma once

#include "balancing/balancer.h"
#include "config/gatewayconfig.h"
#include "routing/router.h"

#include <QByteArray>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

// A route as served: its balancer (owning the instances) and its health settings.
struct Route {
    QString id;
    QByteArray path;
    std::unique_ptr<Balancer> balancer;
    std::optional<HealthCheckConfig> healthCheck;
    PassiveHealthConfig passiveHealth;
};

// The routes of one config generation with the Router over their prefixes. Shared by pointer
// with the exchanges that use it, so a reload can swap tables while requests on the old one
// finish on the old settings. Worker thread only.
class RouteTable final {
public:
    // Instances whose route id and URL appear in previous keep their Backend (admin state,
    // health, counters); new ones get fresh ids.
    static std::shared_ptr<RouteTable> build(const QList<RouteConfig> &routes,
                                             const RouteTable *previous);

    struct Match {
        Route *route;
        StrippedTarget
            upstreamTarget; // prefix stripped, query kept, not yet joined with a base path
    };
    std::optional<Match> match(QByteArrayView target) const;

    Route *find(const QString &routeId) const;
    const std::vector<std::unique_ptr<Route>> &routes() const { return m_routes; }

private:
    std::vector<std::unique_ptr<Route>> m_routes;
    Router m_router;
};
