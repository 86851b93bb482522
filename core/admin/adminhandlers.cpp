#include "admin/adminhandlers.h"

#include "admin/adminrouter.h"
#include "admin/admintarget.h"
#include "admin/metricsformatter.h"
#include "admin/statejson.h"
#include "config/configloader.h"
#include "config/valueparsers.h"
#include "export/configexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <functional>
#include <optional>

namespace {

using EndpointHandler = AdminResponse (*)(AdminTarget &target, const AdminRequest &request);
// For endpoints answered after a round trip to another thread (the demo instances).
using DeferredEndpointHandler = void (*)(AdminTarget &target, const AdminRequest &request,
                                         const AdminResponder &responder);

// Demo latency is a fault for watching timeouts and health checks, not a way to park
// connections for good.
constexpr qint64 maxDemoLatencyMs = 600000;

ControlResult invalidArgument(const QString &message) {
    return ControlResult::failure(ControlResult::Error::InvalidArgument, message);
}

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

AdminResponse getState(AdminTarget &target, const AdminRequest &) {
    return AdminResponse::json(200, stateToJson(target.snapshot()));
}

AdminResponse getMetrics(AdminTarget &target, const AdminRequest &) {
    return {200, metricsContentType.toByteArray(), formatMetrics(target.snapshot()), {}};
}

// The running config, runtime changes and the instances' admin states included, as nginx.conf
// or haproxy.cfg (README, "Outgrowing the laptop").
AdminResponse getExport(AdminTarget &target, const AdminRequest &request) {
    const QString engine = request.parameters.value(QByteArrayLiteral("engine"));
    const std::optional<ExportFormat> format = parseExportFormat(engine.toUtf8());
    if (!format) {
        return AdminResponse::error(
            404, QStringLiteral("no export for %1, expected one of %2")
                     .arg(quotedForMessage(engine.toUtf8()),
                          QString::fromLatin1(allExportFormatNames().join(", "))));
    }
    return {200,
            "text/plain; charset=utf-8",
            exportConfig(*format, ExportSource::fromRunning(target.config(), target.snapshot())),
            {}};
}

// A request body that must be a JSON object; nullopt with the failure to answer otherwise.
std::optional<QJsonObject> bodyObject(const AdminRequest &request, ControlResult *error) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = invalidArgument(parseError.error != QJsonParseError::NoError
                                     ? QStringLiteral("body: expected a JSON object (%1 at offset "
                                                      "%2)")
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

// An integer field of a body in [minimum, maximum], validated as the config validates numbers;
// def when absent.
std::optional<qint64> integerField(const QJsonObject &object, const QString &name, qint64 minimum,
                                   qint64 maximum, std::optional<qint64> def,
                                   ControlResult *error) {
    const QJsonValue value = object.value(name);
    if (value.isUndefined()) {
        if (!def)
            *error = invalidArgument(name + QStringLiteral(": missing"));
        return def;
    }
    const Parsed<qint64> number = parseInteger(scalarText(value), minimum, maximum);
    if (!number.value) {
        *error = invalidArgument(name + QStringLiteral(": ") + number.error);
        return std::nullopt;
    }
    return number.value;
}

std::optional<int> weightField(const QJsonObject &object, std::optional<int> def,
                               ControlResult *error) {
    const std::optional<qint64> weight =
        integerField(object, QStringLiteral("weight"), 1, maxBackendWeight, def, error);
    return weight ? std::optional<int>(int(*weight)) : std::nullopt;
}

// What the path of a route command addresses, and what a success answers with.
enum class Addressed { Route, Instance };
enum class Answer { Instance, AddedInstance, Route };

// A command on a route or one of its instances. Gets the route id and, when the path addresses
// an instance, its index (else -1); a body it rejects is an InvalidArgument failure (→ 400).
using RouteCommand = std::function<ControlResult(const QString &routeId, int index)>;

// Every route command: parses the path, runs the command, maps a failure to its status and
// answers a success with what the command changed, as it is now.
AdminResponse runRouteCommand(AdminTarget &target, const AdminRequest &request, Addressed addressed,
                              Answer answer, const RouteCommand &command) {
    const QString routeId = request.parameters.value("route");
    int index = -1;
    if (addressed == Addressed::Instance) {
        const QString indexText = request.parameters.value("index");
        const std::optional<int> parsed = parseBackendIndex(indexText);
        if (!parsed)
            return AdminResponse::error(
                400,
                QStringLiteral("instance index must be a number from 0, not '%1'").arg(indexText));
        index = *parsed;
    }
    const ControlResult result = command(routeId, index);
    if (!result.ok())
        return AdminResponse::failure(result);
    const GatewaySnapshot snapshot = target.snapshot();
    const RouteSnapshot *route = snapshot.findRoute(routeId);
    Q_ASSERT(route);
    switch (answer) {
    case Answer::Instance:
        Q_ASSERT(index >= 0 && index < route->backends.size());
        return AdminResponse::json(200, backendToJson(route->backends[index]));
    case Answer::AddedInstance:
        return AdminResponse::json(201, backendToJson(route->backends.last()));
    case Answer::Route:
        return AdminResponse::json(200, routeToJson(*route));
    }
    Q_UNREACHABLE();
    return {};
}

AdminResponse setAdminState(AdminTarget &target, const AdminRequest &request, AdminState state) {
    return runRouteCommand(target, request, Addressed::Instance, Answer::Instance,
                           [&](const QString &routeId, int index) {
                               return target.setBackendAdminState(routeId, index, state);
                           });
}

AdminResponse enableBackend(AdminTarget &target, const AdminRequest &request) {
    return setAdminState(target, request, AdminState::Enabled);
}

AdminResponse disableBackend(AdminTarget &target, const AdminRequest &request) {
    return setAdminState(target, request, AdminState::Disabled);
}

AdminResponse drainBackend(AdminTarget &target, const AdminRequest &request) {
    return setAdminState(target, request, AdminState::Draining);
}

AdminResponse setWeight(AdminTarget &target, const AdminRequest &request) {
    return runRouteCommand(target, request, Addressed::Instance, Answer::Instance,
                           [&](const QString &routeId, int index) {
                               ControlResult invalid;
                               const std::optional<QJsonObject> body =
                                   bodyObject(request, &invalid);
                               if (!body)
                                   return invalid;
                               const std::optional<int> weight =
                                   weightField(*body, std::nullopt, &invalid);
                               if (!weight)
                                   return invalid;
                               return target.setBackendWeight(routeId, index, *weight);
                           });
}

AdminResponse addBackend(AdminTarget &target, const AdminRequest &request) {
    return runRouteCommand(
        target, request, Addressed::Route, Answer::AddedInstance, [&](const QString &routeId, int) {
            ControlResult invalid;
            const std::optional<QJsonObject> body = bodyObject(request, &invalid);
            if (!body)
                return invalid;
            const QJsonValue urlValue = body->value(QLatin1String("url"));
            if (!urlValue.isString())
                return invalidArgument(QStringLiteral("url: expected a string such as "
                                                      "\"http://127.0.0.1:8085\""));
            const Parsed<QUrl> url = parseTargetUrl(urlValue.toString().toUtf8());
            if (!url.value)
                return invalidArgument(QStringLiteral("url: ") + url.error);
            const std::optional<int> weight = weightField(*body, 1, &invalid);
            if (!weight)
                return invalid;
            const QJsonValue name = body->value(QLatin1String("name"));
            if (!name.isUndefined() && !name.isString())
                return invalidArgument(QStringLiteral("name: expected a string"));
            return target.addBackend(routeId, *url.value, *weight, name.toString());
        });
}

AdminResponse removeBackend(AdminTarget &target, const AdminRequest &request) {
    return runRouteCommand(
        target, request, Addressed::Instance, Answer::Route,
        [&](const QString &routeId, int index) { return target.removeBackend(routeId, index); });
}

AdminResponse setStrategy(AdminTarget &target, const AdminRequest &request) {
    return runRouteCommand(
        target, request, Addressed::Route, Answer::Route, [&](const QString &routeId, int) {
            ControlResult invalid;
            const std::optional<QJsonObject> body = bodyObject(request, &invalid);
            if (!body)
                return invalid;
            const QByteArray name = scalarText(body->value(QLatin1String("strategy")));
            const std::optional<StrategyKind> strategy = parseStrategyName(name);
            if (!strategy)
                return invalidArgument(QStringLiteral("strategy: expected one of %1, found %2")
                                           .arg(QString::fromLatin1(allStrategyNames().join(", ")),
                                                quotedForMessage(name)));
            return target.setRouteStrategy(routeId, *strategy);
        });
}

// Re-reads the file the gateway was started with. Errors leave the running config as it is.
AdminResponse reloadConfig(AdminTarget &target, const AdminRequest &) {
    if (!target.isRunning())
        return AdminResponse::error(409, QStringLiteral("the gateway is not running"));
    const QString file = target.config().sourceFile;
    if (file.isEmpty())
        return AdminResponse::error(409, QStringLiteral("the running config was not loaded from "
                                                        "a file"));
    const ConfigLoadResult loaded = loadConfigFile(file);
    if (!loaded.ok()) {
        target.reportReloadFailure(loaded.errors);
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
    const ControlResult result = target.reload(*loaded.config);
    if (!result.ok())
        return AdminResponse::failure(result);
    return AdminResponse::json(
        200, QJsonObject{{QLatin1String("message"), result.message},
                         {QLatin1String("config_file"), file},
                         {QLatin1String("routes"), int(target.config().routes.size())}});
}

// GET /api/route-test?path=...[&client=...]: the route tester (Gateway::previewRoute).
AdminResponse testRoute(AdminTarget &target, const AdminRequest &request) {
    const QUrlQuery query(QString::fromUtf8(request.query));
    for (const auto &[name, value] : query.queryItems()) {
        if (name != QLatin1String("path") && name != QLatin1String("client"))
            return AdminResponse::error(
                400, QStringLiteral("unknown query parameter '%1' (expected path and, optionally, "
                                    "client)")
                         .arg(name));
    }
    if (!query.hasQueryItem(QStringLiteral("path")))
        return AdminResponse::error(400, QStringLiteral("path: missing; give the request target "
                                                        "to test, URL-encoded, as "
                                                        "?path=/service-a/x"));
    const QByteArray path =
        query.queryItemValue(QStringLiteral("path"), QUrl::FullyDecoded).toUtf8();
    const QByteArray client =
        query.queryItemValue(QStringLiteral("client"), QUrl::FullyDecoded).toLatin1();
    const RoutePreview preview = target.previewRoute(path, client);
    switch (preview.outcome) {
    case RoutePreview::Outcome::InvalidInput:
        return AdminResponse::error(400, preview.message);
    case RoutePreview::Outcome::NotRunning:
        return AdminResponse::error(409, preview.message);
    case RoutePreview::Outcome::Forwarded:
    case RoutePreview::Outcome::NoRoute:
    case RoutePreview::Outcome::NoInstance:
        break;
    }
    return AdminResponse::json(200, routePreviewToJson(preview));
}

// The answer to a demo command: the instance it addressed as it is now (every instance for a
// ReadState), or the failure.
AdminResponse demoAnswer(const DemoCommand &command, const DemoCommandResult &result) {
    switch (result.error) {
    case DemoCommandResult::Error::None:
        break;
    case DemoCommandResult::Error::UnknownPort:
        return AdminResponse::error(404, result.message);
    case DemoCommandResult::Error::Failed:
    case DemoCommandResult::Error::NotConfigured:
        return AdminResponse::error(409, result.message);
    }
    if (command.kind == DemoCommand::Kind::ReadState) {
        QJsonArray instances;
        for (const DemoInstanceState &instance : result.instances)
            instances.append(demoInstanceToJson(instance));
        return AdminResponse::json(200, QJsonObject{{QLatin1String("instances"), instances}});
    }
    for (const DemoInstanceState &instance : result.instances) {
        if (instance.port == command.port)
            return AdminResponse::json(200, demoInstanceToJson(instance));
    }
    Q_UNREACHABLE(); // the demo thread found the instance
    return {};
}

void runDemoCommand(AdminTarget &target, const DemoCommand &command,
                    const AdminResponder &responder) {
    target.controlDemo(command, responder.context(),
                       [command, responder](const DemoCommandResult &result) {
                           responder.answer(demoAnswer(command, result));
                       });
}

// Builds the command for the instance on port from the request body; nullopt with the failure
// otherwise.
using DemoCommandBuilder =
    std::function<std::optional<DemoCommand>(quint16 port, ControlResult *invalid)>;

// Every demo instance command: parses the port of the path, builds the command, runs it in the
// demo thread and answers when it is done.
void runDemoInstanceCommand(AdminTarget &target, const AdminRequest &request,
                            const AdminResponder &responder, const DemoCommandBuilder &build) {
    const QString portText = request.parameters.value("port");
    const Parsed<qint64> port = parseInteger(portText.toUtf8(), 1, 65535);
    if (!port.value) {
        responder.answer(AdminResponse::error(400, QStringLiteral("port: ") + port.error));
        return;
    }
    ControlResult invalid;
    const std::optional<DemoCommand> command = build(quint16(*port.value), &invalid);
    if (!command) {
        responder.answer(AdminResponse::failure(invalid));
        return;
    }
    runDemoCommand(target, *command, responder);
}

void getDemo(AdminTarget &target, const AdminRequest &, const AdminResponder &responder) {
    runDemoCommand(target, DemoCommand::readState(), responder);
}

void killDemo(AdminTarget &target, const AdminRequest &request, const AdminResponder &responder) {
    runDemoInstanceCommand(target, request, responder,
                           [](quint16 port, ControlResult *) { return DemoCommand::kill(port); });
}

void reviveDemo(AdminTarget &target, const AdminRequest &request, const AdminResponder &responder) {
    runDemoInstanceCommand(target, request, responder,
                           [](quint16 port, ControlResult *) { return DemoCommand::revive(port); });
}

void setDemoLatency(AdminTarget &target, const AdminRequest &request,
                    const AdminResponder &responder) {
    runDemoInstanceCommand(
        target, request, responder,
        [&request](quint16 port, ControlResult *invalid) -> std::optional<DemoCommand> {
            const std::optional<QJsonObject> body = bodyObject(request, invalid);
            if (!body)
                return std::nullopt;
            const std::optional<qint64> ms = integerField(*body, QStringLiteral("ms"), 0,
                                                          maxDemoLatencyMs, std::nullopt, invalid);
            if (!ms)
                return std::nullopt;
            return DemoCommand::setLatency(port, std::chrono::milliseconds(*ms));
        });
}

void setDemoErrorRate(AdminTarget &target, const AdminRequest &request,
                      const AdminResponder &responder) {
    runDemoInstanceCommand(
        target, request, responder,
        [&request](quint16 port, ControlResult *invalid) -> std::optional<DemoCommand> {
            const std::optional<QJsonObject> body = bodyObject(request, invalid);
            if (!body)
                return std::nullopt;
            const std::optional<qint64> percent =
                integerField(*body, QStringLiteral("percent"), 0, 100, std::nullopt, invalid);
            if (!percent)
                return std::nullopt;
            return DemoCommand::setErrorRate(port, int(*percent));
        });
}

void setDemoResetMidResponse(AdminTarget &target, const AdminRequest &request,
                             const AdminResponder &responder) {
    runDemoInstanceCommand(
        target, request, responder,
        [&request](quint16 port, ControlResult *invalid) -> std::optional<DemoCommand> {
            const std::optional<QJsonObject> body = bodyObject(request, invalid);
            if (!body)
                return std::nullopt;
            const QJsonValue enabled = body->value(QLatin1String("enabled"));
            if (!enabled.isBool()) {
                *invalid = invalidArgument(
                    enabled.isUndefined()
                        ? QStringLiteral("enabled: missing")
                        : QStringLiteral("enabled: expected true or false, found %1")
                              .arg(quotedForMessage(scalarText(enabled))));
                return std::nullopt;
            }
            return DemoCommand::setResetMidResponse(port, enabled.toBool());
        });
}

struct Endpoint {
    const char *method;
    const char *pattern;
    EndpointHandler handler;
};

struct DeferredEndpoint {
    const char *method;
    const char *pattern;
    DeferredEndpointHandler handler;
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
    {"GET", "/api/route-test", &testRoute},
    {"GET", "/metrics", &getMetrics},
    {"GET", "/api/export/{engine}", &getExport},
};

// The demo instances serve in their own thread, so these answer after a round trip there.
constexpr DeferredEndpoint deferredEndpoints[] = {
    {"GET", "/api/demo", &getDemo},
    {"POST", "/api/demo/{port}/kill", &killDemo},
    {"POST", "/api/demo/{port}/revive", &reviveDemo},
    {"PUT", "/api/demo/{port}/latency", &setDemoLatency},
    {"PUT", "/api/demo/{port}/error-rate", &setDemoErrorRate},
    {"PUT", "/api/demo/{port}/reset-mid-response", &setDemoResetMidResponse},
};

} // namespace

void addAdminEndpoints(AdminRouter &router, AdminTarget &target) {
    for (const Endpoint &endpoint : endpoints) {
        const EndpointHandler handler = endpoint.handler;
        router.add(
            endpoint.method, endpoint.pattern,
            [&target, handler](const AdminRequest &request) { return handler(target, request); });
    }
    for (const DeferredEndpoint &endpoint : deferredEndpoints) {
        const DeferredEndpointHandler handler = endpoint.handler;
        router.addDeferred(
            endpoint.method, endpoint.pattern,
            [&target, handler](const AdminRequest &request, const AdminResponder &responder) {
                handler(target, request, responder);
            });
    }
}
