#include "config/configreader.h"

#include "model/instancestate.h"

#include <QHash>
#include <QStringList>
#include <algorithm>
#include <yaml-cpp/node/impl.h>
#include <yaml-cpp/node/iterator.h>

namespace {

constexpr qint64 maxProbeThreshold = 100;
constexpr qint64 maxFails = 1000;
constexpr Milliseconds maxDemoLatency{600000};
constexpr qint64 maxCaptureBodyLimit = qint64(1) << 30;
constexpr qint64 maxCaptureMemory = qint64(16) << 30;

// A header name is an RFC 9110 §5.1 token.
bool isHeaderName(const QByteArray &name) {
    static constexpr QByteArrayView tokenPunctuation = "!#$%&'*+-.^_`|~";
    return !name.isEmpty() && std::all_of(name.cbegin(), name.cend(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               tokenPunctuation.contains(c);
    });
}

QString routeIdFromPath(const QByteArray &path) {
    return path == "/" ? QStringLiteral("root") : QString::fromUtf8(path.sliced(1));
}

QString strategyNamesForMessage() {
    QStringList names;
    for (const QByteArray &name : allStrategyNames())
        names.append(QString::fromLatin1(name));
    return names.join(QStringLiteral(", ")) +
           QStringLiteral(" (or the blog's round, random, leastConn, weight)");
}

} // namespace

ConfigReader::ConfigReader(YamlFieldReader &fields)
    : m_fields(fields) {}

GatewayConfig ConfigReader::read(const YAML::Node &root) {
    GatewayConfig config;
    const std::optional<YamlFieldReader::Entries> entries = m_fields.readMapping(
        root, QStringLiteral("the top level"),
        {"server", "admin", "health_check", "limits", "demo", "capture", "routes"});
    if (!entries)
        return config;

    // Routes inherit the top-level health_check wherever it stands in the file.
    std::optional<HealthCheckConfig> defaultHealthCheck;
    const Entry *routes = nullptr;
    for (const Entry &entry : *entries) {
        if (entry.key == "server")
            readServer(entry, config.listen);
        else if (entry.key == "admin")
            config.admin = readAdmin(entry);
        else if (entry.key == "health_check")
            defaultHealthCheck = readHealthCheck(entry, HealthCheckConfig());
        else if (entry.key == "limits")
            readLimits(entry, config.limits);
        else if (entry.key == "demo")
            readDemo(entry, config.demo);
        else if (entry.key == "capture")
            readCapture(entry, config.capture);
        else if (entry.key == "routes")
            routes = &entry;
    }
    if (routes) {
        config.routes = readRoutes(*routes, defaultHealthCheck);
    } else {
        m_fields.addError(
            root.Mark(), QStringLiteral("no routes: expected a routes: list such as "
                                        "\"routes: [{path: /a, target: http://127.0.0.1:8081}]\""));
    }
    return config;
}

void ConfigReader::readServer(const Entry &entry, ListenAddress &listen) {
    const std::optional<YamlFieldReader::Entries> entries =
        m_fields.readMapping(entry.value, QStringLiteral("server"), {"listen", "port"});
    if (!entries)
        return;
    if (entries->size() == 2) {
        m_fields.addError(entries->at(1).keyNode.Mark(),
                          QStringLiteral("server: expected either listen: or port:, found both"));
    }
    for (const Entry &setting : *entries) {
        if (setting.key == "listen") {
            if (const auto address = m_fields.readValue(setting, QStringLiteral("ADDRESS:PORT"),
                                                        parseListenAddress)) {
                listen = *address;
            }
        } else if (const auto port =
                       m_fields.readValue(setting, QStringLiteral("a port"), parseBarePort)) {
            // The blog's ":8080" would be every interface in Go; a desktop tool binds loopback
            // unless told otherwise (README, "Config", `server`).
            listen = {QHostAddress(QHostAddress::LocalHost), *port};
        }
    }
}

