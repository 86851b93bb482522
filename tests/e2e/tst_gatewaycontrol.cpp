// Runtime instance control and live reload through GatewayController and the admin API: drain,
// weight, add/remove instances, strategy, reload (from a config and from the file, under load,
// with errors), and the config file watcher.
#include "gatewayfixture.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include "config/configloader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestGatewayControl final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void drainFinishesInFlightAndSendsNothingNew();
    void weightChangesTheShare();
    void addsAndRemovesInstances();
    void rotationContinuesWhenInstancesChange_data();
    void rotationContinuesWhenInstancesChange();
    void rejectsBadCommands_data();
    void rejectsBadCommands();
    void strategyChangeKeepsInstances();
    void adminEndpoints_data();
    void adminEndpoints();
    void reloadUnderLoadFailsNothing();
    void reloadWithErrorsKeepsRunningConfig();
    void watcherReloadsAfterAtomicSave();
    void reloadKeepsCommandLineAddresses();
    void reloadAppliesNewNames();
    void adminAnswers409WhileStopped();
    void restartBeginsWithHealthUnknown();
    void startWithAnotherConfigCountsFromZero();
};

namespace {

using Command = std::function<void(GatewayController &controller)>;

ControlResult run(GatewayFixture &gateway, const Command &command) {
    QSignalSpy finished(&gateway.controller(), &GatewayController::controlFinished);
    command(gateway.controller());
    if (!finished.wait(defaultWaitMs))
        return ControlResult::failure(ControlResult::Error::NotRunning,
                                      QStringLiteral("no controlFinished()"));
    return finished.first().first().value<ControlResult>();
}

ParsedResponse send(quint16 port, const QByteArray &method, const QByteArray &target,
                    const QByteArray &body = QByteArray()) {
    RawClient client(port);
    if (!client.waitForConnected())
        return {};
    client.send(
        RawClient::request(method, target,
                           body.isEmpty() && method == "GET"
                               ? QByteArray()
                               : "Content-Length: " + QByteArray::number(body.size()) + "\r\n"));
    if (!body.isEmpty())
        client.send(body);
    return client.readResponse();
}

QJsonObject jsonOf(const ParsedResponse &response) {
    return QJsonDocument::fromJson(response.body.bytes()).object();
}

const RouteSnapshot *routeOf(GatewayFixture &gateway) {
    return gateway.controller().lastSnapshot().findRoute("svc");
}

quint16 adminPort(GatewayFixture &gateway) {
    waitUntil([&] { return !gateway.controller().lastSnapshot().adminUrl.isEmpty(); },
              defaultWaitMs);
    return quint16(QUrl(gateway.controller().lastSnapshot().adminUrl).port());
}

QByteArray yamlFor(const QList<QUrl> &targets, const QByteArray &strategy,
                   const QByteArray &extraRoute = QByteArray()) {
    QByteArray yaml = "server:\n  listen: 127.0.0.1:0\nadmin:\n  listen: 127.0.0.1:0\n"
                      "routes:\n  - id: svc\n    path: /svc\n    strategy: " +
                      strategy + "\n    targets:\n";
    for (const QUrl &url : targets)
        yaml += "      - " + url.toEncoded() + '\n';
    return yaml + extraRoute;
}

bool writeFile(const QString &path, const QByteArray &contents) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(contents) == contents.size();
}

// Writes yaml to file, loads it as the program does and starts the gateway on it with the
// file watcher off (these tests reload explicitly). nullopt, with a warning, when it did not.
std::optional<GatewayConfig> startFromFile(GatewayFixture &gateway, const QString &file,
                                           const QByteArray &yaml) {
    if (!writeFile(file, yaml))
        return std::nullopt;
    const ConfigLoadResult loaded = loadConfigFile(file);
    if (!loaded.ok())
        return std::nullopt;
    gateway.controller().setWatchingConfigFile(false);
    if (!gateway.start(*loaded.config)) {
        qWarning("gateway did not start: %s", qPrintable(gateway.startError()));
        return std::nullopt;
    }
    return loaded.config;
}

