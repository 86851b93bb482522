// The exports of core/export proven against the real engines (README, "Outgrowing the laptop"):
// every bundled config's nginx.conf and haproxy.cfg pass `nginx -t` and `haproxy -c`, and the
// gateway, nginx and HAProxy, each in front of the same scripted backends, route the same
// requests alike: round-robin order, weighted shares, disabled and draining instances,
// ip_hash stickiness, the prefix stripped and the query kept, the longest prefix, the 404 and its
// body, and the limits on heads and bodies. Where an engine differs, the
// difference the README documents is what is asserted.
#include "config/bundledconfig.h"
#include "config/configloader.h"
#include "engineprocess.h"
#include "export/configexport.h"
#include "gatewayfixture.h"
#include "rawclient.h"
#include "scenarios/scenariocatalog.h"
#include "scriptedbackend.h"

#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTest>
#include <memory>

namespace {

// Who runs the routes: the gateway itself, or an engine over the config exported for it.
enum class Engine { Gateway, Nginx, Haproxy };

// What one request got: the status and the body, which a backend makes "<its name> <the target
// it received>".
struct Answer {
    int status = 0;
    QByteArray body;
};

struct Request {
    QByteArray target;
    QHostAddress client = QHostAddress::LocalHost;
};

// The backend that answered ("alpha"), from a backend's body.
QByteArray servedBy(const Answer &answer) {
    return answer.body.left(answer.body.indexOf(' '));
}

QList<QByteArray> servedBy(const QList<Answer> &answers) {
    QList<QByteArray> names;
    for (const Answer &answer : answers)
        names.append(servedBy(answer));
    return names;
}

} // namespace

class TestExportFaithful final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void bundledConfigsPassTheEnginesChecks_data();
    void bundledConfigsPassTheEnginesChecks();
    void enginesRouteAlike_data();
    void enginesRouteAlike();

private:
    // The routes every engine runs, over the three backends, listening on listenPort.
    GatewayConfig routesConfig(quint16 listenPort) const;
    // routesConfig() with the instances of /held after the first disabled and draining.
    static ExportSource heldSource(GatewayConfig config);
    // Starts engine on routesConfig(); the port it listens on, 0 when it failed (the reason is
    // logged by the failed check).
    quint16 startEngine(Engine engine);
    // Each request on a connection of its own, from its client address, in order.
    QList<Answer> ask(quint16 port, const QList<Request> &requests);
    // One request as raw bytes, on a connection of its own.
    static Answer askRaw(quint16 port, const QByteArray &bytes);

    std::unique_ptr<ScriptedBackend> m_alpha;
    std::unique_ptr<ScriptedBackend> m_beta;
    std::unique_ptr<ScriptedBackend> m_gamma;
    std::unique_ptr<GatewayFixture> m_gateway;
    std::unique_ptr<EngineProcess> m_engine;
};

void TestExportFaithful::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
    // make test needs both (scripts/install-deps.sh installs them with the build set).
    for (const char *engine : {"nginx", "haproxy"}) {
        QVERIFY2(!QStandardPaths::findExecutable(QLatin1String(engine)).isEmpty() ||
                     !QStandardPaths::findExecutable(QLatin1String(engine),
                                                     {QStringLiteral("/usr/sbin")})
                          .isEmpty(),
                 qPrintable(QStringLiteral("%1 is not installed: scripts/install-deps.sh build")
                                .arg(QLatin1String(engine))));
    }
    // Debian installs both in /usr/sbin, which a normal user's PATH may lack.
    qputenv("PATH", qgetenv("PATH") + ":/usr/sbin");
}

void TestExportFaithful::init() {
    for (auto [backend, name] :
         {std::pair{&m_alpha, "alpha"}, std::pair{&m_beta, "beta"}, std::pair{&m_gamma, "gamma"}}) {
        *backend = std::make_unique<ScriptedBackend>(name);
        ScriptedBackend *self = backend->get();
        self->setHandler([self](const ReceivedRequest &request, BackendReply &reply) {
            reply.body = self->name() + ' ' + request.target;
        });
    }
}

void TestExportFaithful::cleanup() {
    m_engine.reset();
    m_gateway.reset();
    m_alpha.reset();
    m_beta.reset();
    m_gamma.reset();
}

void TestExportFaithful::bundledConfigsPassTheEnginesChecks_data() {
    QTest::addColumn<QString>("configPath");
    QTest::addColumn<ExportFormat>("engine");
    QStringList paths = {QString::fromLatin1(bundledConfigPath)};
    const ScenarioCatalog catalog = ScenarioCatalog::bundled();
    for (const Scenario &scenario : catalog.scenarios())
        paths.append(scenario.configPath);
    for (const QString &path : paths) {
        for (const ExportFormat engine : {ExportFormat::Nginx, ExportFormat::Haproxy}) {
            QTest::addRow("%s %s", qPrintable(path), exportFormatName(engine).constData())
                << path << engine;
        }
    }
}