std::optional<ListenAddress> ConfigReader::readAdmin(const Entry &entry) {
    const std::optional<YamlFieldReader::Entries> entries =
        m_fields.readMapping(entry.value, QStringLiteral("admin"), {"listen"});
    if (!entries)
        return std::nullopt;
    if (entries->isEmpty()) {
        m_fields.addError(
            entry.value.Mark(),
            QStringLiteral("admin: expected listen: ADDRESS:PORT (leave admin out to disable "
                           "the admin API)"));
        return std::nullopt;
    }
    return m_fields.readValue(entries->first(), QStringLiteral("ADDRESS:PORT"), parseListenAddress);
}

void ConfigReader::readLimits(const Entry &entry, LimitsConfig &limits) {
    const std::optional<YamlFieldReader::Entries> entries = m_fields.readMapping(
        entry.value, QStringLiteral("limits"),
        {"max_header_bytes", "max_body_bytes", "header_timeout", "idle_timeout", "connect_timeout",
         "response_timeout", "tunnel_timeout", "max_connections"});
    if (!entries)
        return;
    const auto assign = [](auto &field, const auto &value) {
        if (value)
            field = *value;
    };
    for (const Entry &setting : *entries) {
        if (setting.key == "max_header_bytes")
            assign(limits.maxHeaderBytes, m_fields.readInteger(setting, 1024, 16 * 1024 * 1024));
        else if (setting.key == "max_body_bytes")
            assign(limits.maxBodyBytes, m_fields.readInteger(setting, 0, qint64(1) << 40));
        else if (setting.key == "header_timeout")
            assign(limits.headerTimeout, m_fields.readDuration(setting));
        else if (setting.key == "idle_timeout")
            assign(limits.idleTimeout, m_fields.readDuration(setting));
        else if (setting.key == "connect_timeout")
            assign(limits.connectTimeout, m_fields.readDuration(setting));
        else if (setting.key == "response_timeout")
            assign(limits.responseTimeout, m_fields.readDuration(setting));
        else if (setting.key == "tunnel_timeout")
            assign(limits.tunnelTimeout, m_fields.readDuration(setting));
        else if (setting.key == "max_connections")
            assign(limits.maxConnections, m_fields.readInteger(setting, 1, 1000000));
    }
}

void ConfigReader::readDemo(const Entry &entry, DemoConfig &demo) {
    const std::optional<YamlFieldReader::Entries> entries =
        m_fields.readMapping(entry.value, QStringLiteral("demo"), {"backends"});
    if (!entries || entries->isEmpty())
        return;
    const YAML::Node backends = entries->first().value;
    if (!backends.IsSequence()) {
        m_fields.addError(YamlFieldReader::markOf(entries->first()),
                          QStringLiteral("backends: expected a list of ports such as [8081, 8082] "
                                         "or of {port, latency, error_rate, reset_mid_response} "
                                         "items, found %1")
                              .arg(YamlFieldReader::describe(backends)));
        return;
    }
    for (const YAML::Node &item : backends) {
        DemoFaultsConfig faults;
        YAML::Mark portMark = item.Mark();
        const std::optional<quint16> port = readDemoBackend(item, faults, portMark);
        if (!port)
            continue;
        if (demo.backendPorts.contains(*port)) {
            m_fields.addError(portMark,
                              QStringLiteral("backends: port %1 is listed twice").arg(*port));
        } else {
            demo.backendPorts.append(*port);
            demo.backendFaults.append(faults);
        }
    }
}

