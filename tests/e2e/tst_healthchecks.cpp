// Active and passive health through the running gateway: probes over real sockets mark an
// instance down and up again (after exactly fall and rise probes when its backend stops and
// listens again), the last probe shows in the snapshot, and failed requests take an instance
// out of rotation for fail_timeout (without re-sending a POST). The rules passive health adds
// (5xx opt-in, lone instance, panic, one-request probation) are in tst_healthrules.cpp.
#include "gatewayfixture.h"
#include "health/healthchecker.h"
#include "rawclient.h"
#include "refusingport.h"
#include "scriptedbackend.h"

#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace std::chrono_literals;

class TestHealthChecks final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void activeChecksFollowTheInstance();
    void activeChecksFollowABackendThatStops();
    void activeChecksReportRefusedConnects();
    void passiveMarkingTakesInstanceOutOfRotation();
    void passiveProbationBringsInstanceBack();
    void failedPostIsNotResent();
};

namespace {

const BackendSnapshot *backendOf(GatewayFixture &gateway, int index) {
    const RouteSnapshot *route = gateway.controller().lastSnapshot().findRoute("svc");
    if (!route || index >= route->backends.size())
        return nullptr;
    return &route->backends[index];
}

Health healthOf(GatewayFixture &gateway, int index) {
    const BackendSnapshot *backend = backendOf(gateway, index);
    return backend ? backend->health : Health::Unknown;
}

ParsedResponse get(quint16 port, const QByteArray &method = "GET",
                   const QByteArray &target = "/svc/x") {
    RawClient client(port);
    if (!client.waitForConnected())
        return {};
    client.send(
        RawClient::request(method, target, method == "POST" ? "Content-Length: 2\r\n" : ""));
    if (method == "POST")
        client.send("hi");
    return client.readResponse();
}

void answerWith(ScriptedBackend &backend, const int *status) {
    backend.setHandler([status](const ReceivedRequest &, BackendReply &reply) {
        reply.status = *status;
        reply.body = "x";
    });
}

// A backend that can stop listening and listen again on the same port: every request gets
// "200 OK" and the connection closes, as the probes ask.
class StoppableBackend final {
public:
    StoppableBackend() {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
        m_server.listen(QHostAddress::LocalHost, 0);
        m_port = m_server.serverPort();
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    bool isListening() const { return m_server.isListening(); }
    int answered() const { return m_answered; }
    void stop() { m_server.close(); }
    bool listenAgain() { return m_server.listen(QHostAddress::LocalHost, m_port); }

private:
    void accept() {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                m_pending[socket] += socket->readAll();
                if (!m_pending[socket].contains("\r\n\r\n"))
                    return;
                m_pending.remove(socket);
                ++m_answered;
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
            });
        }
    }

    QTcpServer m_server;
    quint16 m_port = 0;
    QHash<QTcpSocket *, QByteArray> m_pending;
    int m_answered = 0;
};

} // namespace

void TestHealthChecks::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestHealthChecks::activeChecksFollowTheInstance() {
    ScriptedBackend backend("b");
    int status = 200;
    answerWith(backend, &status);
    GatewayConfig config = GatewayFixture::singleRouteConfig({backend.url()});
    config.routes[0].healthCheck = GatewayFixture::healthChecks(50ms, 2, 3);
    config.routes[0].passiveHealth.maxFails = 0;
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    QTRY_COMPARE_WITH_TIMEOUT(healthOf(gateway, 0), Health::Up, 5000);
    QVERIFY(backend.requests().size() >= 2); // rise = 2 probes
    QCOMPARE(backend.requests().first().target, QByteArray("/health"));
    QCOMPARE(backendOf(gateway, 0)->lastCheck.status, 200);
    QVERIFY(backendOf(gateway, 0)->lastCheck.ok);

    // The instance starts failing: fall = 3 failed probes mark it down, not fewer.
    status = 503;
    const qsizetype probesBefore = backend.requests().size();
    QTRY_COMPARE_WITH_TIMEOUT(healthOf(gateway, 0), Health::Down, 5000);
    QVERIFY(backend.requests().size() - probesBefore >= 3);
    QCOMPARE(backendOf(gateway, 0)->lastCheck.status, 503);
    QVERIFY(!backendOf(gateway, 0)->lastCheck.ok);
    const ParsedResponse refused = get(gateway.port());
    QCOMPARE(refused.status, 503); // no instance left

    status = 200;
    QTRY_COMPARE_WITH_TIMEOUT(healthOf(gateway, 0), Health::Up, 5000);
    QCOMPARE(get(gateway.port()).status, 200);
}