// Ten keep-alive clients sending their next request as soon as the previous response is in.
class Load final {
public:
    Load(quint16 port, int clients) {
        for (int i = 0; i < clients; ++i) {
            auto client = std::make_unique<RawClient>(port);
            QObject::connect(
                client.get(), &RawClient::responseFinished, client.get(),
                [this, i](const ParsedResponse &response) { onResponse(i, response); });
            m_clients.push_back(std::move(client));
        }
    }
    bool start() {
        for (size_t i = 0; i < m_clients.size(); ++i) {
            if (!m_clients[i]->waitForConnected())
                return false;
            sendNext(int(i));
        }
        return true;
    }
    bool waitForMore(int count) {
        const int target = m_succeeded + count;
        return waitUntil([&] { return m_succeeded >= target || !m_failures.isEmpty(); },
                         defaultWaitMs);
    }
    bool stop() {
        m_running = false;
        return waitUntil([this] { return m_inFlight == 0; }, defaultWaitMs);
    }
    const QByteArrayList &failures() const { return m_failures; }

private:
    void sendNext(int client) {
        ++m_inFlight;
        m_clients[size_t(client)]->send(RawClient::request("GET", "/svc/load"));
        m_clients[size_t(client)]->startResponse();
    }
    void onResponse(int client, const ParsedResponse &response) {
        --m_inFlight;
        const bool ok = response.complete && response.status == 200;
        if (ok)
            ++m_succeeded;
        else
            m_failures.append("client " + QByteArray::number(client) + ": status " +
                              QByteArray::number(response.status) + ' ' + response.error);
        if (m_running && ok)
            sendNext(client);
    }

    std::vector<std::unique_ptr<RawClient>> m_clients;
    QByteArrayList m_failures;
    int m_succeeded = 0;
    int m_inFlight = 0;
    bool m_running = true;
};

} // namespace

void TestGatewayControl::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestGatewayControl::drainFinishesInFlightAndSendsNothingNew() {
    ScriptedBackend slow("slow");
    ScriptedBackend fast("fast");
    slow.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.body = "slow";
        reply.delayMs = 1000; // still in flight when the drain arrives
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({slow.url(), fast.url()}));

    RawClient inFlight(gateway.port());
    QVERIFY(inFlight.waitForConnected());
    inFlight.send(RawClient::request("GET", "/svc/first"));
    QVERIFY(slow.waitForRequests(1));

    const ControlResult drained = run(gateway, [](GatewayController &controller) {
        controller.setBackendAdminState("svc", 0, AdminState::Draining);
    });
    QVERIFY2(drained.ok(), qPrintable(drained.message));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(send(gateway.port(), "GET", "/svc/next").status, 200);
    QCOMPARE(fast.requests().size(), 4);

    const ParsedResponse first = inFlight.readResponse();
    QVERIFY2(first.complete, first.error.constData());
    QCOMPARE(first.status, 200);
    QCOMPARE(first.body.bytes(), QByteArray("slow"));
    QCOMPARE(slow.requests().size(), 1);
    QTRY_VERIFY(routeOf(gateway) &&
                routeOf(gateway)->backends[0].adminState == AdminState::Draining);
    QVERIFY(routeOf(gateway)->backends[0].adminStateChangedAt.isValid());
}

void TestGatewayControl::weightChangesTheShare() {
    ScriptedBackend a("a");
    ScriptedBackend b("b");
    GatewayConfig config = GatewayFixture::singleRouteConfig({a.url(), b.url()});
    config.routes[0].strategy = StrategyKind::WeightedRoundRobin;
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));
    const ControlResult result = run(
        gateway, [](GatewayController &controller) { controller.setBackendWeight("svc", 1, 3); });
    QVERIFY2(result.ok(), qPrintable(result.message));
    for (int i = 0; i < 8; ++i)
        QCOMPARE(send(gateway.port(), "GET", "/svc").status, 200);
    // Smooth weighted round robin over 1:3 gives b three of every four picks.
    QCOMPARE(a.requests().size(), 2);
    QCOMPARE(b.requests().size(), 6);
    QTRY_VERIFY(routeOf(gateway) && routeOf(gateway)->backends[1].weight == 3);
}