void TestExportFaithful::bundledConfigsPassTheEnginesChecks() {
    QFETCH(QString, configPath);
    QFETCH(ExportFormat, engine);
    const ConfigLoadResult loaded = loadConfigFile(configPath);
    QVERIFY(loaded.ok());
    ExportSource source;
    source.config = *loaded.config;
    EngineProcess process(engine);
    const QString problems = process.check(exportConfig(engine, source));
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

GatewayConfig TestExportFaithful::routesConfig(quint16 listenPort) const {
    GatewayConfig config = GatewayFixture::baseConfig();
    config.sourceFile = QStringLiteral("tst_exportfaithful");
    config.listen.port = listenPort;
    config.limits.maxHeaderBytes = 4096;
    config.limits.maxBodyBytes = 1000;
    const QUrl alpha = m_alpha->url();
    const QUrl beta = m_beta->url();
    const QUrl gamma = m_gamma->url();
    config.routes.append(GatewayFixture::route(QStringLiteral("rr"), "/rr", {alpha, beta, gamma}));
    config.routes.append(GatewayFixture::route(QStringLiteral("inner"), "/rr/inner", {gamma}));
    RouteConfig weighted =
        GatewayFixture::route(QStringLiteral("weighted"), "/weighted", {alpha, beta});
    weighted.strategy = StrategyKind::WeightedRoundRobin;
    weighted.targets[0].weight = 3;
    config.routes.append(weighted);
    RouteConfig sticky =
        GatewayFixture::route(QStringLiteral("sticky"), "/sticky", {alpha, beta, gamma});
    sticky.strategy = StrategyKind::IpHash;
    config.routes.append(sticky);
    QUrl alphaApi = alpha;
    alphaApi.setPath(QStringLiteral("/api"));
    config.routes.append(GatewayFixture::route(QStringLiteral("base"), "/base", {alphaApi}));
    config.routes.append(
        GatewayFixture::route(QStringLiteral("held"), "/held", {alpha, beta, gamma}));
    return config;
}

ExportSource TestExportFaithful::heldSource(GatewayConfig config) {
    ExportSource source;
    source.config = std::move(config);
    source.adminStates.insert(QStringLiteral("held"),
                              {AdminState::Enabled, AdminState::Disabled, AdminState::Draining});
    return source;
}

quint16 TestExportFaithful::startEngine(Engine engine) {
    if (engine == Engine::Gateway) {
        m_gateway = std::make_unique<GatewayFixture>();
        const ExportSource source = heldSource(routesConfig(0));
        if (!m_gateway->start(source.config)) {
            qWarning("the gateway did not start: %s", qPrintable(m_gateway->startError()));
            return 0;
        }
        const QList<AdminState> &held = source.adminStates[QStringLiteral("held")];
        for (int i = 0; i < held.size(); ++i) {
            if (!m_gateway->setBackendAdminState(QStringLiteral("held"), i, held[i]).ok())
                return 0;
        }
        return m_gateway->port();
    }
    const ExportFormat format =
        engine == Engine::Nginx ? ExportFormat::Nginx : ExportFormat::Haproxy;
    const quint16 port = GatewayFixture::unusedPort();
    const ExportSource source = heldSource(routesConfig(port));
    m_engine = std::make_unique<EngineProcess>(format);
    if (!m_engine->start(exportConfig(format, source)) ||
        !waitUntil([&] { return m_engine->isListening(port); }, defaultWaitMs)) {
        qWarning("%s did not start: %s", exportFormatName(format).constData(),
                 qPrintable(m_engine->output()));
        return 0;
    }
    return port;
}

QList<Answer> TestExportFaithful::ask(quint16 port, const QList<Request> &requests) {
    QList<Answer> answers;
    for (const Request &request : requests) {
        RawClient client(port, request.client);
        client.send(RawClient::request("GET", request.target));
        const ParsedResponse response = client.readResponse();
        if (!response.complete)
            qWarning("%s: %s", request.target.constData(), response.error.constData());
        answers.append({response.status, response.body.bytes()});
    }
    return answers;
}

Answer TestExportFaithful::askRaw(quint16 port, const QByteArray &bytes) {
    RawClient client(port);
    client.send(bytes);
    const ParsedResponse response = client.readResponse();
    return {response.status, response.body.bytes()};
}

void TestExportFaithful::enginesRouteAlike_data() {
    QTest::addColumn<Engine>("engine");
    // Weighted 3:1, two rounds: nginx runs the same smooth weighted round robin as the gateway
    // and interleaves alike; HAProxy's own weighted round robin gives the same shares in a
    // different order (README, "Outgrowing the laptop").
    QTest::addColumn<QList<QByteArray>>("weightedOrder");
    const QList<QByteArray> smooth = {"alpha", "alpha", "beta", "alpha",
                                      "alpha", "alpha", "beta", "alpha"};
    // A head over max_header_bytes: 431 from the gateway, 400 from both engines.
    QTest::addColumn<int>("headTooLargeStatus");
    // A chunked body over max_body_bytes: HAProxy's limit reads Content-Length only.
    QTest::addColumn<int>("chunkedTooLargeStatus");
    QTest::newRow("gateway") << Engine::Gateway << smooth << 431 << 413;
    QTest::newRow("nginx") << Engine::Nginx << smooth << 400 << 413;
    QTest::newRow("haproxy") << Engine::Haproxy
                             << QList<QByteArray>({"alpha", "alpha", "alpha", "beta", "alpha",
                                                   "alpha", "alpha", "beta"})
                             << 400 << 200;
}

void TestExportFaithful::enginesRouteAlike() {
    QFETCH(Engine, engine);
    QFETCH(QList<QByteArray>, weightedOrder);
    QFETCH(int, headTooLargeStatus);
    QFETCH(int, chunkedTooLargeStatus);
    const quint16 port = startEngine(engine);
    QVERIFY(port != 0);

    // Round robin, in the instances' order, starting with the first.
    QList<Request> roundRobin(6, Request{"/rr/x"});
    QCOMPARE(servedBy(ask(port, roundRobin)),
             QList<QByteArray>({"alpha", "beta", "gamma", "alpha", "beta", "gamma"}));

    // Weighted 3:1: three in four to alpha in each round of four picks.
    QCOMPARE(servedBy(ask(port, QList<Request>(8, Request{"/weighted"}))), weightedOrder);

    // A disabled and a draining instance get no new requests.
    const QList<QByteArray> held = servedBy(ask(port, QList<Request>(4, Request{"/held"})));
    QCOMPARE(held, QList<QByteArray>(4, "alpha"));

    // ip_hash: each client stays on its instance. Which one differs between the engines: each
    // hashes with its own function over its own keys (README, "Outgrowing the laptop").
    for (int client = 2; client <= 7; ++client) {
        const QHostAddress address(QStringLiteral("127.0.0.%1").arg(client));
        const QList<QByteArray> served =
            servedBy(ask(port, QList<Request>(3, Request{"/sticky/", address})));
        QCOMPARE(served, QList<QByteArray>(3, served.first()));
    }

    // The prefix stripped and the query kept; the instance's base path in front.
    const QList<Answer> paths =
        ask(port, {{"/base/x?q=1&r=%2F"}, {"/base"}, {"/base?q"}, {"/rr/inner/y"}, {"/rr/inner"}});
    QCOMPARE(paths[0].body, QByteArray("alpha /api/x?q=1&r=%2F"));
    QCOMPARE(paths[1].body, QByteArray("alpha /api/"));
    QCOMPARE(paths[2].body, QByteArray("alpha /api/?q"));
    // The longest prefix wins over /rr.
    QCOMPARE(paths[3].body, QByteArray("gamma /y"));
    QCOMPARE(paths[4].body, QByteArray("gamma /"));

    // No route: 404 with the gateway's body; a prefix only matches whole segments.
    const QList<Answer> missing = ask(port, {{"/nothing?z=1"}, {"/rrx"}});
    QCOMPARE(missing[0].status, 404);
    QCOMPARE(missing[0].body, QByteArray("404 Not Found: no route for /nothing?z=1\n"));
    QCOMPARE(missing[1].status, 404);

    // Limits: a head over max_header_bytes, and bodies over max_body_bytes.
    const Answer bigHead =
        askRaw(port, RawClient::request("GET", "/rr/x",
                                        QByteArray("X-Big: " + QByteArray(6000, 'a') + "\r\n")));
    QCOMPARE(bigHead.status, headTooLargeStatus);
    const Answer bigBody =
        askRaw(port, RawClient::request("POST", "/rr/x", "Content-Length: 2000\r\n") +
                         QByteArray(2000, 'b'));
    QCOMPARE(bigBody.status, 413);
    const Answer bigChunkedBody =
        askRaw(port, RawClient::request("POST", "/rr/x", "Transfer-Encoding: chunked\r\n") +
                         "7d0\r\n" + QByteArray(2000, 'b') + "\r\n0\r\n\r\n");
    QCOMPARE(bigChunkedBody.status, chunkedTooLargeStatus);
}

QTEST_GUILESS_MAIN(TestExportFaithful)
#include "tst_exportfaithful.moc"
