#include "admin/adminhandlers.h"

#include "admin/adminrouter.h"
#include "admin/metricsformatter.h"
#include "admin/statejson.h"
#include "config/configloader.h"
#include "config/valueparsers.h"
#include "gateway/gateway.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

AdminResponse drainBackend(Gateway &gateway, const AdminRequest &request) {
    return setAdminState(gateway, request, AdminState::Draining);
}

// A request body that must be a JSON object; nullopt with the 400 to answer otherwise.
std::optional<QJsonObject> bodyObject(const AdminRequest &request, AdminResponse *error) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = AdminResponse::error(
            400, parseError.error != QJsonParseError::NoError
                     ? QStringLiteral("body: expected a JSON object (%1 at offset %2)")
                           .arg(parseError.errorString())
                           .arg(parseError.offset)
                     : QStringLiteral("body: expected a JSON object"));
        return std::nullopt;
    }
    return document.object();
}

// A JSON value as the config's parsers take it: numbers as their decimal text, strings as they
// are, so "weight": 2.5 and "weight": "x" fail with the config's own message.
QByteArray scalarText(const QJsonValue &value) {
    if (value.isDouble()) {
        const double number = value.toDouble();
        return number == qint64(number) ? QByteArray::number(qint64(number))
                                        : QByteArray::number(number);
    }
    if (value.isString())
        return value.toString().toUtf8();
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

// The weight field of a body, validated as the config validates it; def when absent.
std::optional<int> weightField(const QJsonObject &object, std::optional<int> def,
                               AdminResponse *error) {
    const QJsonValue value = object.value(QLatin1String("weight"));
    if (value.isUndefined()) {
        if (!def)
            *error = AdminResponse::error(400, QStringLiteral("weight: missing"));
        return def;
    }
    const Parsed<qint64> weight = parseInteger(scalarText(value), 1, maxBackendWeight);
    if (!weight.value) {
        *error = AdminResponse::error(400, QStringLiteral("weight: ") + weight.error);
        return std::nullopt;
    }
    return int(*weight.value);
}

AdminResponse routeNow(Gateway &gateway, const QString &routeId, int status) {
    const GatewaySnapshot snapshot = gateway.snapshot();
    const RouteSnapshot *route = snapshot.findRoute(routeId);
    Q_ASSERT(route);
    return AdminResponse::json(status, routeToJson(*route));
}

AdminResponse setWeight(Gateway &gateway, const AdminRequest &request) {
    const QString routeId = request.parameters.value("route");
    const QString indexText = request.parameters.value("index");
    const std::optional<int> index = parseBackendIndex(indexText);
    if (!index)
        return AdminResponse::error(
            400, QStringLiteral("instance index must be a number from 0, not '%1'").arg(indexText));
    AdminResponse error;
    const std::optional<QJsonObject> body = bodyObject(request, &error);
    if (!body)
        return error;
    const std::optional<int> weight = weightField(*body, std::nullopt, &error);
    if (!weight)
        return error;
    const ControlResult result = gateway.setBackendWeight(routeId, *index, *weight);
    if (!result.ok())
        return AdminResponse::failure(result);
    const GatewaySnapshot snapshot = gateway.snapshot();
    return AdminResponse::json(200, backendToJson(snapshot.findRoute(routeId)->backends[*index]));
}

AdminResponse addBackend(Gateway &gateway, const AdminRequest &request) {
    const QString routeId = request.parameters.value("route");
    AdminResponse error;
    const std::optional<QJsonObject> body = bodyObject(request, &error);
    if (!body)
        return error;
    const QJsonValue urlValue = body->value(QLatin1String("url"));
    if (!urlValue.isString())
        return AdminResponse::error(400, QStringLiteral("url: expected a string such as "
                                                        "\"http://127.0.0.1:8085\""));
    const Parsed<QUrl> url = parseTargetUrl(urlValue.toString().toUtf8());
    if (!url.value)
        return AdminResponse::error(400, QStringLiteral("url: ") + url.error);
    const std::optional<int> weight = weightField(*body, 1, &error);
    if (!weight)
        return error;
    const QJsonValue name = body->value(QLatin1String("name"));
    if (!name.isUndefined() && !name.isString())
        return AdminResponse::error(400, QStringLiteral("name: expected a string"));
    const ControlResult result = gateway.addBackend(routeId, *url.value, *weight, name.toString());
    if (!result.ok())
        return AdminResponse::failure(result);
    const GatewaySnapshot snapshot = gateway.snapshot();
    return AdminResponse::json(201, backendToJson(snapshot.findRoute(routeId)->backends.last()));
}

AdminResponse removeBackend(Gateway &gateway, const AdminRequest &request) {
    const QString routeId = request.parameters.value("route");
    const QString indexText = request.parameters.value("index");
    const std::optional<int> index = parseBackendIndex(indexText);
    if (!index)
        return AdminResponse::error(
            400, QStringLiteral("instance index must be a number from 0, not '%1'").arg(indexText));
    const ControlResult result = gateway.removeBackend(routeId, *index);
    if (!result.ok())
        return AdminResponse::failure(result);
    return routeNow(gateway, routeId, 200);
}

AdminResponse setStrategy(Gateway &gateway, const AdminRequest &request) {
    const QString routeId = request.parameters.value("route");
    AdminResponse error;
    const std::optional<QJsonObject> body = bodyObject(request, &error);
    if (!body)
        return error;
    const QByteArray name = scalarText(body->value(QLatin1String("strategy")));
    const std::optional<StrategyKind> strategy = parseStrategyName(name);
    if (!strategy)
        return AdminResponse::error(
            400,
            QStringLiteral("strategy: expected one of %1, found %2")
                .arg(QString::fromLatin1(allStrategyNames().join(", ")), quotedForMessage(name)));
    const ControlResult result = gateway.setRouteStrategy(routeId, *strategy);
    if (!result.ok())
        return AdminResponse::failure(result);
    return routeNow(gateway, routeId, 200);
}

// Re-reads the file the gateway was started with. Errors leave the running config as it is.
AdminResponse reloadConfig(Gateway &gateway, const AdminRequest &) {
    const QString file = gateway.config().sourceFile;
    if (file.isEmpty())
        return AdminResponse::error(409, QStringLiteral("the running config was not loaded from "
                                                        "a file"));
    const ConfigLoadResult loaded = loadConfigFile(file);
    if (!loaded.ok()) {
        QJsonArray errors;
        for (const ConfigError &configError : loaded.errors) {
            errors.append(QJsonObject{{QLatin1String("file"), configError.file},
                                      {QLatin1String("line"), configError.line},
                                      {QLatin1String("column"), configError.column},
                                      {QLatin1String("message"), configError.message}});
        }
        return AdminResponse::json(
            422, QJsonObject{{QLatin1String("error"),
                              QStringLiteral("%1 has %2 error(s); the running config is unchanged")
                                  .arg(file)
                                  .arg(loaded.errors.size())},
                             {QLatin1String("errors"), errors}});
    }
    const ControlResult result = gateway.reload(*loaded.config);
    if (!result.ok())
        return AdminResponse::failure(result);
    return AdminResponse::json(
        200, QJsonObject{{QLatin1String("message"), result.message},
                         {QLatin1String("config_file"), file},
                         {QLatin1String("routes"), int(gateway.config().routes.size())}});
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
    {"POST", "/api/routes/{route}/backends/{index}/drain", &drainBackend},
    {"PUT", "/api/routes/{route}/backends/{index}/weight", &setWeight},
    {"POST", "/api/routes/{route}/backends", &addBackend},
    {"DELETE", "/api/routes/{route}/backends/{index}", &removeBackend},
    {"PUT", "/api/routes/{route}/strategy", &setStrategy},
    {"POST", "/api/reload", &reloadConfig},
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
