// HaproxySession against a real HAProxy 2.6 (README, "Outgrowing the laptop": export, run
// haproxy, connect): the config is the exporter's haproxy.cfg over scripted backends, with the
// runtime API and the log pointed at this test's sockets. The snapshot lists backends and
// servers; maintenance moves the traffic, weights change the shares, servers are added and
// deleted at run time; the log's rows name the servers and statuses the backends gave; and a
// socket that is refused, missing, not HAProxy or without admin level each gives its message.
#include "config/gatewayconfig.h"
#include "gatewayfixture.h"
#include "haproxy/haproxysession.h"
#include "haproxyinstance.h"
#include "rawclient.h"
#include "refusingport.h"
#include "scriptedbackend.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

class TestHaproxySession final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void snapshotListsBackendsAndServers_data();
    void snapshotListsBackendsAndServers();
    void maintenanceMovesTheTraffic();
    void weightChangesTheShares();
    void serversAddedAndDeleted();
    void logRowsNameServersAndStatuses();
    void userLevelSocketRefusesChanges();
    void refusedValuesNeverReachHaproxy();
    void haproxyStoppingIsReported();
    void notHaproxy_data();
    void notHaproxy();
    void unavailableFeaturesSayWhy();

private:
    // Starts HAProxy on the exporter's config for routes rr (alpha, beta) and weighted (alpha,
    // beta, weighted round robin), its log to logPort (0: none); m_port and the sockets set.
    bool startHaproxy(quint16 logPort = 0);
    static std::unique_ptr<HaproxySession> makeSession(const QString &address);
    // Starts session and waits for started(); false (the reason logged) otherwise.
    static bool startSession(HaproxySession &session);
    // A session on address, started; null when it did not start (the reason logged).
    static std::unique_ptr<HaproxySession> connectSession(const QString &address);
    // Runs a control call and waits for its result.
    static ControlResult control(HaproxySession &session, const std::function<void()> &call);
    static const BackendSnapshot &server(const HaproxySession &session, const QString &route,
                                         int index);

    std::unique_ptr<ScriptedBackend> m_alpha;
    std::unique_ptr<ScriptedBackend> m_beta;
    std::unique_ptr<ScriptedBackend> m_gamma;
    HaproxyInstance m_haproxy;
    QTemporaryDir m_sockets; // for sockets of peers that are not HAProxy
    QString m_adminSocket;
    QString m_userSocket;
    quint16 m_adminPort = 0;
    quint16 m_port = 0;
};

void TestHaproxySession::initTestCase() {
    QVERIFY(HaproxyInstance::requireHaproxy());
}

void TestHaproxySession::init() {
    for (auto [backend, name] :
         {std::pair{&m_alpha, "alpha"}, std::pair{&m_beta, "beta"}, std::pair{&m_gamma, "gamma"}}) {
        *backend = std::make_unique<ScriptedBackend>(name);
        ScriptedBackend *self = backend->get();
        self->setHandler([self](const ReceivedRequest &request, BackendReply &reply) {
            reply.body = self->name();
            if (request.target.endsWith("/fail"))
                reply.status = 503;
        });
    }
}

void TestHaproxySession::cleanup() {
    m_haproxy.stop();
    m_alpha.reset();
    m_beta.reset();
    m_gamma.reset();
}

bool TestHaproxySession::startHaproxy(quint16 logPort) {
    const GatewayConfig config = HaproxyInstance::alphaBetaConfig(
        QStringLiteral("tst_haproxysession"), m_alpha->url(), m_beta->url());
    if (!m_haproxy.start(config, logPort))
        return false;
    m_port = m_haproxy.port();
    m_adminSocket = m_haproxy.adminSocket();
    m_userSocket = m_haproxy.userSocket();
    m_adminPort = m_haproxy.adminPort();
    return true;
}

std::unique_ptr<HaproxySession> TestHaproxySession::makeSession(const QString &address) {
    QString error;
    const std::optional<RuntimeApiAddress> parsed = RuntimeApiAddress::parse(address, &error);
    if (!parsed)
        qFatal("%s", qPrintable(error));
    return std::make_unique<HaproxySession>(*parsed);
}

