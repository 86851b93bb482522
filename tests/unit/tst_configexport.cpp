// core/export: what each setting of a GatewayConfig becomes in nginx.conf and haproxy.cfg, and
// what is listed as untranslatable instead (README, "Outgrowing the laptop"). That the engines
// accept the files and route alike is tst_exportfaithful's part.
#include "export/configexport.h"

#include <QTest>

namespace {

TargetConfig target(const QByteArray &url, int weight = 1, const QString &name = QString()) {
    return {QUrl(QString::fromLatin1(url)), weight, name};
}

RouteConfig route(const QString &id, const QByteArray &path, QList<TargetConfig> targets,
                  StrategyKind strategy = StrategyKind::RoundRobin) {
    RouteConfig route;
    route.id = id;
    route.path = path;
    route.strategy = strategy;
    route.targets = std::move(targets);
    return route;
}

ExportSource sourceWith(QList<RouteConfig> routes) {
    ExportSource source;
    source.config.sourceFile = QStringLiteral("/etc/gateway.yaml");
    source.config.routes = std::move(routes);
    return source;
}

// One route over three instances with weights 5, 1, 1.
ExportSource threeInstances(StrategyKind strategy) {
    return sourceWith({route(QStringLiteral("svc"), "/svc",
                             {target("http://127.0.0.1:9001", 5), target("http://127.0.0.1:9002"),
                              target("http://127.0.0.1:9003")},
                             strategy)});
}

// The lines that start with prefix.
QByteArrayList startingWith(const QByteArrayList &lines, QByteArrayView prefix) {
    QByteArrayList found;
    for (const QByteArray &line : lines) {
        if (line.startsWith(prefix))
            found.append(line);
    }
    return found;
}

// The lines of text, each trimmed, for comparing lines whatever their indentation.
QByteArrayList trimmedLines(const QByteArray &text) {
    QByteArrayList lines;
    for (const QByteArray &line : text.split('\n'))
        lines.append(line.trimmed());
    return lines;
}

} // namespace

class TestConfigExport final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void formatsHaveNamesAndFileNames();
    void sameSourceGivesSameBytes();
    void headerNamesTheSourceAndWhatIsLeftOut();
    void strategies_data();
    void strategies();
    void weights_data();
    void weights();
    void adminStates();
    void prefixIsStrippedIntoTheBasePath();
    void rootRouteReplacesThe404();
    void longestPrefixComesFirstForHaproxy();
    void healthChecks();
    void passiveHealth_data();
    void passiveHealth();
    void limits();
    void routeIdsBecomeUniqueIdentifiers();
    void runningStateComesFromTheSnapshot();
};

void TestConfigExport::formatsHaveNamesAndFileNames() {
    QCOMPARE(allExportFormatNames(), QByteArrayList({"nginx", "haproxy"}));
    QCOMPARE(parseExportFormat("haproxy"), ExportFormat::Haproxy);
    QCOMPARE(parseExportFormat("Nginx"), std::nullopt);
    QCOMPARE(exportFileName(ExportFormat::Nginx), QStringLiteral("nginx.conf"));
    QCOMPARE(exportFileName(ExportFormat::Haproxy), QStringLiteral("haproxy.cfg"));
}

void TestConfigExport::sameSourceGivesSameBytes() {
    const ExportSource source = threeInstances(StrategyKind::IpHash);
    for (const ExportFormat format : {ExportFormat::Nginx, ExportFormat::Haproxy})
        QCOMPARE(exportConfig(format, source), exportConfig(format, source));
}