void TestGatewayControl::addsAndRemovesInstances() {
    ScriptedBackend a("a");
    ScriptedBackend b("b");
    ScriptedBackend c("c");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({a.url(), b.url()}));
    QCOMPARE(send(gateway.port(), "GET", "/svc").status, 200);
    QCOMPARE(a.requests().size(), 1);

    ControlResult result = run(gateway, [&](GatewayController &controller) {
        controller.addBackend("svc", c.url(), 1, "third");
    });
    QVERIFY2(result.ok(), qPrintable(result.message));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(send(gateway.port(), "GET", "/svc").status, 200);
    QCOMPARE(c.requests().size(), 1);
    QTRY_VERIFY(routeOf(gateway) && routeOf(gateway)->backends.size() == 3);
    QCOMPARE(routeOf(gateway)->backends[2].name, QStringLiteral("third"));
    const quint64 idOfB = routeOf(gateway)->backends[1].id;

    result =
        run(gateway, [](GatewayController &controller) { controller.removeBackend("svc", 0); });
    QVERIFY2(result.ok(), qPrintable(result.message));
    const qsizetype requestsToA = a.requests().size();
    for (int i = 0; i < 4; ++i)
        QCOMPARE(send(gateway.port(), "GET", "/svc").status, 200);
    QCOMPARE(a.requests().size(), requestsToA);
    // The instances that stay keep their identity and counters; indexes move down.
    QTRY_VERIFY(routeOf(gateway) && routeOf(gateway)->backends.size() == 2);
    QCOMPARE(routeOf(gateway)->backends[0].id, idOfB);
    // Counters arrive with a later snapshot than the removal.
    QTRY_VERIFY(routeOf(gateway)->backends[0].requests >= 3);
}

// An instance added or removed through the admin API, or by a reload, does not restart the
// rotation of the others (as in nginx and Envoy): the route's next balancer continues from the
// previous one. Three instances a, b, c, each weight 1; a restarted rotation would begin at a.
void TestGatewayControl::rotationContinuesWhenInstancesChange_data() {
    QTest::addColumn<QByteArray>("strategy");
    QTest::addColumn<QByteArray>("change"); // "add", "remove a" or "reload with d"
    QTest::addColumn<QByteArray>("before"); // who serves before the change
    QTest::addColumn<QByteArray>("after");  // ... and after it

    for (const QByteArray strategy : {"round_robin", "weighted_round_robin"}) {
        QTest::addRow("%s, admin API add", strategy.constData())
            << strategy << QByteArray("add") << QByteArray("a") << QByteArray("bcda");
        QTest::addRow("%s, reload with one more", strategy.constData())
            << strategy << QByteArray("reload with d") << QByteArray("a") << QByteArray("bcda");
    }
    // After a, b the smooth weights are a -1, b -1, c 2: c is due twice before b.
    QTest::newRow("round_robin, admin API remove")
        << QByteArray("round_robin") << QByteArray("remove a") << QByteArray("ab")
        << QByteArray("cbc");
    QTest::newRow("weighted_round_robin, admin API remove")
        << QByteArray("weighted_round_robin") << QByteArray("remove a") << QByteArray("ab")
        << QByteArray("ccb");
}

void TestGatewayControl::rotationContinuesWhenInstancesChange() {
    QFETCH(QByteArray, strategy);
    QFETCH(QByteArray, change);
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    ScriptedBackend a("a");
    ScriptedBackend b("b");
    ScriptedBackend c("c");
    ScriptedBackend d("d");
    QTemporaryDir dir;
    const QString file = dir.filePath("gateway.yaml");
    GatewayFixture gateway;
    const std::optional<GatewayConfig> config =
        startFromFile(gateway, file, yamlFor({a.url(), b.url(), c.url()}, strategy));
    QVERIFY(config);
    const auto served = [&](qsizetype count) {
        QByteArray names;
        for (qsizetype i = 0; i < count; ++i)
            names += send(gateway.port(), "GET", "/svc").body.bytes();
        return names;
    };
    QCOMPARE(served(before.size()), before);

    ParsedResponse response;
    if (change == "add") {
        response = send(adminPort(gateway), "POST", "/api/routes/svc/backends",
                        R"({"url": ")" + d.url().toEncoded() + R"("})");
    } else if (change == "remove a") {
        response = send(adminPort(gateway), "DELETE", "/api/routes/svc/backends/0");
    } else {
        QVERIFY(writeFile(file, yamlFor({a.url(), b.url(), c.url(), d.url()}, strategy)));
        response = send(adminPort(gateway), "POST", "/api/reload");
    }
    QVERIFY2(response.status / 100 == 2, response.body.bytes().constData());
    QCOMPARE(served(after.size()), after);
}