bool TestHaproxySession::startSession(HaproxySession &session) {
    QSignalSpy started(&session, &HaproxySession::started);
    QSignalSpy failed(&session, &HaproxySession::startFailed);
    session.start();
    if (!waitUntil([&] { return !started.isEmpty() || !failed.isEmpty(); }, defaultWaitMs) ||
        started.isEmpty()) {
        qWarning("the session did not start: %s",
                 failed.isEmpty() ? "no answer" : qPrintable(failed[0][0].toString()));
        return false;
    }
    return true;
}

std::unique_ptr<HaproxySession> TestHaproxySession::connectSession(const QString &address) {
    auto session = makeSession(address);
    return startSession(*session) ? std::move(session) : nullptr;
}

ControlResult TestHaproxySession::control(HaproxySession &session,
                                          const std::function<void()> &call) {
    QSignalSpy finished(&session, &HaproxySession::controlFinished);
    QSignalSpy snapshots(&session, &HaproxySession::snapshotReady);
    call();
    if (!waitUntil([&] { return !finished.isEmpty(); }, defaultWaitMs))
        return ControlResult::failure(ControlResult::Error::NotRunning,
                                      QStringLiteral("no controlFinished"));
    const auto result = finished[0][0].value<ControlResult>();
    // A change is followed by a poll: the next snapshot shows it. One polled before the change
    // may have come in the meantime.
    snapshots.clear();
    if (result.ok())
        waitUntil([&] { return !snapshots.isEmpty(); }, defaultWaitMs);
    return result;
}

const BackendSnapshot &TestHaproxySession::server(const HaproxySession &session,
                                                  const QString &route, int index) {
    return session.lastSnapshot().findRoute(route)->backends.at(index);
}

void TestHaproxySession::snapshotListsBackendsAndServers_data() {
    QTest::addColumn<bool>("tcp");
    QTest::newRow("unix socket") << false;
    QTest::newRow("TCP") << true;
}

void TestHaproxySession::snapshotListsBackendsAndServers() {
    QFETCH(bool, tcp);
    QVERIFY(startHaproxy());
    const auto session =
        connectSession(tcp ? QStringLiteral("127.0.0.1:%1").arg(m_adminPort) : m_adminSocket);
    QVERIFY(session);
    const GatewaySnapshot &snapshot = session->lastSnapshot();
    QVERIFY(snapshot.running);
    QStringList routes;
    for (const RouteSnapshot &route : snapshot.routes)
        routes.append(route.id);
    // The export's backend names (longest prefix first). Neither the frontend nor the export's
    // 404 backend (no_route) is a route.
    QCOMPARE(routes, QStringList({QStringLiteral("route_weighted"), QStringLiteral("route_rr")}));
    const RouteSnapshot *rr = snapshot.findRoute(QStringLiteral("route_rr"));
    QCOMPARE(rr->strategy, StrategyKind::WeightedRoundRobin); // HAProxy's roundrobin is weighted
    QCOMPARE(rr->backends.size(), 2);
    QCOMPARE(rr->backends[0].name, QStringLiteral("alpha"));
    QCOMPARE(rr->backends[0].url, m_alpha->url().toString(QUrl::StripTrailingSlash));
    QCOMPARE(rr->backends[1].name, QStringLiteral("beta"));
    QCOMPARE(rr->backends[1].adminState, AdminState::Enabled);
    QCOMPARE(rr->backends[1].weight, 1);
    QCOMPARE(rr->backends[1].expectedShare, 0.5);

    RawClient::countBodies(m_port, "/rr/x", 4);
    QSignalSpy snapshots(session.get(), &HaproxySession::snapshotReady);
    session->requestSnapshot();
    QVERIFY(snapshots.wait());
    QCOMPARE(server(*session, QStringLiteral("route_rr"), 0).requests, 2u);
    QCOMPARE(server(*session, QStringLiteral("route_rr"), 1).requests, 2u);
}