void TestConfigExport::headerNamesTheSourceAndWhatIsLeftOut() {
    ExportSource source = threeInstances(StrategyKind::RoundRobin);
    source.config.admin = ListenAddress{QHostAddress::LocalHost, 8090};
    source.config.demo.backendPorts = {9002};
    for (const ExportFormat format : {ExportFormat::Nginx, ExportFormat::Haproxy}) {
        const QByteArray text = exportConfig(format, source);
        QVERIFY(text.startsWith(QByteArray("# " + exportFileName(format).toUtf8() + ": ")));
        QVERIFY(text.contains("# Exported by Gateway Console from /etc/gateway.yaml.\n"));
        // Only the instance at a demo port is named a demo instance.
        QVERIFY2(text.contains("# - demo: the demo instances run inside the gateway; nothing "
                               "answers at 127.0.0.1:9002 unless"),
                 text.constData());
        QVERIFY(text.contains("# - admin: the JSON admin API and /metrics at 127.0.0.1:8090\n"));
        QVERIFY(text.contains("# - panic: "));
        QVERIFY(text.contains("# - loop protection: "));
        QCOMPARE(text.count("(a demo instance)"), 1);
        QVERIFY(!text.contains("server.listen: port 0"));
    }
    source.config.listen.port = 0;
    for (const ExportFormat format : {ExportFormat::Nginx, ExportFormat::Haproxy}) {
        QVERIFY(exportConfig(format, source)
                    .contains("# - server.listen: port 0 (any free port) has no meaning for the "
                              "engine;"));
    }
}

void TestConfigExport::strategies_data() {
    QTest::addColumn<StrategyKind>("strategy");
    QTest::addColumn<QByteArrayList>("nginx");   // lines in the upstream block
    QTest::addColumn<QByteArrayList>("haproxy"); // lines in the backend
    QTest::newRow("round_robin") << StrategyKind::RoundRobin << QByteArrayList()
                                 << QByteArrayList{"balance roundrobin"};
    QTest::newRow("weighted_round_robin") << StrategyKind::WeightedRoundRobin << QByteArrayList()
                                          << QByteArrayList{"balance roundrobin"};
    QTest::newRow("least_connections")
        << StrategyKind::LeastConnections << QByteArrayList{"least_conn;"}
        << QByteArrayList{"balance leastconn"};
    QTest::newRow("random") << StrategyKind::Random << QByteArrayList{"random;"}
                            << QByteArrayList{"balance random(1)"};
    QTest::newRow("power_of_two") << StrategyKind::PowerOfTwo
                                  << QByteArrayList{"random two least_conn;"}
                                  << QByteArrayList{"balance random(2)"};
    QTest::newRow("ip_hash") << StrategyKind::IpHash
                             << QByteArrayList{"hash $remote_addr consistent;"}
                             << QByteArrayList{"balance source", "hash-type consistent"};
}

void TestConfigExport::strategies() {
    QFETCH(StrategyKind, strategy);
    QFETCH(QByteArrayList, nginx);
    QFETCH(QByteArrayList, haproxy);
    const ExportSource source = threeInstances(strategy);
    const QByteArrayList nginxLines = trimmedLines(exportConfig(ExportFormat::Nginx, source));
    for (const QByteArray &line : nginx)
        QVERIFY2(nginxLines.contains(line), line.constData());
    // nginx's default (no directive) is the smooth weighted round robin.
    for (const char *method : {"least_conn;", "random;", "random two least_conn;", "ip_hash;"}) {
        if (!nginx.contains(method))
            QVERIFY(!nginxLines.contains(method));
    }
    const QByteArrayList haproxyLines = trimmedLines(exportConfig(ExportFormat::Haproxy, source));
    for (const QByteArray &line : haproxy)
        QVERIFY2(haproxyLines.contains(line), line.constData());
    QCOMPARE(startingWith(haproxyLines, "balance ").size(), 1);
}