void TestGatewayControl::rejectsBadCommands_data() {
    QTest::addColumn<int>("command");
    QTest::addColumn<int>("expected");
    QTest::newRow("weight 0") << 0 << int(ControlResult::Error::InvalidArgument);
    QTest::newRow("weight over 1000") << 1 << int(ControlResult::Error::InvalidArgument);
    QTest::newRow("duplicate url") << 2 << int(ControlResult::Error::InvalidArgument);
    QTest::newRow("remove missing index") << 3 << int(ControlResult::Error::UnknownBackend);
    QTest::newRow("unknown route") << 4 << int(ControlResult::Error::UnknownRoute);
}

void TestGatewayControl::rejectsBadCommands() {
    QFETCH(int, command);
    QFETCH(int, expected);
    ScriptedBackend a("a");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({a.url()}));
    const QList<Command> commands = {
        [](GatewayController &c) { c.setBackendWeight("svc", 0, 0); },
        [](GatewayController &c) { c.setBackendWeight("svc", 0, 1001); },
        [&](GatewayController &c) { c.addBackend("svc", a.url(), 1, QString()); },
        [](GatewayController &c) { c.removeBackend("svc", 1); },
        [](GatewayController &c) { c.setRouteStrategy("nope", StrategyKind::Random); },
    };
    const ControlResult result = run(gateway, commands[command]);
    QCOMPARE(int(result.error), expected);
    QVERIFY(!result.message.isEmpty());
}

void TestGatewayControl::strategyChangeKeepsInstances() {
    ScriptedBackend a("a");
    ScriptedBackend b("b");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({a.url(), b.url()}));
    QCOMPARE(send(gateway.port(), "GET", "/svc").status, 200);
    QCOMPARE(
        run(gateway,
            [](GatewayController &c) { c.setBackendAdminState("svc", 1, AdminState::Disabled); })
            .ok(),
        true);
    QTRY_VERIFY(routeOf(gateway) &&
                routeOf(gateway)->backends[1].adminState == AdminState::Disabled);
    const quint64 idOfA = routeOf(gateway)->backends[0].id;

    const ControlResult result = run(gateway, [](GatewayController &c) {
        c.setRouteStrategy("svc", StrategyKind::LeastConnections);
    });
    QVERIFY2(result.ok(), qPrintable(result.message));
    QTRY_VERIFY(routeOf(gateway) && routeOf(gateway)->strategy == StrategyKind::LeastConnections);
    QCOMPARE(routeOf(gateway)->backends[0].id, idOfA);
    QCOMPARE(routeOf(gateway)->backends[0].requests, quint64(1));
    QCOMPARE(routeOf(gateway)->backends[1].adminState, AdminState::Disabled);
}

