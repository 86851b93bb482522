// GatewayController as the window and the headless program use it: start and stop the worker,
// report a taken port, drain gracefully, and toggle instances from this thread while traffic
// runs in the worker.
#include "gatewayfixture.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

class TestGatewayController final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void startsAndStops();
    void reportsTakenPort();
    void stopLetsInFlightRequestFinish();
    void stopClosesWhatOutlastsGrace();
    void stopWithoutGraceCutsAtOnce_data();
    void stopWithoutGraceCutsAtOnce();
    void togglesUnderConcurrentLoad();
    void startsTheDemoThreadOnlyForADemoConfig();
    void restartFromStoppedKeepsTheDemoInstancesRunning();
    void snapshotsCarryTheAccessLogDrops();
};

namespace {

// Ten keep-alive clients, each sending its next request as soon as the previous response is
// in, with unique targets ("/svc/c<client>-<n>") so records and backend logs can be matched.
class LoadRunner final {
public:
    LoadRunner(quint16 port, int clientCount) {
        for (int i = 0; i < clientCount; ++i) {
            auto client = std::make_unique<RawClient>(port);
            QObject::connect(
                client.get(), &RawClient::responseFinished, client.get(),
                [this, i](const ParsedResponse &response) { onResponse(i, response); });
            m_clients.push_back(std::move(client));
            m_sent.append(0);
        }
    }

    bool start() {
        for (int i = 0; i < int(m_clients.size()); ++i) {
            if (!m_clients[size_t(i)]->waitForConnected())
                return false;
            sendNext(i);
        }
        return true;
    }
    void stop() { m_running = false; }
    bool waitForIdle() {
        return waitUntil([this] { return m_inFlight == 0; }, defaultWaitMs);
    }
    bool waitForMore(int count) {
        const int target = m_succeeded + count;
        return waitUntil([&] { return m_succeeded >= target || !m_failures.isEmpty(); },
                         defaultWaitMs);
    }
    // Targets sent from now on.
    void markSendsAfterNow() {
        m_markedTargets.clear();
        m_marking = true;
    }
    const QSet<QByteArray> &markedTargets() const { return m_markedTargets; }

    int succeeded() const { return m_succeeded; }
    const QByteArrayList &failures() const { return m_failures; }

private:
    void sendNext(int client) {
        const QByteArray target =
            "/svc/c" + QByteArray::number(client) + '-' + QByteArray::number(m_sent[client]++);
        if (m_marking)
            m_markedTargets.insert(target);
        ++m_inFlight;
        m_clients[size_t(client)]->send(RawClient::request("GET", target));
        m_clients[size_t(client)]->startResponse();
    }
    void onResponse(int client, const ParsedResponse &response) {
        --m_inFlight;
        if (response.complete && response.status == 200)
            ++m_succeeded;
        else
            m_failures.append("client " + QByteArray::number(client) + ": status " +
                              QByteArray::number(response.status) + ' ' + response.error);
        if (m_running && response.complete && response.status == 200)
            sendNext(client);
    }

    std::vector<std::unique_ptr<RawClient>> m_clients;
    QList<int> m_sent;
    QSet<QByteArray> m_markedTargets;
    QByteArrayList m_failures;
    int m_succeeded = 0;
    int m_inFlight = 0;
    bool m_running = true;
    bool m_marking = false;
};

} // namespace

void TestGatewayController::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestGatewayController::startsAndStops() {
    ScriptedBackend backend("b");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    QVERIFY(gateway.port() != 0);
    QTRY_VERIFY(gateway.controller().lastSnapshot().running);
    QCOMPARE(gateway.controller().lastSnapshot().listenUrl,
             QStringLiteral("http://127.0.0.1:%1").arg(gateway.port()));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("GET", "/svc"));
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);

    QVERIFY(gateway.stop(std::chrono::milliseconds(1000)));
    QVERIFY(client.waitForDisconnected()); // idle keep-alive connections close at once
    QTRY_VERIFY(!gateway.controller().lastSnapshot().running);
    RawClient late(gateway.port());
    QVERIFY2(!late.waitForConnected(), "the listener still accepts after stopped()");

    // A stopped gateway starts again.
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    RawClient again(gateway.port());
    QVERIFY(again.waitForConnected());
}

void TestGatewayController::reportsTakenPort() {
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    GatewayConfig config = GatewayFixture::singleRouteConfig({});
    config.listen.port = squatter.serverPort();

    GatewayFixture gateway;
    QVERIFY(!gateway.start(config));
    const QString message = gateway.startError();
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(squatter.serverPort())),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("in use"), Qt::CaseInsensitive), qPrintable(message));

    // The failed start left it stopped, not half running: it starts elsewhere.
    config.listen.port = 0;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));
}