void TestConfigExport::weights_data() {
    QTest::addColumn<StrategyKind>("strategy");
    QTest::addColumn<QList<int>>("weights");
    QTest::addColumn<QByteArray>("nginxFirst");
    QTest::addColumn<QByteArray>("haproxyFirst");
    QTest::addColumn<QByteArray>("haproxyNote");
    // round_robin ignores weights, so neither engine gets one.
    QTest::newRow("round_robin") << StrategyKind::RoundRobin << QList<int>{5, 1}
                                 << QByteArray("server 127.0.0.1:9001 max_fails=1")
                                 << QByteArray("server 127.0.0.1:9001 127.0.0.1:9001 #")
                                 << QByteArray();
    QTest::newRow("weighted") << StrategyKind::WeightedRoundRobin << QList<int>{5, 1}
                              << QByteArray("server 127.0.0.1:9001 weight=5 max_fails=1")
                              << QByteArray("server 127.0.0.1:9001 127.0.0.1:9001 weight 5 #")
                              << QByteArray();
    // HAProxy's weights end at 256: scaled, the ratio kept as far as whole numbers go.
    QTest::newRow("over HAProxy's range")
        << StrategyKind::Random << QList<int>{1000, 1}
        << QByteArray("server 127.0.0.1:9001 weight=1000 max_fails=1")
        << QByteArray("server 127.0.0.1:9001 127.0.0.1:9001 weight 256 # #1 (weight 1000 in "
                      "the gateway)")
        << QByteArray("#1's weight 1000 scaled to 256 (HAProxy's largest is 256)");
}

void TestConfigExport::weights() {
    QFETCH(StrategyKind, strategy);
    QFETCH(QList<int>, weights);
    QFETCH(QByteArray, nginxFirst);
    QFETCH(QByteArray, haproxyFirst);
    QFETCH(QByteArray, haproxyNote);
    const ExportSource source = sourceWith({route(
        QStringLiteral("svc"), "/svc",
        {target("http://127.0.0.1:9001", weights[0]), target("http://127.0.0.1:9002", weights[1])},
        strategy)});
    const QByteArray nginx = exportConfig(ExportFormat::Nginx, source);
    QVERIFY2(nginx.contains(nginxFirst), nginx.constData());
    const QByteArray haproxy = exportConfig(ExportFormat::Haproxy, source);
    QVERIFY2(haproxy.contains(haproxyFirst), haproxy.constData());
    QVERIFY2(haproxy.contains("server 127.0.0.1:9002 127.0.0.1:9002 #"), haproxy.constData());
    if (!haproxyNote.isEmpty())
        QVERIFY2(haproxy.contains(haproxyNote), haproxy.constData());
}

void TestConfigExport::adminStates() {
    ExportSource source = threeInstances(StrategyKind::RoundRobin);
    source.config.routes[0].targets[1].name = QStringLiteral("b");
    source.config.routes[0].targets[2].name = QStringLiteral("c");
    source.adminStates.insert(QStringLiteral("svc"),
                              {AdminState::Enabled, AdminState::Disabled, AdminState::Draining});
    const QByteArray nginx = exportConfig(ExportFormat::Nginx, source);
    QVERIFY(nginx.contains("server 127.0.0.1:9001 max_fails=1 fail_timeout=10s; # #1"));
    QVERIFY(nginx.contains("server 127.0.0.1:9002 max_fails=1 fail_timeout=10s down; # #2 b\n"));
    // nginx has no drain: down, and said so in place and at the top.
    QVERIFY(nginx.contains("server 127.0.0.1:9003 max_fails=1 fail_timeout=10s down; # #3 c "
                           "(draining: nginx has no drain, down takes it out)\n"));
    QVERIFY(nginx.contains("# - route svc (/svc, round_robin): c is draining; nginx has no "
                           "drain, it is down\n"));
    const QByteArray haproxy = exportConfig(ExportFormat::Haproxy, source);
    QVERIFY(haproxy.contains("server b 127.0.0.1:9002 disabled # #2\n"));
    // HAProxy's config has no drain either; weight 0 takes no new requests.
    QVERIFY(haproxy.contains("server c 127.0.0.1:9003 weight 0 # #3 (draining: weight 0 takes "
                             "no new requests)\n"));
}