void TestHaproxySession::maintenanceMovesTheTraffic() {
    QVERIFY(startHaproxy());
    const auto session = connectSession(m_adminSocket);
    QVERIFY(session);
    const QString rr = QStringLiteral("route_rr");
    ControlResult result =
        control(*session, [&] { session->setBackendAdminState(rr, 0, AdminState::Disabled); });
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(server(*session, rr, 0).adminState, AdminState::Disabled);
    QCOMPARE(RawClient::countBodies(m_port, "/rr/x", 4), (QMap<QByteArray, int>{{"beta", 4}}));

    result = control(*session, [&] { session->setBackendAdminState(rr, 1, AdminState::Draining); });
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(server(*session, rr, 1).adminState, AdminState::Draining);
    result = control(*session, [&] { session->setBackendAdminState(rr, 0, AdminState::Enabled); });
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(RawClient::countBodies(m_port, "/rr/x", 4), (QMap<QByteArray, int>{{"alpha", 4}}));
}

void TestHaproxySession::weightChangesTheShares() {
    QVERIFY(startHaproxy());
    const auto session = connectSession(m_adminSocket);
    QVERIFY(session);
    const QString weighted = QStringLiteral("route_weighted");
    QCOMPARE(RawClient::countBodies(m_port, "/weighted", 8),
             (QMap<QByteArray, int>{{"alpha", 4}, {"beta", 4}}));
    const ControlResult result =
        control(*session, [&] { session->setBackendWeight(weighted, 0, 3); });
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(server(*session, weighted, 0).weight, 3);
    QCOMPARE(server(*session, weighted, 0).expectedShare, 0.75);
    // Whole rounds of four: three to alpha in each.
    QCOMPARE(RawClient::countBodies(m_port, "/weighted", 16),
             (QMap<QByteArray, int>{{"alpha", 12}, {"beta", 4}}));
}

void TestHaproxySession::serversAddedAndDeleted() {
    QVERIFY(startHaproxy());
    const auto session = connectSession(m_adminSocket);
    QVERIFY(session);
    const QString rr = QStringLiteral("route_rr");
    ControlResult result = control(
        *session, [&] { session->addBackend(rr, m_gamma->url(), 1, QStringLiteral("gamma")); });
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(session->lastSnapshot().findRoute(rr)->backends.size(), 3);
    QCOMPARE(server(*session, rr, 2).name, QStringLiteral("gamma"));
    QCOMPARE(server(*session, rr, 2).adminState, AdminState::Enabled);
    QCOMPARE(RawClient::countBodies(m_port, "/rr/x", 6),
             (QMap<QByteArray, int>{{"alpha", 2}, {"beta", 2}, {"gamma", 2}}));

    result = control(*session,
                     [&] { session->addBackend(rr, m_gamma->url(), 1, QStringLiteral("gamma")); });
    QCOMPARE(result.error, ControlResult::Error::InvalidArgument);
    QCOMPARE(result.message,
             QStringLiteral("HAProxy: Already exists a server with the same name in backend."));

    result = control(*session, [&] { session->removeBackend(rr, 2); });
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(session->lastSnapshot().findRoute(rr)->backends.size(), 2);
    QCOMPARE(RawClient::countBodies(m_port, "/rr/x", 4),
             (QMap<QByteArray, int>{{"alpha", 2}, {"beta", 2}}));
    // A server of the config goes the same way.
    result = control(*session, [&] { session->removeBackend(rr, 0); });
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(server(*session, rr, 0).name, QStringLiteral("beta"));
    QCOMPARE(RawClient::countBodies(m_port, "/rr/x", 2), (QMap<QByteArray, int>{{"beta", 2}}));
}