void TestGatewayControl::adminEndpoints_data() {
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field"); // a field of the JSON answer, "" for none
    QTest::addColumn<QString>("value");

    const QByteArray b = "/api/routes/svc/backends";
    QTest::newRow("drain") << QByteArray("POST") << b + "/0/drain" << QByteArray() << 200
                           << "admin_state"
                           << "draining";
    QTest::newRow("weight") << QByteArray("PUT") << b + "/1/weight" << QByteArray("{\"weight\": 7}")
                            << 200 << "weight"
                            << "7";
    QTest::newRow("weight 0") << QByteArray("PUT") << b + "/1/weight"
                              << QByteArray("{\"weight\": 0}") << 400 << ""
                              << "";
    QTest::newRow("weight fraction")
        << QByteArray("PUT") << b + "/1/weight" << QByteArray("{\"weight\": 2.5}") << 400 << ""
        << "";
    QTest::newRow("weight not json")
        << QByteArray("PUT") << b + "/1/weight" << QByteArray("weight=2") << 400 << ""
        << "";
    QTest::newRow("weight unknown index")
        << QByteArray("PUT") << b + "/5/weight" << QByteArray("{\"weight\": 2}") << 404 << ""
        << "";
    QTest::newRow("add") << QByteArray("POST") << b
                         << QByteArray(R"({"url": "http://127.0.0.1:1", "weight": 2, "name": "n"})")
                         << 201 << "name"
                         << "n";
    QTest::newRow("add https") << QByteArray("POST") << b
                               << QByteArray(R"({"url": "https://127.0.0.1:1"})") << 400 << ""
                               << "";
    QTest::newRow("add without url")
        << QByteArray("POST") << b << QByteArray(R"({"weight": 1})") << 400 << ""
        << "";
    QTest::newRow("delete") << QByteArray("DELETE") << b + "/0" << QByteArray() << 200 << "id"
                            << "svc";
    QTest::newRow("delete missing") << QByteArray("DELETE") << b + "/2" << QByteArray() << 404 << ""
                                    << "";
    QTest::newRow("strategy") << QByteArray("PUT") << QByteArray("/api/routes/svc/strategy")
                              << QByteArray(R"({"strategy": "leastConn"})") << 200 << "strategy"
                              << "least_connections";
    QTest::newRow("strategy unknown") << QByteArray("PUT") << QByteArray("/api/routes/svc/strategy")
                                      << QByteArray(R"({"strategy": "fastest"})") << 400 << ""
                                      << "";
    QTest::newRow("strategy unknown route")
        << QByteArray("PUT") << QByteArray("/api/routes/x/strategy")
        << QByteArray(R"({"strategy": "random"})") << 404 << ""
        << "";
}

void TestGatewayControl::adminEndpoints() {
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    QFETCH(QString, value);
    ScriptedBackend a("a");
    ScriptedBackend b("b");
    GatewayFixture gateway;
    GatewayConfig config = GatewayFixture::singleRouteConfig({a.url(), b.url()});
    config.admin = ListenAddress{QHostAddress::LocalHost, 0};
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));
    const ParsedResponse response = send(adminPort(gateway), method, path, body);
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, status);
    const QJsonObject json = jsonOf(response);
    if (status >= 400)
        QVERIFY(!json.value("error").toString().isEmpty());
    if (!field.isEmpty())
        QCOMPARE(json.value(field).toVariant().toString(), value);
}

void TestGatewayControl::reloadUnderLoadFailsNothing() {
    ScriptedBackend a("a");
    ScriptedBackend b("b");
    ScriptedBackend c("c");
    QTemporaryDir dir;
    const QString file = dir.filePath("gateway.yaml");
    GatewayFixture gateway;
    const std::optional<GatewayConfig> config =
        startFromFile(gateway, file, yamlFor({a.url(), b.url()}, "round_robin"));
    QVERIFY(config);
    QTRY_VERIFY(routeOf(gateway));
    const quint64 idOfA = routeOf(gateway)->backends[0].id;

    Load load(gateway.port(), 10);
    QVERIFY(load.start());
    QVERIFY(load.waitForMore(50));
    QCOMPARE(
        run(gateway,
            [](GatewayController &g) { g.setBackendAdminState("svc", 0, AdminState::Draining); })
            .ok(),
        true);

    // Through the controller, the file, and the admin API, alternating two configs.
    for (int round = 0; round < 4; ++round) {
        const bool withC = round % 2 == 0;
        const QByteArray yaml = withC ? yamlFor({a.url(), b.url(), c.url()}, "least_connections")
                                      : yamlFor({a.url(), b.url()}, "round_robin");
        QVERIFY(writeFile(file, yaml));
        if (round < 2) {
            QSignalSpy reloaded(&gateway.controller(), &GatewayController::reloaded);
            gateway.controller().reloadConfigFile();
            QVERIFY(reloaded.wait(defaultWaitMs));
        } else {
            const ParsedResponse response = send(adminPort(gateway), "POST", "/api/reload");
            QCOMPARE(response.status, 200);
            QCOMPARE(jsonOf(response).value("routes").toInt(), 1);
        }
        QVERIFY2(load.waitForMore(50), load.failures().join('\n').constData());
    }
    QVERIFY(load.stop());
    QVERIFY2(load.failures().isEmpty(), load.failures().join('\n').constData());
    QVERIFY(c.requests().size() > 0);
    // a stayed (same route and URL): same id, counters kept, still draining.
    QTRY_VERIFY(routeOf(gateway) && routeOf(gateway)->backends.size() == 2);
    QCOMPARE(routeOf(gateway)->backends[0].id, idOfA);
    QCOMPARE(routeOf(gateway)->backends[0].adminState, AdminState::Draining);
    QVERIFY(routeOf(gateway)->backends[0].requests > 0);
}