void TestConfigExport::prefixIsStrippedIntoTheBasePath() {
    const ExportSource source = sourceWith(
        {route(QStringLiteral("api"), "/api-v1",
               {target("http://10.0.0.1:80/base/"), target("http://10.0.0.2:8080/other")})});
    const QByteArray nginx = exportConfig(ExportFormat::Nginx, source);
    QVERIFY(nginx.contains("location = /api-v1 { proxy_pass http://route_api/base/; }\n"));
    QVERIFY(nginx.contains("location /api-v1/ { proxy_pass http://route_api/base/; }\n"));
    QVERIFY(nginx.contains("server 10.0.0.1:80 "));
    // Without a root route, every other path gets the gateway's 404 and body.
    QVERIFY(nginx.contains("return 404 \"404 Not Found: no route for $request_uri\\n\";"));

    const QByteArray haproxy = exportConfig(ExportFormat::Haproxy, source);
    QVERIFY(haproxy.contains("acl route_api path /api-v1\n"));
    QVERIFY(haproxy.contains("acl route_api path_beg /api-v1/\n"));
    QVERIFY(haproxy.contains("http-request replace-path '^/api\\-v1/?(.*)' '/base/\\1'\n"));
    QVERIFY(haproxy.contains("default_backend no_route\n"));
    QVERIFY(haproxy.contains("lf-string \"404 Not Found: no route for %[capture.req.uri]\\n\""));

    // One upstream has one path: the second instance's differs, and the top says so.
    for (const ExportFormat format : {ExportFormat::Nginx, ExportFormat::Haproxy}) {
        QVERIFY(exportConfig(format, source)
                    .contains("# - route api (/api-v1, round_robin): instance #2 has the base "
                              "path \"/other\", the first \"/base\";"));
    }
}

void TestConfigExport::rootRouteReplacesThe404() {
    const ExportSource source =
        sourceWith({route(QStringLiteral("root"), "/", {target("http://127.0.0.1:9001")}),
                    route(QStringLiteral("a"), "/a", {target("http://127.0.0.1:9002/x")})});
    const QByteArray nginx = exportConfig(ExportFormat::Nginx, source);
    QVERIFY(nginx.contains("location / { proxy_pass http://route_root/; }\n"));
    QVERIFY(!nginx.contains("return 404"));
    const QByteArray haproxy = exportConfig(ExportFormat::Haproxy, source);
    QVERIFY(haproxy.contains("default_backend route_root\n"));
    // The root route forwards the path as it is: nothing to replace.
    const qsizetype rootBackend = haproxy.indexOf("\nbackend route_root\n");
    QVERIFY(rootBackend > 0);
    QVERIFY(!haproxy.sliced(rootBackend).contains("replace-path"));
}

void TestConfigExport::longestPrefixComesFirstForHaproxy() {
    const ExportSource source =
        sourceWith({route(QStringLiteral("a"), "/a", {target("http://127.0.0.1:9001")}),
                    route(QStringLiteral("ab"), "/a/b", {target("http://127.0.0.1:9002")})});
    const QByteArrayList rules =
        startingWith(trimmedLines(exportConfig(ExportFormat::Haproxy, source)), "use_backend ");
    QCOMPARE(rules, QByteArrayList(
                        {"use_backend route_ab if route_ab", "use_backend route_a if route_a"}));
}