void TestHaproxySession::logRowsNameServersAndStatuses() {
    // The receiver's port first, for HAProxy's config.
    const auto session = makeSession(m_adminSocket);
    QString error;
    QVERIFY2(session->listenForLogs(0, &error), qPrintable(error));
    QVERIFY(startHaproxy(session->logPort()));
    QVERIFY(startSession(*session));
    QList<RequestRecord> records;
    connect(session.get(), &HaproxySession::recordsReady, this,
            [&records](const QList<RequestRecord> &batch) { records += batch; });
    RawClient::countBodies(m_port, "/rr/ok", 1);
    RawClient::countBodies(m_port, "/rr/fail", 1);
    RawClient::countBodies(m_port, "/nothing", 1);
    // Connections without a request are logged too: here the test's connects that waited for
    // HAProxy to listen.
    const auto requests = [&records] {
        QList<RequestRecord> withRequest;
        for (const RequestRecord &record : std::as_const(records)) {
            if (!record.method.isEmpty())
                withRequest.append(record);
        }
        return withRequest;
    };
    QTRY_COMPARE(requests().size(), 3);
    records = requests();
    QCOMPARE(records[0].routeId, QStringLiteral("route_rr"));
    QCOMPARE(records[0].backendName, QStringLiteral("alpha"));
    QCOMPARE(records[0].backendIndex, 0);
    QCOMPARE(records[0].backendUrl, m_alpha->url().toString(QUrl::StripTrailingSlash).toUtf8());
    QCOMPARE(records[0].status, 200);
    QCOMPARE(records[0].method, QByteArray("GET"));
    QCOMPARE(records[0].target, QByteArray("/rr/ok"));
    QCOMPARE(records[0].outcome, Outcome::Ok);
    // One attempt, on the server that served (what the window's chart counts).
    QCOMPARE(records[0].attempts.size(), 1);
    QCOMPARE(records[0].attempts[0].backendId, records[0].backendId);
    QCOMPARE(records[0].attempts[0].backendName, QStringLiteral("alpha"));
    QCOMPARE(records[0].attempts[0].status, 200);
    QCOMPARE(records[1].backendName, QStringLiteral("beta"));
    QCOMPARE(records[1].backendIndex, 1);
    QCOMPARE(records[1].status, 503);
    QCOMPARE(records[2].routeId, QStringLiteral("no_route"));
    QCOMPARE(records[2].status, 404);
    QCOMPARE(records[2].outcome, Outcome::NoRoute);
    QVERIFY(records[2].attempts.isEmpty());
    QCOMPARE(session->garbledLogLines(), 0u);
}

void TestHaproxySession::userLevelSocketRefusesChanges() {
    QVERIFY(startHaproxy());
    // show stat needs only user level: the snapshot works, changes do not.
    const auto session = connectSession(m_userSocket);
    QVERIFY(session);
    const ControlResult result = control(*session, [&] {
        session->setBackendAdminState(QStringLiteral("route_rr"), 0, AdminState::Disabled);
    });
    QCOMPARE(result.error, ControlResult::Error::NotRunning);
    QCOMPARE(result.message,
             QStringLiteral("HAProxy: Permission denied (its stats socket needs 'level admin' to "
                            "change servers)"));
}

void TestHaproxySession::refusedValuesNeverReachHaproxy() {
    QVERIFY(startHaproxy());
    const auto session = connectSession(m_adminSocket);
    QVERIFY(session);
    const QString rr = QStringLiteral("route_rr");
    ControlResult result = control(*session, [&] { session->setBackendWeight(rr, 0, 257); });
    QCOMPARE(result.error, ControlResult::Error::InvalidArgument);
    QCOMPARE(result.message, QStringLiteral("weight 257: HAProxy takes 0 to 256"));
    result = control(*session, [&] { session->setBackendWeight(QStringLiteral("nope"), 0, 1); });
    QCOMPARE(result.error, ControlResult::Error::UnknownRoute);
    result = control(*session, [&] { session->removeBackend(rr, 5); });
    QCOMPARE(result.error, ControlResult::Error::UnknownBackend);
    QCOMPARE(result.message, QStringLiteral("backend 'route_rr' has no server #6"));
    result = control(*session, [&] {
        session->addBackend(rr, QUrl(QStringLiteral("http://127.0.0.1:1/base")), 1, QString());
    });
    QCOMPARE(result.error, ControlResult::Error::InvalidArgument);
    result = control(*session, [&] {
        session->addBackend(rr, m_gamma->url(), 1, QStringLiteral("x;shutdown sessions"));
    });
    QCOMPARE(result.error, ControlResult::Error::InvalidArgument);
    QCOMPARE(session->lastSnapshot().findRoute(rr)->backends.size(), 2);
}