void TestGatewayControl::reloadWithErrorsKeepsRunningConfig() {
    ScriptedBackend a("a");
    QTemporaryDir dir;
    const QString file = dir.filePath("gateway.yaml");
    GatewayFixture gateway;
    const std::optional<GatewayConfig> config =
        startFromFile(gateway, file, yamlFor({a.url()}, "round_robin"));
    QVERIFY(config);

    QVERIFY(writeFile(file, yamlFor({a.url()}, "fastest")));
    QSignalSpy failed(&gateway.controller(), &GatewayController::reloadFailed);
    gateway.controller().reloadConfigFile();
    QCOMPARE(failed.size(), 1);
    const auto errors = failed.first().first().value<QList<ConfigError>>();
    QVERIFY(!errors.isEmpty());
    QVERIFY(errors.first().line > 0);

    const ParsedResponse response = send(adminPort(gateway), "POST", "/api/reload");
    QCOMPARE(response.status, 422);
    const QJsonArray jsonErrors = jsonOf(response).value("errors").toArray();
    QVERIFY(!jsonErrors.isEmpty());
    QCOMPARE(jsonErrors.first().toObject().value("line").toInt(), errors.first().line);

    // Still serving the old config.
    QCOMPARE(send(gateway.port(), "GET", "/svc").status, 200);
    QTRY_VERIFY(routeOf(gateway));
    QCOMPARE(routeOf(gateway)->strategy, StrategyKind::RoundRobin);
}

void TestGatewayControl::watcherReloadsAfterAtomicSave() {
    ScriptedBackend a("a");
    QTemporaryDir dir;
    const QString file = dir.filePath("gateway.yaml");
    QVERIFY(writeFile(file, yamlFor({a.url()}, "round_robin")));
    const ConfigLoadResult loaded = loadConfigFile(file);
    QVERIFY(loaded.ok());
    GatewayFixture gateway;
    QVERIFY2(gateway.start(*loaded.config), qPrintable(gateway.startError()));
    QVERIFY(gateway.controller().isWatchingConfigFile());
    QSignalSpy reloaded(&gateway.controller(), &GatewayController::reloaded);

    // As editors save: write a new file, rename it over the old one.
    for (const QByteArray &strategy : {QByteArray("random"), QByteArray("least_connections")}) {
        const QString temporary = dir.filePath("gateway.yaml.new");
        QVERIFY(writeFile(temporary, yamlFor({a.url()}, strategy)));
        QVERIFY(QFile::remove(file));
        QVERIFY(QFile::rename(temporary, file));
        QTRY_VERIFY_WITH_TIMEOUT(
            routeOf(gateway) && strategyName(routeOf(gateway)->strategy) == strategy, 5000);
    }
    QVERIFY(reloaded.size() >= 2);
}

void TestGatewayControl::reloadKeepsCommandLineAddresses() {
    ScriptedBackend a("a");
    QTemporaryDir dir;
    const QString file = dir.filePath("gateway.yaml");
    // The file names an address the command line replaces (nothing ever binds port 9 here).
    const auto fileWith = [&](const QByteArray &strategy) {
        QByteArray yaml = yamlFor({a.url()}, strategy);
        yaml.replace("server:\n  listen: 127.0.0.1:0", "server:\n  listen: 127.0.0.1:9");
        return yaml;
    };
    QVERIFY(writeFile(file, fileWith("round_robin")));
    ConfigLoadResult loaded = loadConfigFile(file);
    QVERIFY(loaded.ok());
    ConfigOverrides{ListenAddress{QHostAddress::LocalHost, 0}, std::nullopt}.applyTo(
        *loaded.config);
    GatewayFixture gateway;
    gateway.controller().setWatchingConfigFile(false);
    QVERIFY2(gateway.start(*loaded.config), qPrintable(gateway.startError()));

    // Ctrl+R and POST /api/reload read the file as it is: the override still holds, so there
    // is no address change to report.
    QVERIFY(writeFile(file, fileWith("random")));
    QSignalSpy reloaded(&gateway.controller(), &GatewayController::reloaded);
    gateway.controller().reloadConfigFile();
    QVERIFY(reloaded.wait());
    QVERIFY2(!reloaded.first().first().toString().contains("takes effect"),
             qPrintable(reloaded.first().first().toString()));
    QVERIFY(writeFile(file, fileWith("least_connections")));
    const ParsedResponse response = send(adminPort(gateway), "POST", "/api/reload");
    QCOMPARE(response.status, 200);
    const QString message = jsonOf(response).value("message").toString();
    QVERIFY2(message.contains("reloaded") && !message.contains("takes effect"),
             qPrintable(message));
    QTRY_VERIFY(routeOf(gateway) && routeOf(gateway)->strategy == StrategyKind::LeastConnections);
    QCOMPARE(send(gateway.port(), "GET", "/svc").status, 200);

    // An address the command line does not override is reported as waiting for a restart.
    QVERIFY(writeFile(file, fileWith("random").replace("admin:\n  listen: 127.0.0.1:0",
                                                       "admin:\n  listen: 127.0.0.1:9")));
    const QString adminMoved =
        jsonOf(send(adminPort(gateway), "POST", "/api/reload")).value("message").toString();
    QVERIFY2(adminMoved.contains("admin API address takes effect on the next start"),
             qPrintable(adminMoved));
}