void TestConfigExport::healthChecks() {
    ExportSource source = sourceWith(
        {route(QStringLiteral("svc"), "/svc",
               {target("http://127.0.0.1:9001/base"), target("http://127.0.0.1:9002/base")})});
    source.config.routes[0].healthCheck =
        HealthCheckConfig{"/healthz", Milliseconds(500), Milliseconds(300), 3, 4};
    const QByteArray haproxy = exportConfig(ExportFormat::Haproxy, source);
    QVERIFY(haproxy.contains("option httpchk GET /base/healthz\n"));
    QVERIFY(haproxy.contains("timeout check 300ms\n"));
    QVERIFY(haproxy.contains("default-server check inter 500ms rise 3 fall 4\n"));
    // Open-source nginx has no active checks: said in the upstream and at the top.
    const QByteArray nginx = exportConfig(ExportFormat::Nginx, source);
    QVERIFY(nginx.contains("# Active checks (GET /base/healthz every 500ms, rise 3, fall 4): "
                           "open-source nginx has none;"));
    QVERIFY(nginx.contains("# - route svc (/svc, round_robin): active health checks "
                           "(open-source nginx has none)\n"));
}

void TestConfigExport::passiveHealth_data() {
    QTest::addColumn<int>("instances");
    QTest::addColumn<PassiveHealthConfig>("passive");
    QTest::addColumn<QByteArray>("nginxServer");
    QTest::addColumn<QByteArray>("haproxyObserve"); // empty: none
    QTest::newRow("defaults")
        << 2 << PassiveHealthConfig{}
        << QByteArray("server 127.0.0.1:9001 max_fails=1 fail_timeout=10s;")
        << QByteArray("default-server observe layer4 error-limit 1 on-error mark-down\n");
    QTest::newRow("count_5xx")
        << 2 << PassiveHealthConfig{3, Milliseconds(30000), true}
        << QByteArray("server 127.0.0.1:9001 max_fails=3 fail_timeout=30s;")
        << QByteArray("default-server observe layer7 error-limit 3 on-error mark-down\n");
    QTest::newRow("off") << 2 << PassiveHealthConfig{0, Milliseconds(10000), false}
                         << QByteArray("server 127.0.0.1:9001 max_fails=0;") << QByteArray();
    // The gateway never ejects a route's only instance.
    QTest::newRow("one instance") << 1 << PassiveHealthConfig{}
                                  << QByteArray("server 127.0.0.1:9001 max_fails=0;")
                                  << QByteArray();
}

void TestConfigExport::passiveHealth() {
    QFETCH(int, instances);
    QFETCH(PassiveHealthConfig, passive);
    QFETCH(QByteArray, nginxServer);
    QFETCH(QByteArray, haproxyObserve);
    QList<TargetConfig> targets = {target("http://127.0.0.1:9001")};
    if (instances == 2)
        targets.append(target("http://127.0.0.1:9002"));
    ExportSource source = sourceWith({route(QStringLiteral("svc"), "/svc", targets)});
    source.config.routes[0].passiveHealth = passive;
    const QByteArray nginx = exportConfig(ExportFormat::Nginx, source);
    QVERIFY2(nginx.contains(nginxServer), nginx.constData());
    QCOMPARE(nginx.contains("count_5xx: nginx counts a 5xx only when proxy_next_upstream"),
             passive.count5xx);
    const QByteArray haproxy = exportConfig(ExportFormat::Haproxy, source);
    if (haproxyObserve.isEmpty()) {
        QVERIFY(!haproxy.contains("observe"));
        QVERIFY(!haproxy.contains("default-server check"));
    } else {
        QVERIFY2(haproxy.contains(haproxyObserve), haproxy.constData());
        // Without active checks, a TCP check every fail_timeout brings an instance back.
        const QByteArray check = "default-server check inter " +
                                 QByteArray(passive.failTimeout.count() == 30000 ? "30s" : "10s") +
                                 " rise 1 fall 1\n";
        QVERIFY2(haproxy.contains(check), haproxy.constData());
    }
}