void TestHealthChecks::activeChecksFollowABackendThatStops() {
    // The checker itself, in this thread: its signals count every probe, so the test asserts
    // how many probes each change took instead of how long it took.
    StoppableBackend target;
    QVERIFY(target.isListening());
    const auto backend = std::make_shared<Backend>(1, target.url(), 1, QStringLiteral("b"));
    const HealthCheckConfig config = GatewayFixture::healthChecks(50ms, 2, 3);
    HealthChecker checker;
    QList<HealthCheckResult> results;
    QList<std::pair<qsizetype, Health>> changes; // after how many probes, to what
    bool listensAgain = false;
    int answeredByTheLastChange = 0; // read then: probes go on until checker.clear()
    connect(&checker, &HealthChecker::healthChanged, &checker, [&](quint64, Health health) {
        // Emitted before resultRecorded, for the probe that made the change. No probe is
        // running now (the next one starts on the next tick), so the backend stops or comes
        // back between two probes, never during one.
        changes.append({results.size() + 1, health});
        if (changes.size() == 1)
            target.stop();
        else if (changes.size() == 2)
            listensAgain = target.listenAgain();
        else if (changes.size() == 3)
            answeredByTheLastChange = target.answered();
    });
    connect(&checker, &HealthChecker::resultRecorded, &checker,
            [&](quint64 id) { results.append(checker.lastResult(id)); });
    checker.setRoutes({{QStringLiteral("svc"), config, {backend}}});

    QTRY_COMPARE_WITH_TIMEOUT(changes.size(), 3, 10000);
    checker.clear();
    QVERIFY(listensAgain);
    const int rise = config.rise;
    const int fall = config.fall;
    QCOMPARE(changes[0], std::make_pair(qsizetype(rise), Health::Up));
    QCOMPARE(changes[1], std::make_pair(qsizetype(rise + fall), Health::Down));
    QCOMPARE(changes[2], std::make_pair(qsizetype(rise + fall + rise), Health::Up));
    QCOMPARE(backend->health, Health::Up);
    for (qsizetype i = 0; i < rise + fall + rise; ++i) {
        const bool stopped = i >= rise && i < rise + fall;
        QCOMPARE(results[i].ok, !stopped);
        QCOMPARE(results[i].status, stopped ? 0 : 200);
        if (stopped)
            QCOMPARE(results[i].error, QByteArray("connection refused"));
    }
    QCOMPARE(answeredByTheLastChange, rise + rise);
}

void TestHealthChecks::activeChecksReportRefusedConnects() {
    const RefusingPort closed;
    const quint16 closedPort = closed.port();
    GatewayConfig config = GatewayFixture::baseConfig();
    config.routes = {GatewayFixture::route(
        "svc", "/svc", {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort))})};
    config.routes[0].healthCheck = GatewayFixture::healthChecks(50ms, 2, 3);
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));
    QTRY_COMPARE_WITH_TIMEOUT(healthOf(gateway, 0), Health::Down, 5000);
    const HealthCheckResult last = backendOf(gateway, 0)->lastCheck;
    QVERIFY(last.ran);
    QCOMPARE(last.status, 0);
    QCOMPARE(last.error, QByteArray("connection refused"));
}

void TestHealthChecks::passiveMarkingTakesInstanceOutOfRotation() {
    ScriptedBackend good("good");
    ScriptedBackend bad("bad");
    int badStatus = 500;
    answerWith(bad, &badStatus);
    GatewayConfig config = GatewayFixture::singleRouteConfig({good.url(), bad.url()});
    config.routes[0].passiveHealth = PassiveHealthConfig{2, 60s, true}; // count_5xx
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    // Round robin alternates: the second 500 (max_fails = 2) marks the bad instance down.
    for (int i = 0; i < 4; ++i)
        get(gateway.port());
    QCOMPARE(bad.requests().size(), 2);
    QTRY_COMPARE(healthOf(gateway, 1), Health::Down);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(get(gateway.port()).status, 200);
    QCOMPARE(bad.requests().size(), 2);
    QCOMPARE(good.requests().size(), 8);
}

void TestHealthChecks::passiveProbationBringsInstanceBack() {
    ScriptedBackend good("good");
    ScriptedBackend flaky("flaky");
    int flakyStatus = 502;
    answerWith(flaky, &flakyStatus);
    GatewayConfig config = GatewayFixture::singleRouteConfig({good.url(), flaky.url()});
    config.routes[0].passiveHealth = PassiveHealthConfig{1, 100ms, true}; // count_5xx
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    get(gateway.port());
    get(gateway.port());
    QCOMPARE(flaky.requests().size(), 1);
    // Down, then on probation (unknown again, but changed) when fail_timeout is over.
    QTRY_VERIFY(backendOf(gateway, 1) && backendOf(gateway, 1)->healthChangedAt.isValid() &&
                healthOf(gateway, 1) == Health::Unknown &&
                backendOf(gateway, 1)->passiveState == PassiveState::Probation);

    // A request on probation that fails marks it down again at once (max_fails is 1 here
    // anyway); one that succeeds clears it (its health is unknown again: nothing probes it).
    flakyStatus = 200;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            get(gateway.port());
            return flaky.requests().size() >= 2;
        }(),
        5000);
    QTRY_COMPARE(backendOf(gateway, 1)->passiveState, PassiveState::Clear);
    QCOMPARE(healthOf(gateway, 1), Health::Unknown);
}

void TestHealthChecks::failedPostIsNotResent() {
    ScriptedBackend first("first");
    ScriptedBackend second("second");
    first.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.kind = BackendReply::Kind::Raw; // nothing at all, then the connection closes
        reply.connection = BackendReply::Connection::Close;
    });
    GatewayConfig config = GatewayFixture::singleRouteConfig({first.url(), second.url()});
    config.routes[0].passiveHealth = PassiveHealthConfig{1, 60s};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    // The POST reached the first instance, which closed without answering: it may have acted
    // on it, so the gateway answers 502 instead of sending it to the second instance.
    const ParsedResponse response = get(gateway.port(), "POST", "/svc/once");
    QCOMPARE(response.status, 502);
    QCOMPARE(first.requests().size(), 1);
    QCOMPARE(second.requests().size(), 0);
    // And the failure marked the first instance down: the next requests go to the second.
    QTRY_COMPARE(healthOf(gateway, 0), Health::Down);
    QCOMPARE(get(gateway.port(), "POST").status, 200);
    QCOMPARE(get(gateway.port()).status, 200);
    QCOMPARE(first.requests().size(), 1);
    for (const ReceivedRequest &request : second.requests())
        QVERIFY(request.target != "/once");
}

QTEST_MAIN(TestHealthChecks)
#include "tst_healthchecks.moc"
