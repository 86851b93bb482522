#include "config/configloader.h"
#include "sourcetree.h"

#include <QDir>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {

const QString testFile = QStringLiteral("test.yaml");

// A route section that is valid on its own, for tests about the other sections.
const QByteArray validRoutes = "routes:\n"
                               "  - path: /a\n"
                               "    target: http://127.0.0.1:8081\n";

ConfigLoadResult load(const QByteArray &yaml) {
    return loadConfigText(yaml, testFile);
}

QString errorList(const ConfigLoadResult &result) {
    QStringList lines;
    for (const ConfigError &error : result.errors)
        lines.append(error.toString());
    return lines.join(QLatin1Char('\n'));
}

// Loads yaml that must be valid and returns its config.
GatewayConfig loadValid(const QByteArray &yaml) {
    const ConfigLoadResult result = load(yaml);
    if (!result.ok())
        qWarning("unexpected errors:\n%s", qPrintable(errorList(result)));
    return result.config.value_or(GatewayConfig());
}

TargetConfig target(const char *url, int weight = 1, const QString &name = {}) {
    return {QUrl(QString::fromLatin1(url)), weight, name};
}

RouteConfig route(const QString &id, const QByteArray &path, StrategyKind strategy,
                  const QList<TargetConfig> &targets) {
    RouteConfig route;
    route.id = id;
    route.path = path;
    route.strategy = strategy;
    route.targets = targets;
    return route;
}

} // namespace

class TestConfigLoader final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void blogServerPort_data();
    void blogServerPort();
    void listenAddresses_data();
    void listenAddresses();
    void blogFiles_data();
    void blogFiles();
    void designExample();
    void strategies_data();
    void strategies();
    void routeIds_data();
    void routeIds();
    void healthChecks();
    void limits();
    void demoBackends();
    void capture();
    void bundledConfig();
    void portOffsetMovesTheConfigsOwnPorts();
    void errors_data();
    void errors();
    void allErrorsAtOnce();
    void errorCountIsCapped();
    void unreadableFiles_data();
    void unreadableFiles();
    void emptyFileOnDisk();
    void hostileInput_data();
    void hostileInput();
    void errorToString();
};

void TestConfigLoader::portOffsetMovesTheConfigsOwnPorts() {
    const ConfigLoadResult result = load("server:\n"
                                         "  listen: 127.0.0.1:8080\n"
                                         "admin:\n"
                                         "  listen: 127.0.0.1:8090\n"
                                         "demo:\n"
                                         "  backends: [8081, 8082]\n"
                                         "routes:\n"
                                         "  - path: /a\n"
                                         "    targets:\n"
                                         "      - http://127.0.0.1:8081\n"
                                         "      - http://localhost:8082/base\n"
                                         "      - http://127.0.0.1:8083\n"
                                         "      - http://192.0.2.1:8081\n");
    QVERIFY2(result.ok(), qPrintable(errorList(result)));
    GatewayConfig config = *result.config;
    const ConfigOverrides overrides{std::nullopt, std::nullopt, 1000};
    overrides.applyTo(config);
    QCOMPARE(config.listen.port, quint16(9080));
    QCOMPARE(config.admin->port, quint16(9090));
    QCOMPARE(config.demo.backendPorts, (QList<quint16>{9081, 9082}));
    const QList<TargetConfig> &targets = config.routes[0].targets;
    // The demo instances' targets follow them; an upstream that is no demo instance stays.
    QCOMPARE(targets[0].url, QUrl(QStringLiteral("http://127.0.0.1:9081")));
    QCOMPARE(targets[1].url, QUrl(QStringLiteral("http://localhost:9082/base")));
    QCOMPARE(targets[2].url, QUrl(QStringLiteral("http://127.0.0.1:8083")));
    QCOMPARE(targets[3].url, QUrl(QStringLiteral("http://192.0.2.1:8081")));

    // Applied again (a reload applies the running overrides): shifted once.
    overrides.applyTo(config);
    QCOMPARE(config.listen.port, quint16(9080));
    QCOMPARE(config.routes[0].targets[0].url.port(), 9081);

    // --listen and --admin win over the offset; port 0 and ports it would push past 65535 stay.
    GatewayConfig other = *result.config;
    other.demo.backendPorts = {0, 65000};
    const ConfigOverrides withListen{ListenAddress{QHostAddress::LocalHost, 7000}, std::nullopt,
                                     1000};
    withListen.applyTo(other);
    QCOMPARE(other.listen.port, quint16(7000));
    QCOMPARE(other.admin->port, quint16(9090));
    QCOMPARE(other.demo.backendPorts, (QList<quint16>{0, 65000}));
}

void TestConfigLoader::defaults() {
    const GatewayConfig config = loadValid(validRoutes);
    QCOMPARE(config.sourceFile, testFile);
    QCOMPARE(config.listen, (ListenAddress{QHostAddress(QHostAddress::LocalHost), 8080}));
    QVERIFY(!config.admin);
    QCOMPARE(config.limits, LimitsConfig());
    QCOMPARE(config.limits.maxHeaderBytes, 65536);
    QCOMPARE(config.limits.headerTimeout, 10s);
    QCOMPARE(config.demo, DemoConfig());
    QCOMPARE(config.routes.size(), 1);
    const RouteConfig &route = config.routes.first();
    QCOMPARE(route.id, QStringLiteral("a"));
    QCOMPARE(route.path, QByteArray("/a"));
    QCOMPARE(route.strategy, StrategyKind::RoundRobin);
    QCOMPARE(route.targets, QList<TargetConfig>{target("http://127.0.0.1:8081")});
    QVERIFY(!route.healthCheck);
    QCOMPARE(route.passiveHealth, PassiveHealthConfig());
}