void TestGatewayController::stopLetsInFlightRequestFinish() {
    ScriptedBackend slow("slow");
    slow.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.delayMs = 300;
        reply.body = "finished";
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({slow.url()}));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("GET", "/svc"));
    QVERIFY(slow.waitForRequests(1));
    gateway.controller().stop(std::chrono::milliseconds(5000));

    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.bytes(), QByteArray("finished"));
    QCOMPARE(response.headers.value("connection"), QByteArray("close"));
    QVERIFY(client.waitForDisconnected());
    QTRY_VERIFY(gateway.isStopped());
    QVERIFY(gateway.waitForRecords(1));
    QCOMPARE(gateway.records().first().outcome, Outcome::Ok);
}

void TestGatewayController::stopClosesWhatOutlastsGrace() {
    ScriptedBackend silent("silent");
    silent.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.kind = BackendReply::Kind::NoAnswer;
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({silent.url()}));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("GET", "/svc"));
    QVERIFY(silent.waitForRequests(1));
    QVERIFY(gateway.stop(std::chrono::milliseconds(200)));
    QVERIFY(client.waitForDisconnected());
    QVERIFY(!client.readResponse().headReceived);
    // The cut request has its record, published before stopped().
    QCOMPARE(gateway.records().size(), 1);
    QCOMPARE(gateway.records().first().outcome, Outcome::Shutdown);
    QVERIFY2(gateway.records().first().failure.contains("grace period"),
             gateway.records().first().failure.constData());
}

void TestGatewayController::stopWithoutGraceCutsAtOnce_data() {
    QTest::addColumn<bool>("stoppingAlready"); // a graceful stop is waiting for the exchange
    QTest::newRow("stop without grace") << false;
    QTest::newRow("second stop, without grace, cuts the first one's grace short") << true;
}

// What the headless program's second SIGTERM does (README, "Command line"): everything closes
// now, and each request cut, an exchange waiting for its instance as much as a head still
// arriving, gets its record before stopped().
void TestGatewayController::stopWithoutGraceCutsAtOnce() {
    QFETCH(bool, stoppingAlready);
    ScriptedBackend silent("silent");
    silent.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.kind = BackendReply::Kind::NoAnswer;
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({silent.url()}));
    RawClient waiting(gateway.port());
    RawClient sendingHead(gateway.port());
    QVERIFY(waiting.waitForConnected());
    QVERIFY(sendingHead.waitForConnected());
    // The half head first: by the time the whole request has gone through the gateway to the
    // instance, the gateway has read the half head too (sent earlier on a socket it watches), so
    // the stop finds a head arriving rather than a connection that has sent nothing yet.
    sendingHead.send("GET /svc/half HTTP/1.1\r\nHo");
    waiting.send(RawClient::request("GET", "/svc/waiting"));
    QVERIFY(silent.waitForRequests(1));
    QVERIFY(gateway.waitForSnapshot(
        [](const GatewaySnapshot &snapshot) { return snapshot.openConnections == 2; }));

    if (stoppingAlready) {
        // Longer than the fixture waits for stopped(): only the second stop can end it in time.
        gateway.controller().stop(std::chrono::milliseconds(60000));
    }
    QVERIFY(gateway.stop(std::chrono::milliseconds(0)));
    QCOMPARE(gateway.records().size(), 2);
    for (const RequestRecord &record : gateway.records()) {
        QCOMPARE(record.outcome, Outcome::Shutdown);
        QVERIFY2(record.failure.contains("at once"), record.failure.constData());
    }
    const auto byTarget = [&](const QByteArray &target) {
        for (const RequestRecord &record : gateway.records()) {
            if (record.target == target)
                return true;
        }
        return false;
    };
    QVERIFY(byTarget("/svc/waiting"));
    QVERIFY(byTarget(QByteArray())); // the half-sent head: no target parsed yet
    QVERIFY(waiting.waitForDisconnected());
    QVERIFY(sendingHead.waitForDisconnected());
    QVERIFY(!waiting.readResponse().headReceived);
}