void ConfigReader::readCapture(const Entry &entry, CaptureConfig &capture) {
    const std::optional<YamlFieldReader::Entries> entries =
        m_fields.readMapping(entry.value, QStringLiteral("capture"),
                             {"enabled", "body_limit", "memory", "mask_headers"});
    if (!entries)
        return;
    const Entry *bodyLimitEntry = nullptr;
    const Entry *memoryEntry = nullptr;
    for (const Entry &setting : *entries) {
        if (setting.key == "enabled") {
            if (const auto enabled =
                    m_fields.readValue(setting, QStringLiteral("true or false"), parseBoolean))
                capture.enabled = *enabled;
        } else if (setting.key == "body_limit") {
            if (const auto size = readCaptureSize(setting, maxCaptureBodyLimit)) {
                capture.bodyLimit = *size;
                bodyLimitEntry = &setting;
            }
        } else if (setting.key == "memory") {
            if (const auto size = readCaptureSize(setting, maxCaptureMemory)) {
                capture.memoryLimit = *size;
                memoryEntry = &setting;
            }
        } else if (setting.key == "mask_headers") {
            readMaskHeaders(setting, capture.maskHeaders);
        }
    }
    if (capture.bodyLimit <= capture.memoryLimit)
        return;
    const QString bodyLimit = formatByteSize(capture.bodyLimit);
    const QString memory = formatByteSize(capture.memoryLimit);
    if (bodyLimitEntry) {
        m_fields.addError(YamlFieldReader::markOf(*bodyLimitEntry),
                          QStringLiteral("body_limit: %1 is more than memory (%2), so a body that "
                                         "size could never be kept")
                              .arg(bodyLimit, memory));
    } else if (memoryEntry) {
        m_fields.addError(YamlFieldReader::markOf(*memoryEntry),
                          QStringLiteral("memory: %1 is less than body_limit (%2 by default): "
                                         "lower body_limit too")
                              .arg(memory, bodyLimit));
    }
}

std::optional<qint64> ConfigReader::readCaptureSize(const Entry &entry, qint64 maximum) {
    return m_fields.readValue(
        entry, QStringLiteral("a size such as 1MiB"),
        [maximum](QByteArrayView text) { return parseByteSize(text, 0, maximum); });
}

void ConfigReader::readMaskHeaders(const Entry &entry, QList<QByteArray> &names) {
    if (!entry.value.IsSequence()) {
        m_fields.addError(YamlFieldReader::markOf(entry),
                          QStringLiteral("mask_headers: expected a list of header names such as "
                                         "[X-Api-Key], found %1")
                              .arg(YamlFieldReader::describe(entry.value)));
        return;
    }
    for (const YAML::Node &item : entry.value) {
        const QByteArray name =
            item.IsScalar() ? QByteArray::fromStdString(item.Scalar()) : QByteArray();
        if (!isHeaderName(name)) {
            m_fields.addError(item.Mark(),
                              QStringLiteral("mask_headers: expected a header name such as "
                                             "X-Api-Key, found %1")
                                  .arg(YamlFieldReader::describe(item)));
            continue;
        }
        names.append(name);
    }
}