void TestConfigLoader::blogServerPort_data() {
    QTest::addColumn<QByteArray>("server");
    QTest::addColumn<quint16>("port");

    QTest::newRow("number") << QByteArray("server:\n  port: 8080\n") << quint16(8080);
    QTest::newRow("go style string") << QByteArray("server: {port: \":9090\"}\n") << quint16(9090);
    QTest::newRow("quoted number") << QByteArray("server:\n  port: \"8000\"\n") << quint16(8000);
    QTest::newRow("any free port") << QByteArray("server:\n  port: 0\n") << quint16(0);
}

void TestConfigLoader::blogServerPort() {
    QFETCH(QByteArray, server);
    QFETCH(quint16, port);

    // A bare port binds loopback, never every interface as Go's ":8080" would.
    QCOMPARE(loadValid(server + validRoutes).listen,
             (ListenAddress{QHostAddress(QHostAddress::LocalHost), port}));
}

void TestConfigLoader::listenAddresses_data() {
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("listen");
    QTest::addColumn<QString>("admin"); // empty: no admin API

    QTest::newRow("ipv4") << QByteArray("server:\n  listen: 0.0.0.0:8000\n") << "0.0.0.0:8000"
                          << QString();
    QTest::newRow("ipv6 quoted") << QByteArray("server:\n  listen: \"[::1]:8000\"\n")
                                 << "[::1]:8000" << QString();
    QTest::newRow("localhost") << QByteArray("server:\n  listen: localhost:8000\n")
                               << "127.0.0.1:8000" << QString();
    QTest::newRow("admin") << QByteArray("admin:\n  listen: 127.0.0.1:8090\n") << "127.0.0.1:8080"
                           << "127.0.0.1:8090";
    QTest::newRow("admin ipv6") << QByteArray("admin: {listen: \"[::1]:0\"}\n") << "127.0.0.1:8080"
                                << "[::1]:0";
}

void TestConfigLoader::listenAddresses() {
    QFETCH(QByteArray, yaml);
    QFETCH(QString, listen);
    QFETCH(QString, admin);

    const GatewayConfig config = loadValid(yaml + validRoutes);
    QCOMPARE(config.listen.toString(), listen);
    QCOMPARE(config.admin.has_value(), !admin.isEmpty());
    if (config.admin)
        QCOMPARE(config.admin->toString(), admin);
}

void TestConfigLoader::blogFiles_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QList<RouteConfig>>("routes");

    QTest::newRow("single target")
        << "blog-single-target.yaml"
        << QList<RouteConfig>{route("service-a", "/service-a", StrategyKind::RoundRobin,
                                    {target("http://localhost:8081")}),
                              route("service-b", "/service-b", StrategyKind::RoundRobin,
                                    {target("http://localhost:8082")})};
    QTest::newRow("targets list")
        << "blog-targets-list.yaml"
        << QList<RouteConfig>{
               route("service-a", "/service-a", StrategyKind::RoundRobin,
                     {target("http://localhost:8081"), target("http://localhost:8082")}),
               route("service-b", "/service-b", StrategyKind::LeastConnections,
                     {target("http://localhost:8083"), target("http://localhost:8084")})};
    QTest::newRow("weighted")
        << "blog-weighted.yaml"
        << QList<RouteConfig>{
               route("service-a", "/service-a", StrategyKind::WeightedRoundRobin,
                     {target("http://localhost:8081", 3), target("http://localhost:8082", 1)}),
               route("service-b", "/service-b", StrategyKind::Random,
                     {target("http://localhost:8083", 1), target("http://localhost:8084", 2)})};
}

void TestConfigLoader::blogFiles() {
    QFETCH(QString, file);
    QFETCH(QList<RouteConfig>, routes);

    const QString path = projectSourceDir() + QStringLiteral("/tests/data/") + file;
    const ConfigLoadResult result = loadConfigFile(path);
    QVERIFY2(result.ok(), qPrintable(errorList(result)));
    QCOMPARE(result.config->sourceFile, path);
    QCOMPARE(result.config->listen, (ListenAddress{QHostAddress(QHostAddress::LocalHost), 8080}));
    QCOMPARE(result.config->routes, routes);
}