void TestConfigExport::limits() {
    ExportSource source = threeInstances(StrategyKind::RoundRobin);
    LimitsConfig &limits = source.config.limits;
    limits.maxBodyBytes = 1048576;
    limits.headerTimeout = Milliseconds(5000);
    limits.idleTimeout = Milliseconds(90000);
    limits.connectTimeout = Milliseconds(1500);
    limits.responseTimeout = Milliseconds(3600000);
    limits.maxConnections = 200;
    source.config.listen = {QHostAddress(QStringLiteral("::1")), 8443};
    const QByteArrayList nginx = trimmedLines(exportConfig(ExportFormat::Nginx, source));
    for (const QByteArray &line :
         {QByteArray("listen [::1]:8443 backlog=511; # server.listen"),
          QByteArray("client_max_body_size 1048576; # limits.max_body_bytes (0: unlimited in "
                     "both)"),
          QByteArray("client_header_timeout 5s; # limits.header_timeout"),
          QByteArray("keepalive_timeout 90s;"), QByteArray("send_timeout 90s;"),
          QByteArray("proxy_connect_timeout 1500ms; # limits.connect_timeout"),
          QByteArray("proxy_read_timeout 1h;"), QByteArray("worker_connections 400;"),
          QByteArray("large_client_header_buffers 1 65536;")}) {
        QVERIFY2(nginx.contains(line), line.constData());
    }
    const QByteArrayList haproxy = trimmedLines(exportConfig(ExportFormat::Haproxy, source));
    for (const QByteArray &line :
         {QByteArray("bind [::1]:8443 # server.listen"), QByteArray("backlog 511"),
          QByteArray("maxconn 200 # limits.max_connections"),
          QByteArray("http-request deny deny_status 413 if { req.hdr_val(content-length) gt "
                     "1048576 }"),
          QByteArray("timeout http-request 5s # limits.header_timeout"),
          QByteArray("timeout client 90s # limits.idle_timeout"),
          QByteArray("timeout connect 1500ms # limits.connect_timeout"),
          QByteArray("timeout server 1h # limits.response_timeout"),
          QByteArray("tune.bufsize 66560")}) {
        QVERIFY2(haproxy.contains(line), line.constData());
    }
}

void TestConfigExport::routeIdsBecomeUniqueIdentifiers() {
    const ExportSource source =
        sourceWith({route(QStringLiteral("api/v1"), "/api/v1", {target("http://127.0.0.1:9001")}),
                    route(QStringLiteral("api-v1"), "/other", {target("http://127.0.0.1:9002")})});
    const QByteArray nginx = exportConfig(ExportFormat::Nginx, source);
    QVERIFY(nginx.contains("upstream route_api_v1 {\n"));
    QVERIFY(nginx.contains("upstream route_api_v1_2 {\n"));
}

void TestConfigExport::runningStateComesFromTheSnapshot() {
    GatewayConfig config = threeInstances(StrategyKind::RoundRobin).config;
    GatewaySnapshot snapshot;
    RouteSnapshot running;
    running.id = QStringLiteral("svc");
    running.strategy = StrategyKind::LeastConnections;
    for (const char *url : {"http://127.0.0.1:9001", "http://127.0.0.1:9999"}) {
        BackendSnapshot backend;
        backend.url = QString::fromLatin1(url);
        backend.weight = 7;
        backend.adminState = AdminState::Disabled;
        running.backends.append(backend);
    }
    snapshot.routes = {running};
    const ExportSource source = ExportSource::fromRunning(config, snapshot);
    const RouteConfig &route = source.config.routes[0];
    QCOMPARE(route.strategy, StrategyKind::LeastConnections);
    QCOMPARE(route.targets[0].weight, 7);
    QCOMPARE(source.adminState(QStringLiteral("svc"), 0), AdminState::Disabled);
    // Another URL at the same index is another instance: its state stays out.
    QCOMPARE(route.targets[1].weight, 1);
    QCOMPARE(source.adminState(QStringLiteral("svc"), 1), AdminState::Enabled);
    QCOMPARE(source.adminState(QStringLiteral("svc"), 2), AdminState::Enabled);
    QCOMPARE(source.adminState(QStringLiteral("other"), 0), AdminState::Enabled);
}

QTEST_APPLESS_MAIN(TestConfigExport)
#include "tst_configexport.moc"