void TestGatewayControl::reloadAppliesNewNames() {
    // A reload applies every change it can: the instance (same route, same URL) keeps its
    // counters and health, and takes the name the config now gives it, or loses it.
    ScriptedBackend a("a");
    QTemporaryDir dir;
    const QString file = dir.filePath("gateway.yaml");
    GatewayFixture gateway;
    const std::optional<GatewayConfig> config =
        startFromFile(gateway, file, yamlFor({a.url()}, "round_robin"));
    QVERIFY(config);
    QCOMPARE(send(gateway.port(), "GET", "/svc").status, 200);
    const QString defaultName = a.url().host() + u':' + QString::number(a.url().port());
    QTRY_VERIFY(routeOf(gateway) && routeOf(gateway)->backends.first().requests == 1);
    QCOMPARE(routeOf(gateway)->backends.first().name, defaultName);

    const QByteArray named = "server:\n  listen: 127.0.0.1:0\nadmin:\n  listen: 127.0.0.1:0\n"
                             "routes:\n  - id: svc\n    path: /svc\n    targets:\n"
                             "      - url: " +
                             a.url().toEncoded() + "\n        name: shop-1\n";
    QVERIFY(writeFile(file, named));
    ParsedResponse response = send(adminPort(gateway), "POST", "/api/reload");
    QVERIFY2(response.status == 200, response.body.bytes().constData());
    QTRY_COMPARE(routeOf(gateway)->backends.first().name, QStringLiteral("shop-1"));
    QCOMPARE(routeOf(gateway)->backends.first().requests, quint64(1)); // the same instance

    QVERIFY(writeFile(file, yamlFor({a.url()}, "round_robin")));
    response = send(adminPort(gateway), "POST", "/api/reload");
    QVERIFY2(response.status == 200, response.body.bytes().constData());
    QTRY_COMPARE(routeOf(gateway)->backends.first().name, defaultName);
}

void TestGatewayControl::adminAnswers409WhileStopped() {
    // The window keeps a stopped gateway: its admin API stays, tells it is stopped and refuses
    // changes with 409; the next start on the same address keeps it.
    ScriptedBackend a("a");
    QTemporaryDir dir;
    const QString file = dir.filePath("gateway.yaml");
    GatewayFixture gateway;
    const std::optional<GatewayConfig> config =
        startFromFile(gateway, file, yamlFor({a.url()}, "round_robin"));
    QVERIFY(config);
    const quint16 admin = adminPort(gateway);
    QVERIFY(gateway.stop(std::chrono::milliseconds(0)));

    const ParsedResponse state = send(admin, "GET", "/api/state");
    QCOMPARE(state.status, 200);
    QCOMPARE(QJsonDocument::fromJson(state.body.bytes()).object().value("running").toBool(true),
             false);
    for (const auto &[method, target] :
         {std::pair<QByteArray, QByteArray>{"POST", "/api/routes/svc/backends/0/disable"},
          {"POST", "/api/reload"}}) {
        const ParsedResponse refused = send(admin, method, target);
        QCOMPARE(refused.status, 409);
        QVERIFY2(refused.body.bytes().contains("not running"), refused.body.bytes().constData());
    }

    QVERIFY2(gateway.start(*config), qPrintable(gateway.startError()));
    QCOMPARE(adminPort(gateway), admin);
    QCOMPARE(send(admin, "POST", "/api/routes/svc/backends/0/disable").status, 200);
}