void TestConfigLoader::designExample() {
    // A config with every section at once.
    const GatewayConfig config = loadValid(R"(
server:
  listen: 127.0.0.1:8080
admin:
  listen: 127.0.0.1:8090
health_check: { path: /, interval: 2s, timeout: 1s, rise: 2, fall: 2 }
limits:
  max_header_bytes: 65536
  max_body_bytes: 0
  header_timeout: 10s
  idle_timeout: 60s
  connect_timeout: 2s
  response_timeout: 30s
  tunnel_timeout: 1h
  max_connections: 10000
demo:
  backends: [8081, 8082, 8083, 8084]
routes:
  - id: service-a
    path: /service-a
    strategy: round_robin
    targets:
      - http://localhost:8081
      - { url: http://localhost:8082, weight: 3, name: a2 }
    passive_health: { max_fails: 3, fail_timeout: 30s, count_5xx: true }
  - id: service-b
    path: /service-b
    targets: [http://localhost:8083, http://localhost:8084]
)");
    QCOMPARE(config.listen.toString(), QStringLiteral("127.0.0.1:8080"));
    QCOMPARE(config.admin.value_or(ListenAddress()).toString(), QStringLiteral("127.0.0.1:8090"));
    QCOMPARE(config.limits, LimitsConfig());
    QCOMPARE(config.demo.backendPorts, (QList<quint16>{8081, 8082, 8083, 8084}));
    QCOMPARE(config.routes.size(), 2);
    QCOMPARE(config.routes[0].targets,
             (QList<TargetConfig>{target("http://localhost:8081"),
                                  target("http://localhost:8082", 3, QStringLiteral("a2"))}));
    QCOMPARE(config.routes[0].passiveHealth, (PassiveHealthConfig{3, 30s, true}));
    QCOMPARE(config.routes[1].targets, (QList<TargetConfig>{target("http://localhost:8083"),
                                                            target("http://localhost:8084")}));
    QCOMPARE(config.routes[1].passiveHealth, PassiveHealthConfig());
    for (const RouteConfig &route : config.routes)
        QCOMPARE(route.healthCheck, std::optional<HealthCheckConfig>(HealthCheckConfig()));
}

void TestConfigLoader::strategies_data() {
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<StrategyKind>("kind");

    QTest::newRow("round_robin") << QByteArray("round_robin") << StrategyKind::RoundRobin;
    QTest::newRow("weighted_round_robin")
        << QByteArray("weighted_round_robin") << StrategyKind::WeightedRoundRobin;
    QTest::newRow("least_connections")
        << QByteArray("least_connections") << StrategyKind::LeastConnections;
    QTest::newRow("random") << QByteArray("random") << StrategyKind::Random;
    QTest::newRow("power_of_two") << QByteArray("power_of_two") << StrategyKind::PowerOfTwo;
    QTest::newRow("ip_hash") << QByteArray("ip_hash") << StrategyKind::IpHash;
    QTest::newRow("blog round") << QByteArray("round") << StrategyKind::RoundRobin;
    QTest::newRow("blog leastConn") << QByteArray("leastConn") << StrategyKind::LeastConnections;
    QTest::newRow("blog weight") << QByteArray("weight") << StrategyKind::WeightedRoundRobin;
}

void TestConfigLoader::strategies() {
    QFETCH(QByteArray, name);
    QFETCH(StrategyKind, kind);

    const GatewayConfig config =
        loadValid("routes:\n  - path: /a\n    strategy: " + name + "\n    target: http://h:1\n");
    QCOMPARE(config.routes.value(0).strategy, kind);
}

void TestConfigLoader::routeIds_data() {
    QTest::addColumn<QByteArray>("route");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QByteArray>("path");

    QTest::newRow("derived") << QByteArray("path: /service-a") << "service-a"
                             << QByteArray("/service-a");
    QTest::newRow("trailing slash stripped")
        << QByteArray("path: /service-a/") << "service-a" << QByteArray("/service-a");
    QTest::newRow("root") << QByteArray("path: /") << "root" << QByteArray("/");
    QTest::newRow("nested") << QByteArray("path: /api/v1") << "api/v1" << QByteArray("/api/v1");
    QTest::newRow("explicit") << QByteArray("{id: users, path: /u}") << "users" << QByteArray("/u");
}

void TestConfigLoader::routeIds() {
    QFETCH(QByteArray, route);
    QFETCH(QString, id);
    QFETCH(QByteArray, path);

    const QByteArray yaml =
        route.startsWith('{')
            ? QByteArray("routes:\n  - " + route.chopped(1) + ", target: http://h:1}\n")
            : QByteArray("routes:\n  - " + route + "\n    target: http://h:1\n");
    const GatewayConfig config = loadValid(yaml);
    QCOMPARE(config.routes.value(0).id, id);
    QCOMPARE(config.routes.value(0).path, path);
}

void TestConfigLoader::healthChecks() {
    const GatewayConfig config = loadValid(R"(
health_check:
  path: /healthz
  interval: 5s
routes:
  - path: /inherits
    target: http://h:1
  - path: /overrides
    target: http://h:2
    health_check: { timeout: 500ms, fall: 3 }
)");
    const HealthCheckConfig inherited{"/healthz", 5s, 1s, 2, 2};
    QCOMPARE(config.routes.value(0).healthCheck, std::optional(inherited));
    const HealthCheckConfig overridden{"/healthz", 5s, 500ms, 2, 3};
    QCOMPARE(config.routes.value(1).healthCheck, std::optional(overridden));

    // Without a top-level section only the route that asks gets checks; missing keys are the
    // defaults.
    const GatewayConfig perRoute = loadValid(R"(
routes:
  - path: /unchecked
    target: http://h:1
  - path: /checked
    target: http://h:2
    health_check: { rise: 1 }
)");
    QCOMPARE(perRoute.routes.value(0).healthCheck, std::nullopt);
    const HealthCheckConfig checked{"/", 2s, 1s, 1, 2};
    QCOMPARE(perRoute.routes.value(1).healthCheck, std::optional(checked));
}

void TestConfigLoader::limits() {
    const GatewayConfig config = loadValid(R"(
limits:
  max_header_bytes: 8192
  max_body_bytes: 1048576
  header_timeout: 1.5s
  idle_timeout: 2m
  connect_timeout: 250ms
  response_timeout: 1h
  tunnel_timeout: 90s
  max_connections: 50
)" + validRoutes);
    QCOMPARE(config.limits, (LimitsConfig{8192, 1048576, 1500ms, 2min, 250ms, 1h, 50, 90s}));
    QCOMPARE(loadValid(validRoutes).limits.tunnelTimeout, 1h);
}

void TestConfigLoader::demoBackends() {
    // Ports alone, as before, mixed with {port, faults} items.
    const GatewayConfig config = loadValid("demo:\n"
                                           "  backends:\n"
                                           "    - 8081\n"
                                           "    - { port: 8082 }\n"
                                           "    - { port: 8083, latency: 500ms, error_rate: 10, "
                                           "reset_mid_response: true }\n"
                                           "    - { port: 8084, reset_mid_response: false }\n" +
                                           validRoutes);
    QCOMPARE(config.demo.backendPorts, (QList<quint16>{8081, 8082, 8083, 8084}));
    QCOMPARE(config.demo.backendFaults, (QList<DemoFaultsConfig>{{}, {}, {500ms, 10, true}, {}}));
    QCOMPARE(loadValid("demo:\n  backends: [8081, 8082]\n" + validRoutes).demo,
             (DemoConfig{{8081, 8082}, {{}, {}}}));
}

void TestConfigLoader::capture() {
    const CaptureConfig defaults = loadValid(validRoutes).capture;
    QCOMPARE(defaults, CaptureConfig());
    QVERIFY(defaults.enabled);
    QCOMPARE(defaults.bodyLimit, 1 << 20);
    QCOMPARE(defaults.memoryLimit, qint64(64) << 20);
    QVERIFY(defaults.maskHeaders.isEmpty());

    const GatewayConfig config = loadValid(R"(
capture:
  enabled: false
  body_limit: 256KiB
  memory: 512MiB
  mask_headers: [X-Api-Key, x-session-token]
)" + validRoutes);
    QCOMPARE(
        config.capture,
        (CaptureConfig{false, 256 * 1024, qint64(512) << 20, {"X-Api-Key", "x-session-token"}}));
    QCOMPARE(loadValid("capture: {body_limit: 0, memory: 0}\n" + validRoutes).capture.memoryLimit,
             0);
}

void TestConfigLoader::bundledConfig() {
    const ConfigLoadResult result =
        loadConfigFile(projectSourceDir() + QStringLiteral("/resources/gateway.yaml"));
    QVERIFY2(result.ok(), qPrintable(errorList(result)));
    const GatewayConfig &config = *result.config;
    QCOMPARE(config.listen.toString(), QStringLiteral("127.0.0.1:8080"));
    QCOMPARE(config.admin.value_or(ListenAddress()).toString(), QStringLiteral("127.0.0.1:8090"));
    QCOMPARE(config.demo.backendPorts, (QList<quint16>{8081, 8082, 8083, 8084}));
    QCOMPARE(config.limits, LimitsConfig());
    const HealthCheckConfig healthCheck{"/healthz", 2s, 1s, 2, 2};
    RouteConfig serviceA =
        route("service-a", "/service-a", StrategyKind::RoundRobin,
              {target("http://127.0.0.1:8081"), target("http://127.0.0.1:8082")});
    serviceA.healthCheck = healthCheck;
    RouteConfig serviceB =
        route("service-b", "/service-b", StrategyKind::RoundRobin,
              {target("http://127.0.0.1:8083"), target("http://127.0.0.1:8084")});
    serviceB.healthCheck = healthCheck;
    QCOMPARE(config.routes, (QList<RouteConfig>{serviceA, serviceB}));
}

void TestConfigLoader::errors_data() {
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message"); // the message starts with this

    const QByteArray route = "routes:\n  - path: /a\n";
    const QByteArray routeWithTargets = route + "    targets:\n";

    // Structure and types.
    QTest::newRow("unknown top-level key")
        << "listen: 1\n" + validRoutes << 1 << 1
        << "the top level: unknown key \"listen\", expected one of server, admin, health_check, "
           "limits, demo, capture, routes";
    QTest::newRow("prefix is not a path alias")
        << QByteArray("routes:\n  - prefix: /a\n    path: /a\n    target: http://h:1\n") << 2 << 5
        << "route: unknown key \"prefix\", expected one of id, path, strategy, target, targets, "
           "health_check, passive_health";
    QTest::newRow("unknown target key")
        << routeWithTargets + "      - {url: http://127.0.0.1:8081, wieght: 2}\n"
        << 4 << 38 << "target: unknown key \"wieght\", expected one of url, weight, name";
    QTest::newRow("duplicate key") << "server:\n  port: 8080\n  port: 8081\n" + validRoutes << 3
                                   << 3 << "server: duplicate key \"port\" (first given at line 2)";
    QTest::newRow("top level is a list") << QByteArray("- a\n") << 1 << 1
                                         << "the top level: expected a mapping of key: value, "
                                            "found a list";
    QTest::newRow("server is a list") << "server: [8080]\n" + validRoutes << 1 << 9
                                      << "server: expected a mapping of key: value, found a list";
    QTest::newRow("routes is a scalar")
        << QByteArray("routes: /a\n") << 1 << 9 << "routes: expected a list of routes";
    QTest::newRow("routes is empty") << QByteArray("routes: []\n") << 1 << 9
                                     << "routes: expected a list of routes (\"- path: ...\" "
                                        "items), found an empty list";
    QTest::newRow("no routes") << QByteArray("server:\n  port: 8080\n") << 1 << 1
                               << "no routes: expected a routes: list";
    QTest::newRow("route is a scalar") << QByteArray("routes:\n  - /a\n") << 2 << 5
                                       << "route: expected a mapping of key: value, found \"/a\"";
    QTest::newRow("weight is a list")
        << routeWithTargets + "      - {url: http://127.0.0.1:8081, weight: [2]}\n"
        << 4 << 46 << "weight: expected an integer, found a list";
    QTest::newRow("target item is a list") << routeWithTargets + "      - [http://h:1]\n"
                                           << 4 << 9
                                           << "targets: expected a URL or {url, weight}, found a "
                                              "list";
    QTest::newRow("target is null") << route + "    target:\n"
                                    << 3 << 5 << "target: expected a URL, found nothing";

    // Routes.
    QTest::newRow("path without leading slash")
        << QByteArray("routes:\n  - path: a\n    target: http://h:1\n") << 2 << 11
        << "path: expected a path starting with '/' such as /service-a, found \"a\"";
    QTest::newRow("path with dot segment")
        << QByteArray("routes:\n  - path: /a/../b\n    target: http://h:1\n") << 2 << 11
        << "path: expected a path without '.' or '..' segments";
    QTest::newRow("missing path") << QByteArray("routes:\n  - target: http://h:1\n") << 2 << 5
                                  << "route: expected path: (such as path: /service-a), found none";
    QTest::newRow("empty id") << QByteArray("routes:\n  - id: \"\"\n    path: /a\n    target: "
                                            "http://h:1\n")
                              << 2 << 9 << "id: expected a name, found \"\"";
    QTest::newRow("duplicate ids")
        << QByteArray("routes:\n  - id: x\n    path: /a\n    target: http://h:1\n"
                      "  - id: x\n    path: /b\n    target: http://h:2\n")
        << 5 << 9
        << "duplicate route id \"x\" (first used at line 2): expected every route id to be unique";
    QTest::newRow("derived id equals an explicit one")
        << QByteArray("routes:\n  - id: b\n    path: /a\n    target: http://h:1\n"
                      "  - path: /b\n    target: http://h:2\n")
        << 5 << 11 << "duplicate route id \"b\" (first used at line 2)";
    QTest::newRow("duplicate paths after normalization")
        << QByteArray("routes:\n  - path: /a\n    target: http://h:1\n"
                      "  - path: /a/\n    target: http://h:2\n")
        << 4 << 11
        << "duplicate path \"/a\" (first routed at line 2): expected every path to be unique";
    QTest::newRow("unknown strategy")
        << route + "    strategy: fastest\n    target: http://h:1\n"
        << 3 << 15
        << "strategy: unknown strategy \"fastest\", expected one of round_robin, "
           "weighted_round_robin, least_connections, random, power_of_two, ip_hash (or the "
           "blog's round, random, leastConn, weight)";
    QTest::newRow("no targets") << route << 2 << 5
                                << "route: expected target: URL or targets: [URL, ...], found "
                                   "neither";
    QTest::newRow("target and targets")
        << route + "    target: http://h:1\n    targets: [http://h:2]\n"
        << 4 << 5 << "route: expected either target: or targets:, found both";
    QTest::newRow("empty targets") << route + "    targets: []\n"
                                   << 3 << 14
                                   << "targets: expected a list of URLs or {url, weight} items, "
                                      "found an empty list";
    QTest::newRow("target is a list") << route + "    target: [http://h:1]\n"
                                      << 3 << 13
                                      << "target: expected one URL, found a list (write targets: "
                                         "for several)";
    QTest::newRow("target map without url") << routeWithTargets + "      - {weight: 2}\n"
                                            << 4 << 9 << "target: expected url:";

    // URLs.
    QTest::newRow("https target")
        << route + "    target: https://127.0.0.1:8443\n"
        << 3 << 13
        << "target: https is not supported: upstream connections are plain HTTP, so write "
           "http://, found \"https://127.0.0.1:8443\"";
    QTest::newRow("https in a targets list") << routeWithTargets + "      - https://h:1\n"
                                             << 4 << 9 << "targets: https is not supported";
    QTest::newRow("ftp target") << route + "    target: ftp://h:21\n"
                                << 3 << 13
                                << "target: expected an http:// URL such as "
                                   "http://127.0.0.1:8081, found \"ftp://h:21\"";
    QTest::newRow("url without host") << route + "    target: \"http://:8081\"\n"
                                      << 3 << 13
                                      << "target: the URL has no host: expected "
                                         "http://HOST[:PORT], found \"http://:8081\"";
    QTest::newRow("url port out of range") << route + "    target: http://h:70000\n"
                                           << 3 << 13
                                           << "target: expected a port in 1..65535, found "
                                              "\"70000\"";

    // Numbers.
    QTest::newRow("weight 0") << routeWithTargets + "      - {url: http://127.0.0.1:8081, weight: "
                                                    "0}\n"
                              << 4 << 46 << "weight: expected an integer in 1..1000, found 0";
    QTest::newRow("negative weight")
        << routeWithTargets + "      - {url: http://127.0.0.1:8081, weight: -2}\n"
        << 4 << 46 << "weight: expected an integer in 1..1000, found -2";
    QTest::newRow("weight above 1000")
        << routeWithTargets + "      - {url: http://127.0.0.1:8081, weight: 1001}\n"
        << 4 << 46 << "weight: expected an integer in 1..1000, found 1001";
    QTest::newRow("listen port out of range")
        << "server:\n  listen: 127.0.0.1:70000\n" + validRoutes << 2 << 11
        << "listen: expected a port in 0..65535, found \"70000\"";
    QTest::newRow("blog port out of range") << "server:\n  port: 70000\n" + validRoutes << 2 << 9
                                            << "port: expected a port in 0..65535, as 8080 or "
                                               "\":8080\", found \"70000\"";
    QTest::newRow("listen without address") << "server:\n  listen: \":8080\"\n" + validRoutes << 2
                                            << 11 << "listen: expected ADDRESS:PORT";
    QTest::newRow("listen and port")
        << "server:\n  listen: 127.0.0.1:80\n  port: 80\n" + validRoutes << 3 << 3
        << "server: expected either listen: or port:, found both";
    QTest::newRow("admin without listen")
        << "admin: {}\n" + validRoutes << 1 << 8 << "admin: expected listen: ADDRESS:PORT";
    QTest::newRow("demo port 0") << "demo:\n  backends: [0]\n" + validRoutes << 2 << 14
                                 << "backends: expected an integer in 1..65535, found 0";
    QTest::newRow("demo port twice") << "demo:\n  backends: [8081, 8081]\n" + validRoutes << 2 << 20
                                     << "backends: port 8081 is listed twice";
    QTest::newRow("demo backends not a list") << "demo:\n  backends: 8081\n" + validRoutes << 2
                                              << 13 << "backends: expected a list of ports";
    QTest::newRow("demo backend bad latency")
        << "demo:\n  backends:\n    - {port: 8083, latency: 500}\n" + validRoutes << 3 << 29
        << "latency: expected a duration with a unit";
    QTest::newRow("demo backend latency over 10m")
        << "demo:\n  backends:\n    - {port: 8083, latency: 11m}\n" + validRoutes << 3 << 29
        << "latency: expected a duration from 1ms to 10m, found \"11m\"";
    QTest::newRow("demo backend error_rate 101")
        << "demo:\n  backends:\n    - {port: 8083, error_rate: 101}\n" + validRoutes << 3 << 32
        << "error_rate: expected an integer in 0..100, found 101";
    QTest::newRow("demo backend unknown key")
        << "demo:\n  backends:\n    - {port: 8083, latncy: 5s}\n" + validRoutes << 3 << 20
        << "backends: unknown key \"latncy\", expected one of port, latency, error_rate, "
           "reset_mid_response";
    QTest::newRow("demo backend reset not a boolean")
        << "demo:\n  backends:\n    - {port: 8083, reset_mid_response: yes}\n" + validRoutes << 3
        << 40 << "reset_mid_response: expected true or false, found \"yes\"";
    QTest::newRow("demo backend without port")
        << "demo:\n  backends:\n    - {latency: 5s}\n" + validRoutes << 3 << 7
        << "backends: expected port:";
    QTest::newRow("demo backend port twice")
        << "demo:\n  backends:\n    - 8083\n    - {port: 8083}\n" + validRoutes << 4 << 14
        << "backends: port 8083 is listed twice";
    QTest::newRow("demo backend is a list")
        << "demo:\n  backends:\n    - [8083]\n" + validRoutes << 3 << 7
        << "backends: expected a port or a {port, latency, ...} mapping, found a list";
    QTest::newRow("max_header_bytes too small")
        << "limits:\n  max_header_bytes: 100\n" + validRoutes << 2 << 21
        << "max_header_bytes: expected an integer in 1024..16777216, found 100";
    QTest::newRow("rise 0") << "health_check:\n  rise: 0\n" + validRoutes << 2 << 9
                            << "rise: expected an integer in 1..100, found 0";
    QTest::newRow("negative max_fails")
        << route + "    target: http://h:1\n    passive_health: {max_fails: -1}\n"
        << 4 << 33 << "max_fails: expected an integer in 0..1000, found -1";
    QTest::newRow("count_5xx not a boolean")
        << route + "    target: http://h:1\n    passive_health: {count_5xx: 500}\n"
        << 4 << 33 << "count_5xx: expected true or false, found \"500\"";

    // Durations.
    QTest::newRow("duration without unit")
        << "health_check:\n  interval: 2\n" + validRoutes << 2 << 13
        << "interval: expected a duration with a unit (ms, s, m or h) such as 500ms, 2s, 1.5s or "
           "1m, found \"2\"";
    QTest::newRow("zero duration") << "limits:\n  idle_timeout: 0s\n" + validRoutes << 2 << 17
                                   << "idle_timeout: expected a duration from 1ms to 24h, found "
                                      "\"0s\"";
    QTest::newRow("tunnel_timeout without unit")
        << "limits:\n  tunnel_timeout: 3600\n" + validRoutes << 2 << 19
        << "tunnel_timeout: expected a duration with a unit (ms, s, m or h) such as 500ms, 2s, "
           "1.5s or 1m, found \"3600\"";
    QTest::newRow("tunnel_timeout over 24h")
        << "limits:\n  tunnel_timeout: 25h\n" + validRoutes << 2 << 19
        << "tunnel_timeout: expected a duration from 1ms to 24h, found \"25h\"";
    QTest::newRow("duration is a mapping")
        << route + "    target: http://h:1\n    passive_health: {fail_timeout: {s: 1}}\n"
        << 4 << 36 << "fail_timeout: expected a duration such as 2s, found a mapping";
    QTest::newRow("probe path without slash") << "health_check:\n  path: healthz\n" + validRoutes
                                              << 2 << 9 << "path: expected a request path";
    QTest::newRow("unknown key in route health_check")
        << route + "    target: http://h:1\n    health_check: {every: 2s}\n"
        << 4 << 20
        << "health_check: unknown key \"every\", expected one of path, interval, timeout, rise, "
           "fall";

    // capture.
    QTest::newRow("capture size without a binary unit")
        << "capture:\n  body_limit: 1MB\n" + validRoutes << 2 << 15
        << "body_limit: expected a size such as 512KiB, 1MiB or 64MiB (or bytes without a unit) "
           "from 0 to 1GiB, found \"1MB\"";
    QTest::newRow("capture body_limit over memory")
        << "capture:\n  memory: 1MiB\n  body_limit: 2MiB\n" + validRoutes << 3 << 15
        << "body_limit: 2MiB is more than memory (1MiB), so a body that size could never be kept";
    QTest::newRow("capture memory under the default body_limit")
        << "capture:\n  memory: 512KiB\n" + validRoutes << 2 << 11
        << "memory: 512KiB is less than body_limit (1MiB by default): lower body_limit too";
    QTest::newRow("capture mask_headers not a list")
        << "capture:\n  mask_headers: X-Api-Key\n" + validRoutes << 2 << 17
        << "mask_headers: expected a list of header names such as [X-Api-Key], found "
           "\"X-Api-Key\"";
    QTest::newRow("capture mask_headers item not a name")
        << "capture:\n  mask_headers: [X-Ok, \"bad name\"]\n" + validRoutes << 2 << 24
        << "mask_headers: expected a header name such as X-Api-Key, found \"bad name\"";
    QTest::newRow("capture unknown key")
        << "capture:\n  bodies: 1MiB\n" + validRoutes << 2 << 3
        << "capture: unknown key \"bodies\", expected one of enabled, body_limit, memory, "
           "mask_headers";

    // The file as a whole.
    QTest::newRow("empty") << QByteArray() << 1 << 1
                           << "the file is empty: expected a mapping with at least a routes: list";
    QTest::newRow("comments only")
        << QByteArray("# nothing here\n\n") << 1 << 1 << "the file is empty";
    QTest::newRow("trailing empty document")
        << validRoutes + "---\n"
        << 4 << 1 << "expected one YAML document, found a second one";
    QTest::newRow("two documents") << validRoutes + "---\n" + validRoutes << 5 << 1
                                   << "expected one YAML document, found a second one (after ---)";
    QTest::newRow("syntax error") << QByteArray("routes: [\n") << 2 << 1
                                  << "YAML syntax error: end of sequence flow not found";
    QTest::newRow("unquoted ipv6 listen")
        << "server:\n  listen: [::1]:8080\n" + validRoutes << 2 << 16 << "YAML syntax error:";
    QTest::newRow("undefined alias") << QByteArray("routes: *x\n") << 1 << 9
                                     << "YAML syntax error: the referenced anchor is not defined";
}

void TestConfigLoader::errors() {
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);

    const ConfigLoadResult result = load(yaml);
    QVERIFY(!result.config);
    QVERIFY(!result.ok());
    QVERIFY2(result.errors.size() == 1, qPrintable(errorList(result)));
    const ConfigError &error = result.errors.first();
    QCOMPARE(error.file, testFile);
    QVERIFY2(error.message.startsWith(message), qPrintable(error.message));
    QCOMPARE(error.line, line);
    QCOMPARE(error.column, column);
}

void TestConfigLoader::allErrorsAtOnce() {
    const QString path = projectSourceDir() + QStringLiteral("/tests/data/many-errors.yaml");
    const ConfigLoadResult result = loadConfigFile(path);
    QVERIFY(!result.config);

    // Every line marked "error" in the file, in file order.
    const QList<std::pair<int, int>> expected{{3, 11},  {5, 11},  {7, 19}, {8, 3},   {10, 13},
                                              {12, 11}, {13, 15}, {15, 9}, {17, 17}, {21, 5},
                                              {22, 9},  {24, 13}, {25, 5}};
    QList<std::pair<int, int>> positions;
    for (const ConfigError &error : result.errors) {
        QCOMPARE(error.file, path);
        positions.append({error.line, error.column});
    }
    QVERIFY2(positions == expected, qPrintable(errorList(result)));
}

void TestConfigLoader::errorCountIsCapped() {
    QByteArray yaml = "routes:\n";
    for (int i = 0; i < 150; ++i)
        yaml += "  - path: /r" + QByteArray::number(i) + "\n";

    const ConfigLoadResult result = load(yaml);
    QCOMPARE(result.errors.size(), 101);
    QCOMPARE(result.errors[99].line, 101); // the 100th route, on line 101
    QCOMPARE(result.errors.last().line, 0);
    QCOMPARE(result.errors.last().message,
             QStringLiteral("too many errors: stopped after the first 100"));
}

void TestConfigLoader::unreadableFiles_data() {
    QTest::addColumn<QString>("path");

    QTest::newRow("missing") << QStringLiteral("/nonexistent/gateway.yaml");
    QTest::newRow("directory") << QDir::tempPath();
}

void TestConfigLoader::unreadableFiles() {
    QFETCH(QString, path);

    const ConfigLoadResult result = loadConfigFile(path);
    QVERIFY(!result.config);
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors[0].file, path);
    QCOMPARE(result.errors[0].line, 0);
    QVERIFY2(result.errors[0].message.startsWith(QStringLiteral("cannot read the config file: ")),
             qPrintable(result.errors[0].message));
    QVERIFY(result.errors[0].toString().startsWith(path + QStringLiteral(": cannot read")));
}