void TestGatewayController::togglesUnderConcurrentLoad() {
    ScriptedBackend first("first");
    ScriptedBackend second("second");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({first.url(), second.url()}));

    LoadRunner load(gateway.port(), 10);
    QVERIFY(load.start());
    QVERIFY(load.waitForMore(50));

    // Every step keeps at least one instance enabled, so no request may fail.
    const QList<std::pair<int, AdminState>> steps = {
        {0, AdminState::Disabled}, {0, AdminState::Enabled},  {1, AdminState::Disabled},
        {1, AdminState::Enabled},  {0, AdminState::Draining}, {0, AdminState::Enabled},
        {0, AdminState::Disabled}};
    for (const auto &[index, state] : steps) {
        const ControlResult result = gateway.setBackendAdminState("svc", index, state);
        QVERIFY2(result.ok(), qPrintable(result.message));
        // controlFinished() follows the change in the worker: whatever is sent from now on
        // meets the new state.
        load.markSendsAfterNow();
        QVERIFY2(load.waitForMore(30), load.failures().join('\n').constData());
    }
    QVERIFY2(load.waitForMore(100), load.failures().join('\n').constData());
    load.stop();
    QVERIFY(load.waitForIdle());
    QVERIFY2(load.failures().isEmpty(), load.failures().join('\n').constData());

    // After the last step (instance 0 disabled) nothing new went to instance 0.
    const QSet<QByteArray> afterDisable = load.markedTargets();
    QVERIFY(!afterDisable.isEmpty());
    for (const ReceivedRequest &request : first.requests())
        QVERIFY2(!afterDisable.contains("/svc" + request.target), request.target.constData());
    QVERIFY(gateway.waitForRecords(load.succeeded()));
    int checked = 0;
    for (const RequestRecord &record : gateway.records()) {
        QCOMPARE(record.outcome, Outcome::Ok);
        if (!afterDisable.contains(record.target))
            continue;
        ++checked;
        QVERIFY2(record.backendIndex == 1, record.target.constData());
    }
    QCOMPARE(checked, afterDisable.size());
    QVERIFY(first.requests().size() > 0);
}

namespace {
// Threads of this process with that name (Linux: QThread names the OS thread after its
// objectName when it starts).
int threadsNamed(const QByteArray &name) {
    int count = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(task + QStringLiteral("/comm")));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == name)
            ++count;
    }
    return count;
}
} // namespace

// The demo instances are not in the production path: a config without a demo: section runs no
// demo thread, and demo commands answer that there are no instances.
void TestGatewayController::startsTheDemoThreadOnlyForADemoConfig() {
    // Threads of earlier tests can stay listed for a moment after QThread::wait() (under ASan
    // too long to ignore).
    QTRY_COMPARE(threadsNamed("gateway"), 0);
    QTRY_COMPARE(threadsNamed("demo"), 0);
    ScriptedBackend backend("b");
    GatewayFixture plain;
    QVERIFY(plain.startSingleRoute({backend.url()}));
    QCOMPARE(threadsNamed("gateway"), 1);
    QCOMPARE(threadsNamed("demo"), 0);
    QSignalSpy states(&plain.controller(), &GatewayController::demoStateChanged);
    plain.controller().controlDemo(DemoCommand::readState());
    QVERIFY(states.wait());
    QVERIFY(states.first().first().value<QList<DemoInstanceState>>().isEmpty());

    GatewayFixture withDemo;
    GatewayConfig config = GatewayFixture::singleRouteConfig({backend.url()});
    config.demo.backendPorts = {0};
    QVERIFY2(withDemo.start(config), qPrintable(withDemo.startError()));
    QCOMPARE(threadsNamed("demo"), 1);
}

// What the window does to switch configs (a scenario, Open Config): stop, and start the new
// config as soon as stopped() arrives. The old demo instances' stop must land before the new
// ones start, or the new config runs with its demo instances stopped.
void TestGatewayController::restartFromStoppedKeepsTheDemoInstancesRunning() {
    GatewayFixture gateway;
    GatewayConfig config = GatewayFixture::singleRouteConfig({QUrl("http://127.0.0.1:1")});
    config.demo.backendPorts = {0};
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    GatewayController &controller = gateway.controller();
    QSignalSpy started(&controller, &GatewayController::started);
    QObject restarter;
    QObject::connect(&controller, &GatewayController::stopped, &restarter,
                     [&] { controller.start(config); });
    controller.stop(std::chrono::milliseconds(0));
    QVERIFY(started.wait());

    // Every call into the demo thread is queued in order: a stop posted around the restart has
    // run before this read, which is posted after started().
    QSignalSpy states(&controller, &GatewayController::demoStateChanged);
    controller.controlDemo(DemoCommand::readState());
    QVERIFY(states.wait());
    const auto instances = states.last().first().value<QList<DemoInstanceState>>();
    QCOMPARE(instances.size(), 1);
    QVERIFY(instances.first().listening);
    const ParsedResponse response =
        RawClient::exchangeOnce(instances.first().port, RawClient::request("GET", "/hello"));
    QCOMPARE(response.status, 200);
}

// The headless program's count reaches the worker as a value and comes back in the snapshots
// that /metrics formats (gateway_access_log_dropped_lines_total).
void TestGatewayController::snapshotsCarryTheAccessLogDrops() {
    ScriptedBackend backend("b");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    gateway.controller().setAccessLogDroppedLines(42);
    QVERIFY(gateway.waitForSnapshot(
        [](const GatewaySnapshot &snapshot) { return snapshot.accessLogDroppedLines == 42; }));
}

QTEST_GUILESS_MAIN(TestGatewayController)
#include "tst_gatewaycontroller.moc"