std::optional<quint16> ConfigReader::readDemoBackend(const YAML::Node &node,
                                                     DemoFaultsConfig &faults,
                                                     YAML::Mark &portMark) {
    if (!node.IsMap()) {
        const Parsed<qint64> port =
            node.IsScalar()
                ? parseInteger(node.Scalar(), 1, 65535)
                : Parsed<qint64>::failure(
                      QStringLiteral("expected a port or a {port, latency, ...} mapping, found %1")
                          .arg(YamlFieldReader::describe(node)));
        if (!port.value) {
            m_fields.addError(node.Mark(), QStringLiteral("backends: ") + port.error);
            return std::nullopt;
        }
        return quint16(*port.value);
    }
    const std::optional<YamlFieldReader::Entries> entries = m_fields.readMapping(
        node, QStringLiteral("backends"), {"port", "latency", "error_rate", "reset_mid_response"});
    if (!entries)
        return std::nullopt;
    std::optional<quint16> port;
    bool hasPort = false;
    bool valid = true;
    for (const Entry &setting : *entries) {
        if (setting.key == "port") {
            hasPort = true;
            portMark = YamlFieldReader::markOf(setting);
            const auto value = m_fields.readInteger(setting, 1, 65535);
            if (value)
                port = quint16(*value);
        } else if (setting.key == "latency") {
            const auto latency = m_fields.readDuration(setting);
            if (latency && *latency > maxDemoLatency) {
                // The admin API's limit too: a longer hold only looks like a hang.
                m_fields.addError(YamlFieldReader::markOf(setting),
                                  QStringLiteral("latency: expected a duration from 1ms to 10m, "
                                                 "found %1")
                                      .arg(quotedForMessage(setting.value.Scalar())));
                valid = false;
            } else if (latency) {
                faults.latency = *latency;
            } else {
                valid = false;
            }
        } else if (setting.key == "error_rate") {
            const auto percent = m_fields.readInteger(setting, 0, 100);
            valid = valid && percent.has_value();
            faults.errorRatePercent = int(percent.value_or(0));
        } else {
            const auto reset =
                m_fields.readValue(setting, QStringLiteral("true or false"), parseBoolean);
            valid = valid && reset.has_value();
            faults.resetMidResponse = reset.value_or(false);
        }
    }
    if (!hasPort) {
        m_fields.addError(node.Mark(),
                          QStringLiteral("backends: expected port: (such as {port: 8083, "
                                         "latency: 500ms}), found none"));
    }
    if (!valid)
        return std::nullopt;
    return port;
}

std::optional<HealthCheckConfig> ConfigReader::readHealthCheck(const Entry &entry,
                                                               HealthCheckConfig base) {
    const std::optional<YamlFieldReader::Entries> entries =
        m_fields.readMapping(entry.value, QStringLiteral("health_check"),
                             {"path", "interval", "timeout", "rise", "fall"});
    if (!entries)
        return std::nullopt;
    for (const Entry &setting : *entries) {
        if (setting.key == "path") {
            if (const auto path =
                    m_fields.readValue(setting, QStringLiteral("a path"), parseProbePath))
                base.path = *path;
        } else if (setting.key == "interval" || setting.key == "timeout") {
            if (const auto duration = m_fields.readDuration(setting))
                (setting.key == "interval" ? base.interval : base.timeout) = *duration;
        } else if (const auto count = m_fields.readInteger(setting, 1, maxProbeThreshold)) {
            (setting.key == "rise" ? base.rise : base.fall) = int(*count);
        }
    }
    return base;
}

void ConfigReader::readPassiveHealth(const Entry &entry, PassiveHealthConfig &passiveHealth) {
    const std::optional<YamlFieldReader::Entries> entries = m_fields.readMapping(
        entry.value, QStringLiteral("passive_health"), {"max_fails", "fail_timeout", "count_5xx"});
    if (!entries)
        return;
    for (const Entry &setting : *entries) {
        if (setting.key == "max_fails") {
            if (const auto fails = m_fields.readInteger(setting, 0, maxFails))
                passiveHealth.maxFails = int(*fails);
        } else if (setting.key == "count_5xx") {
            if (const auto count =
                    m_fields.readValue(setting, QStringLiteral("true or false"), parseBoolean))
                passiveHealth.count5xx = *count;
        } else if (const auto timeout = m_fields.readDuration(setting)) {
            passiveHealth.failTimeout = *timeout;
        }
    }
}