void TestGatewayControl::restartBeginsWithHealthUnknown() {
    // Stop → Start begins as a fresh start does: what the probes saw in the last run is gone,
    // so an instance that recovered meanwhile is not held down until the probes catch up.
    ScriptedBackend a("a");
    int status = 503;
    a.setHandler(
        [&status](const ReceivedRequest &, BackendReply &reply) { reply.status = status; });
    GatewayConfig config = GatewayFixture::singleRouteConfig({a.url()});
    // Every 60 s: the first probe only, at start.
    config.routes[0].healthCheck =
        GatewayFixture::healthChecks(std::chrono::milliseconds(60000), 2, 1);
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));
    QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
        const RouteSnapshot *route = snapshot.findRoute("svc");
        return route && route->backends.first().health == Health::Down;
    }));
    QVERIFY(gateway.stop(std::chrono::milliseconds(0)));

    status = 200;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));
    // One passing probe of the two rise asks for: unknown on a fresh start, still down if the
    // last run's verdict had been kept.
    QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
        const RouteSnapshot *route = snapshot.findRoute("svc");
        return snapshot.running && route && route->backends.first().lastCheck.ok;
    }));
    QCOMPARE(routeOf(gateway)->backends.first().health, Health::Unknown);
}

void TestGatewayControl::startWithAnotherConfigCountsFromZero() {
    // Switching configs (a scenario, Open Config) must not show the last config's counters under
    // the new one's instances, even where both name the same URL; the same config started again
    // keeps them, as it keeps its admin states.
    ScriptedBackend a("a");
    GatewayConfig first = GatewayFixture::singleRouteConfig({a.url()});
    first.sourceFile = QStringLiteral("first.yaml");
    GatewayFixture gateway;
    QVERIFY2(gateway.start(first), qPrintable(gateway.startError()));
    QCOMPARE(send(gateway.port(), "GET", "/svc/x").status, 200);
    QVERIFY(gateway.waitForSnapshot(
        [](const GatewaySnapshot &snapshot) { return snapshot.totalRequests == 1; }));
    const QDateTime firstSince = gateway.controller().lastSnapshot().countingSince;
    QVERIFY(firstSince.isValid());
    const quint64 firstId = routeOf(gateway)->backends[0].id;

    QVERIFY(gateway.stop(std::chrono::milliseconds(0)));
    QVERIFY2(gateway.start(first), qPrintable(gateway.startError()));
    QVERIFY(
        gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) { return snapshot.running; }));
    QCOMPARE(gateway.controller().lastSnapshot().totalRequests, quint64(1));
    QCOMPARE(gateway.controller().lastSnapshot().countingSince, firstSince);
    QCOMPARE(routeOf(gateway)->backends[0].requests, quint64(1));
    QCOMPARE(routeOf(gateway)->backends[0].id, firstId);

    GatewayConfig second = first;
    second.sourceFile = QStringLiteral("second.yaml");
    QVERIFY(gateway.stop(std::chrono::milliseconds(0)));
    const QDateTime beforeSecond = QDateTime::currentDateTimeUtc();
    QVERIFY2(gateway.start(second), qPrintable(gateway.startError()));
    QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
        return snapshot.running && snapshot.configFile == QLatin1String("second.yaml");
    }));
    const GatewaySnapshot &fresh = gateway.controller().lastSnapshot();
    QCOMPARE(fresh.totalRequests, quint64(0));
    QCOMPARE(fresh.failedRequests, quint64(0));
    QCOMPARE(fresh.clientErrors, quint64(0));
    QVERIFY(fresh.countingSince >= beforeSecond);
    QCOMPARE(routeOf(gateway)->backends[0].requests, quint64(0));
    QVERIFY(routeOf(gateway)->backends[0].id != firstId);
}

QTEST_MAIN(TestGatewayControl)
#include "tst_gatewaycontrol.moc"
