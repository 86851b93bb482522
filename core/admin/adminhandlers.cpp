#include "admin/adminhandlers.h"

#include "admin/adminrouter.h"
#include "admin/metricsformatter.h"
#include "admin/statejson.h"
#include "gateway/gateway.h"

#include <optional>

namespace {

using EndpointHandler = AdminResponse (*)(Gateway &gateway, const AdminRequest &request);

// An instance index as the API takes it: a plain decimal number, 0-based.
std::optional<int> parseBackendIndex(const QString &text) {
    if (text.isEmpty())
        return std::nullopt;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    }
    bool ok = false;
    const int index = text.toInt(&ok);
    return ok ? std::optional<int>(index) : std::nullopt;
}

AdminResponse getState(Gateway &gateway, const AdminRequest &) {
    return AdminResponse::json(200, stateToJson(gateway.snapshot()));
}

AdminResponse getMetrics(Gateway &gateway, const AdminRequest &) {
    return {200, metricsContentType.toByteArray(), formatMetrics(gateway.snapshot()), {}};
}

// Answers with the instance as it is now, so the caller sees the change it made.
AdminResponse setAdminState(Gateway &gateway, const AdminRequest &request, AdminState state) {
    const QString routeId = request.parameters.value("route");
    const QString indexText = request.parameters.value("index");
    const std::optional<int> index = parseBackendIndex(indexText);
    if (!index) {
        return AdminResponse::error(400, QStringLiteral("instance index must be a number from 0, "
                                                        "not '%1'")
                                             .arg(indexText));
    }
    const ControlResult result = gateway.setBackendAdminState(routeId, *index, state);
    if (!result.ok())
        return AdminResponse::failure(result);
    const GatewaySnapshot snapshot = gateway.snapshot();
    const RouteSnapshot *route = snapshot.findRoute(routeId);
    Q_ASSERT(route && *index < route->backends.size());
    return AdminResponse::json(200, backendToJson(route->backends[*index]));
}

AdminResponse enableBackend(Gateway &gateway, const AdminRequest &request) {
    return setAdminState(gateway, request, AdminState::Enabled);
}

AdminResponse disableBackend(Gateway &gateway, const AdminRequest &request) {
    return setAdminState(gateway, request, AdminState::Disabled);
}

struct Endpoint {
    const char *method;
    const char *pattern;
    EndpointHandler handler;
};

// The admin API: one row per endpoint (patterns as AdminRouter describes them).
constexpr Endpoint endpoints[] = {
    {"GET", "/api/state", &getState},
    {"POST", "/api/routes/{route}/backends/{index}/enable", &enableBackend},
    {"POST", "/api/routes/{route}/backends/{index}/disable", &disableBackend},
    {"GET", "/metrics", &getMetrics},
};

} // namespace

void addAdminEndpoints(AdminRouter &router, Gateway &gateway) {
    for (const Endpoint &endpoint : endpoints) {
        const EndpointHandler handler = endpoint.handler;
        router.add(
            endpoint.method, endpoint.pattern,
            [&gateway, handler](const AdminRequest &request) { return handler(gateway, request); });
    }
}