QList<RouteConfig>
ConfigReader::readRoutes(const Entry &entry,
                         const std::optional<HealthCheckConfig> &defaultHealthCheck) {
    QList<RouteConfig> routes;
    if (!entry.value.IsSequence() || entry.value.size() == 0) {
        m_fields.addError(
            YamlFieldReader::markOf(entry),
            QStringLiteral("routes: expected a list of routes (\"- path: ...\" items), "
                           "found %1")
                .arg(entry.value.IsSequence() ? QStringLiteral("an empty list")
                                              : YamlFieldReader::describe(entry.value)));
        return routes;
    }
    QHash<QString, int> idLines;
    QHash<QByteArray, int> pathLines;
    for (const YAML::Node &node : entry.value) {
        YAML::Mark idMark = YAML::Mark::null_mark();
        YAML::Mark pathMark = YAML::Mark::null_mark();
        std::optional<RouteConfig> route = readRoute(node, defaultHealthCheck, idMark, pathMark);
        if (!route)
            continue;
        const auto firstPath = pathLines.constFind(route->path);
        const bool duplicatePath = firstPath != pathLines.constEnd();
        if (duplicatePath) {
            m_fields.addError(pathMark,
                              QStringLiteral("duplicate path %1 (first routed at line %2): "
                                             "expected every path to be unique")
                                  .arg(quotedForMessage(route->path), QString::number(*firstPath)));
        } else {
            pathLines.insert(route->path, pathMark.line + 1);
        }
        // An id derived from a duplicate path repeats too; one message for one mistake.
        const bool derivedId = idMark.is_null();
        if (const auto first = idLines.constFind(route->id); first != idLines.constEnd()) {
            if (!derivedId || !duplicatePath) {
                m_fields.addError(
                    derivedId ? pathMark : idMark,
                    QStringLiteral("duplicate route id %1 (first used at line %2): "
                                   "expected every route id to be unique")
                        .arg(quotedForMessage(route->id.toUtf8()), QString::number(*first)));
            }
        } else {
            idLines.insert(route->id, (derivedId ? pathMark : idMark).line + 1);
        }
        routes.append(*route);
    }
    return routes;
}

std::optional<RouteConfig>
ConfigReader::readRoute(const YAML::Node &node,
                        const std::optional<HealthCheckConfig> &defaultHealthCheck,
                        YAML::Mark &idMark, YAML::Mark &pathMark) {
    const std::optional<YamlFieldReader::Entries> entries = m_fields.readMapping(
        node, QStringLiteral("route"),
        {"id", "path", "strategy", "target", "targets", "health_check", "passive_health"});
    if (!entries)
        return std::nullopt;

    RouteConfig route;
    route.healthCheck = defaultHealthCheck;
    // A route whose id or path could not be read takes no part in the duplicate checks.
    bool hasId = false;
    bool hasPath = false;
    bool keyed = true;
    const Entry *targetsEntry = nullptr;
    for (const Entry &setting : *entries) {
        if (setting.key == "id") {
            hasId = true;
            idMark = YamlFieldReader::markOf(setting);
            const auto id = m_fields.readScalar(setting, QStringLiteral("a route id"));
            if (id && id->isEmpty())
                m_fields.addError(idMark, QStringLiteral("id: expected a name, found \"\""));
            keyed = keyed && id && !id->isEmpty();
            route.id = QString::fromUtf8(id.value_or(QByteArray()));
        } else if (setting.key == "path") {
            hasPath = true;
            pathMark = YamlFieldReader::markOf(setting);
            const auto path = m_fields.readValue(setting, QStringLiteral("a path"), parseRoutePath);
            keyed = keyed && path;
            route.path = path.value_or(QByteArray());
        } else if (setting.key == "strategy") {
            const auto name = m_fields.readScalar(setting, QStringLiteral("a strategy name"));
            const auto kind = name ? parseStrategyName(*name) : std::nullopt;
            if (kind) {
                route.strategy = *kind;
            } else if (name) {
                m_fields.addError(setting.value.Mark(),
                                  QStringLiteral("strategy: unknown strategy %1, "
                                                 "expected one of %2")
                                      .arg(quotedForMessage(*name), strategyNamesForMessage()));
            }
        } else if (setting.key == "target" || setting.key == "targets") {
            if (targetsEntry) {
                m_fields.addError(
                    setting.keyNode.Mark(),
                    QStringLiteral("route: expected either target: or targets:, found both"));
                continue;
            }
            targetsEntry = &setting;
            route.targets = readTargets(setting);
        } else if (setting.key == "health_check") {
            route.healthCheck =
                readHealthCheck(setting, defaultHealthCheck.value_or(HealthCheckConfig()));
        } else {
            readPassiveHealth(setting, route.passiveHealth);
        }
    }
    if (!hasPath) {
        m_fields.addError(node.Mark(),
                          QStringLiteral("route: expected path: (such as path: /service-a), "
                                         "found none"));
    }
    if (!targetsEntry) {
        m_fields.addError(node.Mark(),
                          QStringLiteral("route: expected target: URL or targets: [URL, ...], "
                                         "found neither"));
    }
    if (!hasPath || !keyed)
        return std::nullopt;
    if (!hasId)
        route.id = routeIdFromPath(route.path); // idMark stays null: the id is derived
    return route;
}