void TestConfigLoader::emptyFileOnDisk() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("empty.yaml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    const ConfigLoadResult result = loadConfigFile(path);
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors[0].toString(),
             path + QStringLiteral(":1:1: the file is empty: expected a mapping with at least a "
                                   "routes: list"));
}

void TestConfigLoader::hostileInput_data() {
    QTest::addColumn<QByteArray>("yaml");

    QTest::newRow("deep nesting") << QByteArray(100000, '[');
    QTest::newRow("deep block nesting") << [] {
        QByteArray yaml;
        for (int i = 0; i < 2000; ++i)
            yaml += QByteArray(i, ' ') + "a:\n";
        return yaml;
    }();
    QTest::newRow("self alias") << QByteArray("routes: &a [*a]\n");
    QTest::newRow("alias fan-out") << QByteArray("x: &a [1, 2]\nroutes: [*a, *a, *a, *a]\n");
    QTest::newRow("nul and control bytes") << QByteArray("routes:\0\x01\x02\n  - \x7f", 16);
    QTest::newRow("invalid utf-8") << QByteArray("routes:\n  - path: /\xff\xfe\n");
    QTest::newRow("unterminated quote") << QByteArray("routes: \"abc\n");
    QTest::newRow("tabs") << QByteArray("routes:\n\t- path: /a\n");
    QTest::newRow("huge number") << QByteArray("server:\n  port: ") + QByteArray(5000, '9') + "\n";
    QTest::newRow("complex key") << QByteArray("? [a, b]\n: 1\n");
    QTest::newRow("directive") << QByteArray("%YAML 9.9\n---\nroutes: []\n");
    // yaml-cpp 0.7's LoadAll() never returns on these (jbeder/yaml-cpp#1040).
    QTest::newRow("lone comma") << QByteArray(",");
    QTest::newRow("comma after a document") << validRoutes + "---\n,\n";
    QTest::newRow("random bytes") << [] {
        QRandomGenerator generator(20240601); // fixed seed: the same bytes every run
        QByteArray bytes(4096, Qt::Uninitialized);
        for (char &byte : bytes)
            byte = char(generator.bounded(256));
        return bytes;
    }();
}

void TestConfigLoader::hostileInput() {
    QFETCH(QByteArray, yaml);

    // Never a crash, a hang or an exception: always a refusal that says where.
    const ConfigLoadResult result = load(yaml);
    QVERIFY(!result.ok());
    QVERIFY(!result.errors.isEmpty());
    for (const ConfigError &error : result.errors)
        QVERIFY(!error.message.isEmpty());
}

void TestConfigLoader::errorToString() {
    QCOMPARE((ConfigError{QStringLiteral("gw.yaml"), 3, 7, QStringLiteral("bad")}).toString(),
             QStringLiteral("gw.yaml:3:7: bad"));
    QCOMPARE((ConfigError{QStringLiteral("gw.yaml"), 0, 0, QStringLiteral("bad")}).toString(),
             QStringLiteral("gw.yaml: bad"));
    // Placeholders in the parts are not expanded.
    QCOMPARE((ConfigError{QStringLiteral("%2.yaml"), 1, 2, QStringLiteral("%1")}).toString(),
             QStringLiteral("%2.yaml:1:2: %1"));
}

QTEST_GUILESS_MAIN(TestConfigLoader)
#include "tst_configloader.moc"