void TestHaproxySession::haproxyStoppingIsReported() {
    QVERIFY(startHaproxy());
    const auto session = connectSession(m_adminSocket);
    QVERIFY(session);
    session->setPollIntervalMs(50);
    QSignalSpy failed(session.get(), &HaproxySession::pollFailed);
    m_haproxy.stop();
    QVERIFY(failed.wait());
    QVERIFY2(failed[0][0].toString().contains(m_adminSocket), qPrintable(failed[0][0].toString()));
    const ControlResult result = control(*session, [&] {
        session->setBackendAdminState(QStringLiteral("route_rr"), 0, AdminState::Disabled);
    });
    QCOMPARE(result.error, ControlResult::Error::NotRunning);
}

void TestHaproxySession::notHaproxy_data() {
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QString>("message");
    QTest::newRow("an HTTP server") << QStringLiteral("http")
                                    << QStringLiteral("127.0.0.1:%1 is not HAProxy's runtime API: "
                                                      "not an answer to show stat: 'HTTP/1.1 400 "
                                                      "Bad Request'");
    QTest::newRow("a closed port")
        << QStringLiteral("closed") << QStringLiteral("Connection refused (127.0.0.1:%1)");
    QTest::newRow("no socket file")
        << QStringLiteral("missing") << QStringLiteral("no such socket (unix socket %1)");
    QTest::newRow("garbled output")
        << QStringLiteral("garbled")
        << QStringLiteral("unix socket %1 is not HAProxy's runtime API: not an answer to show "
                          "stat: 'garbage\\x01\\x7f!'");
}

void TestHaproxySession::notHaproxy() {
    QFETCH(QString, peer);
    QFETCH(QString, message);
    QString address;
    GatewayFixture http;
    const RefusingPort refusing;
    QLocalServer garbler;
    if (peer == QLatin1String("http")) {
        // The gateway itself: a strict HTTP server, which answers "show stat" with a 400.
        QVERIFY(http.start(GatewayFixture::singleRouteConfig({m_alpha->url()})));
        address = QStringLiteral("127.0.0.1:%1").arg(http.port());
        message = message.arg(http.port());
    } else if (peer == QLatin1String("closed")) {
        address = QStringLiteral("127.0.0.1:%1").arg(refusing.port());
        message = message.arg(refusing.port());
    } else if (peer == QLatin1String("missing")) {
        address = m_sockets.filePath(QStringLiteral("missing.sock"));
        message = message.arg(address);
    } else {
        address = m_sockets.filePath(QStringLiteral("garbled.sock"));
        QLocalServer::removeServer(address);
        QVERIFY(garbler.listen(address));
        connect(&garbler, &QLocalServer::newConnection, this, [&garbler] {
            QLocalSocket *socket = garbler.nextPendingConnection();
            socket->write("garbage\x01\x7f!\n");
            socket->disconnectFromServer();
        });
        message = message.arg(address);
    }
    QString error;
    HaproxySession session(*RuntimeApiAddress::parse(address, &error));
    QSignalSpy failed(&session, &HaproxySession::startFailed);
    QSignalSpy started(&session, &HaproxySession::started);
    session.start();
    QVERIFY(failed.wait());
    QCOMPARE(failed[0][0].toString(), message);
    QVERIFY(started.isEmpty());
}

void TestHaproxySession::unavailableFeaturesSayWhy() {
    // What a window greys out on a HAProxy session, each with its reason.
    QSet<HaproxySession::Feature> features;
    for (const HaproxySession::UnavailableFeature &unavailable :
         HaproxySession::unavailableFeatures()) {
        features.insert(unavailable.feature);
        QVERIFY(!unavailable.reason.isEmpty());
    }
    QCOMPARE(features, (QSet<HaproxySession::Feature>{HaproxySession::Feature::RouteTester,
                                                      HaproxySession::Feature::DemoFaults,
                                                      HaproxySession::Feature::StrategyChange,
                                                      HaproxySession::Feature::Reload,
                                                      HaproxySession::Feature::TrafficInspector}));
}

QTEST_GUILESS_MAIN(TestHaproxySession)
#include "tst_haproxysession.moc"