QList<TargetConfig> ConfigReader::readTargets(const Entry &entry) {
    QList<TargetConfig> targets;
    if (entry.key == "target") {
        if (entry.value.IsSequence()) {
            m_fields.addError(entry.value.Mark(),
                              QStringLiteral("target: expected one URL, found a list "
                                             "(write targets: for several)"));
        } else if (const auto url =
                       m_fields.readValue(entry, QStringLiteral("a URL"), parseTargetUrl)) {
            targets.append({*url, 1, {}});
        }
        return targets;
    }
    if (!entry.value.IsSequence() || entry.value.size() == 0) {
        m_fields.addError(
            YamlFieldReader::markOf(entry),
            QStringLiteral("targets: expected a list of URLs or {url, weight} items, found %1")
                .arg(entry.value.IsSequence() ? QStringLiteral("an empty list")
                                              : YamlFieldReader::describe(entry.value)));
        return targets;
    }
    for (const YAML::Node &item : entry.value) {
        if (const auto target = readTarget(item))
            targets.append(*target);
    }
    return targets;
}

std::optional<TargetConfig> ConfigReader::readTarget(const YAML::Node &node) {
    if (node.IsScalar()) {
        const Parsed<QUrl> url = parseTargetUrl(node.Scalar());
        if (!url.value) {
            m_fields.addError(node.Mark(), QStringLiteral("targets: ") + url.error);
            return std::nullopt;
        }
        return TargetConfig{*url.value, 1, {}};
    }
    if (!node.IsMap()) {
        m_fields.addError(node.Mark(),
                          QStringLiteral("targets: expected a URL or {url, weight}, found %1")
                              .arg(YamlFieldReader::describe(node)));
        return std::nullopt;
    }
    const std::optional<YamlFieldReader::Entries> entries =
        m_fields.readMapping(node, QStringLiteral("target"), {"url", "weight", "name"});
    if (!entries)
        return std::nullopt;
    TargetConfig target;
    bool hasUrl = false;
    bool valid = true;
    for (const Entry &setting : *entries) {
        if (setting.key == "url") {
            hasUrl = true;
            const auto url = m_fields.readValue(setting, QStringLiteral("a URL"), parseTargetUrl);
            valid = valid && url.has_value();
            target.url = url.value_or(QUrl());
        } else if (setting.key == "weight") {
            const auto weight = m_fields.readInteger(setting, 1, maxBackendWeight);
            valid = valid && weight.has_value();
            target.weight = int(weight.value_or(1));
        } else {
            const auto name = m_fields.readScalar(setting, QStringLiteral("a display name"));
            valid = valid && name.has_value();
            target.name = QString::fromUtf8(name.value_or(QByteArray()));
        }
    }
    if (!hasUrl) {
        m_fields.addError(node.Mark(), QStringLiteral("target: expected url: (such as url: "
                                                      "http://127.0.0.1:8081), found none"));
    }
    if (!hasUrl || !valid)
        return std::nullopt;
    return target;
}
