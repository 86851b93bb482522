#include "demo/democluster.h"
#include "gatewayfixture.h"
#include "refusingport.h"
#include "scriptedbackend.h"
#include "traffic/trafficgenerator.h"

#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace std::chrono_literals;

// The traffic generator over real sockets: its own thread sending through a real gateway (port
// 0) to the in-process demo instances, whose own counters say what actually arrived.
class TestTrafficGenerator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void countModeSendsEveryRequestThroughTheGateway();
    void errorStatusesAreCountedByStatus();
    void refusedConnectsAreTransportErrors();
    void responsesCutShortAreTransportErrors();
    void malformedResponsesAreTransportErrors();
    void reconnectsWhenTheServerCloses();
    void stopEndsPromptlyWithAPartialSummary();
    void rateModeSendsTheScheduledNumberWithinTheDuration();
    void rateModeWithoutDurationRunsUntilStopped();
    void startIsRefusedWhileRunningOrWithAnInvalidPlan();

private:
    TrafficPlan plan(qint64 requests, int concurrency) const;
    TrafficSummary run(TrafficGenerator &generator, const TrafficPlan &plan);
    QList<DemoInstanceState> demoState();
    static qint64 served(const QList<DemoInstanceState> &states, int status);

    std::unique_ptr<DemoCluster> m_demo;
    std::unique_ptr<GatewayFixture> m_gateway;
    QList<quint16> m_demoPorts;
};

void TestTrafficGenerator::init() {
    m_demo = std::make_unique<DemoCluster>();
    QSignalSpy started(m_demo.get(), &DemoCluster::started);
    m_demo->start({0, 0});
    QVERIFY(started.wait());
    m_demoPorts = started.first().first().value<QList<quint16>>();

    m_gateway = std::make_unique<GatewayFixture>();
    GatewayConfig config = GatewayFixture::baseConfig();
    RouteConfig route =
        GatewayFixture::route(QStringLiteral("svc"), "/svc",
                              {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_demoPorts[0])),
                               QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_demoPorts[1]))});
    // 500s must reach the client as 500s, not take the instances out of rotation (→ 503).
    route.passiveHealth.maxFails = 0;
    config.routes.append(route);
    QVERIFY2(m_gateway->start(config), qPrintable(m_gateway->startError()));
}

void TestTrafficGenerator::cleanup() {
    if (m_gateway)
        m_gateway->stop(0ms);
    m_gateway.reset();
    m_demo.reset();
}

TrafficPlan TestTrafficGenerator::plan(qint64 requests, int concurrency) const {
    TrafficPlan plan;
    plan.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_gateway->port()));
    plan.path = "/svc/hello";
    plan.mode = TrafficPlan::Mode::Count;
    plan.totalRequests = requests;
    plan.concurrency = concurrency;
    return plan;
}

TrafficSummary TestTrafficGenerator::run(TrafficGenerator &generator, const TrafficPlan &plan) {
    QSignalSpy finished(&generator, &TrafficGenerator::finished);
    const QString error = generator.start(plan);
    if (!error.isEmpty()) {
        qWarning("start refused: %s", qPrintable(error));
        return {};
    }
    if (!finished.wait(30000))
        return {};
    return finished.first().first().value<TrafficSummary>();
}

QList<DemoInstanceState> TestTrafficGenerator::demoState() {
    QSignalSpy changed(m_demo.get(), &DemoCluster::stateChanged);
    m_demo->requestState();
    if (!changed.wait())
        return {};
    return changed.first().first().value<QList<DemoInstanceState>>();
}

qint64 TestTrafficGenerator::served(const QList<DemoInstanceState> &states, int status) {
    qint64 total = 0;
    for (const DemoInstanceState &state : states)
        total += state.responsesByStatus.value(status);
    return total;
}

void TestTrafficGenerator::countModeSendsEveryRequestThroughTheGateway() {
    TrafficGenerator generator;
    QSignalSpy progress(&generator, &TrafficGenerator::progress);
    const TrafficSummary summary = run(generator, plan(200, 4));

    QCOMPARE(summary.sent, 200);
    QCOMPARE(summary.ok, 200);
    QCOMPARE(summary.completed(), 200);
    QVERIFY(summary.errorsByStatus.isEmpty());
    QVERIFY(summary.transportErrors.isEmpty());
    QVERIFY(!summary.stopped);
    QVERIFY(summary.latencyP50Us > 0);
    QVERIFY(summary.latencyP50Us <= summary.latencyP99Us);

    // What the instances counted is what the generator counted, spread by round robin.
    const QList<DemoInstanceState> states = demoState();
    QCOMPARE(states.size(), 2);
    QCOMPARE(served(states, 200), 200);
    QCOMPARE(states[0].requestsServed, 100);
    QCOMPARE(states[1].requestsServed, 100);
    QVERIFY(m_gateway->waitForRecords(200));
    QCOMPARE(m_gateway->records().size(), 200);

    // The last progress is the final count.
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toLongLong(), 200);
    QCOMPARE(progress.last().at(1).toLongLong(), 200);
}

void TestTrafficGenerator::errorStatusesAreCountedByStatus() {
    m_demo->setErrorRate(m_demoPorts[0], 100);
    m_demo->setErrorRate(m_demoPorts[1], 50);
    TrafficGenerator generator;
    const TrafficSummary summary = run(generator, plan(40, 2));

    QCOMPARE(summary.sent, 40);
    // Instance 0 gets every other request and fails each; instance 1 fails every second one.
    QCOMPARE(summary.errorsByStatus, (QMap<int, qint64>{{500, 30}}));
    QCOMPARE(summary.ok, 10);
    QCOMPARE(served(demoState(), 500), 30);
}

void TestTrafficGenerator::refusedConnectsAreTransportErrors() {
    TrafficPlan closed = plan(10, 2);
    const RefusingPort refusing;
    closed.baseUrl.setPort(refusing.port());
    TrafficGenerator generator;
    const TrafficSummary summary = run(generator, closed);

    QCOMPARE(summary.sent, 10);
    QCOMPARE(summary.ok, 0);
    QCOMPARE(summary.transportErrors,
             (QMap<TrafficTransportError, qint64>{{TrafficTransportError::ConnectRefused, 10}}));
}

void TestTrafficGenerator::responsesCutShortAreTransportErrors() {
    m_demo->setResetMidResponse(m_demoPorts[0], true);
    m_demo->setResetMidResponse(m_demoPorts[1], true);
    TrafficGenerator generator;
    const TrafficSummary summary = run(generator, plan(6, 2));

    QCOMPARE(summary.sent, 6);
    QCOMPARE(summary.ok, 0);
    QCOMPARE(summary.transportErrors,
             (QMap<TrafficTransportError, qint64>{{TrafficTransportError::Reset, 6}}));
}

void TestTrafficGenerator::malformedResponsesAreTransportErrors() {
    ScriptedBackend backend("raw");
    backend.answerRaw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc");
    TrafficPlan direct = plan(3, 1);
    direct.baseUrl.setPort(backend.port());
    TrafficGenerator generator;
    const TrafficSummary summary = run(generator, direct);

    QCOMPARE(summary.sent, 3);
    QCOMPARE(summary.transportErrors,
             (QMap<TrafficTransportError, qint64>{{TrafficTransportError::BadResponse, 3}}));
}

void TestTrafficGenerator::reconnectsWhenTheServerCloses() {
    // Straight to a backend that closes after every response: each request needs a new
    // connection, and none of them is lost to the close.
    ScriptedBackend backend("closing");
    backend.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.body = "bye";
        reply.connection = BackendReply::Connection::Close;
    });
    TrafficPlan direct = plan(12, 3);
    direct.baseUrl.setPort(backend.port());
    TrafficGenerator generator;
    const TrafficSummary summary = run(generator, direct);

    QCOMPARE(summary.ok, 12);
    QCOMPARE(summary.completed(), 12);
    QCOMPARE(backend.requests().size(), 12);
    QCOMPARE(backend.connectionsAccepted(), 12);
}

void TestTrafficGenerator::stopEndsPromptlyWithAPartialSummary() {
    // Responses held back far longer than the wait below: finished() can only come from stop().
    m_demo->setLatency(m_demoPorts[0], 60s);
    m_demo->setLatency(m_demoPorts[1], 60s);
    TrafficGenerator generator;
    QSignalSpy progress(&generator, &TrafficGenerator::progress);
    QSignalSpy finished(&generator, &TrafficGenerator::finished);
    QVERIFY(generator.start(plan(100, 4)).isEmpty());
    QTRY_VERIFY(!progress.isEmpty() && progress.last().at(0).toLongLong() == 4);
    QVERIFY(generator.isRunning());

    generator.stop();
    QVERIFY(finished.wait(defaultWaitMs));
    QVERIFY(!generator.isRunning());
    const auto summary = finished.first().first().value<TrafficSummary>();
    QVERIFY(summary.stopped);
    QCOMPARE(summary.sent, 4);
    QCOMPARE(summary.completed(), 0);
}

void TestTrafficGenerator::rateModeSendsTheScheduledNumberWithinTheDuration() {
    TrafficPlan steady = plan(0, 2);
    steady.mode = TrafficPlan::Mode::Rate;
    steady.requestsPerSecond = 40;
    steady.duration = 1000ms;
    TrafficGenerator generator;
    const TrafficSummary summary = run(generator, steady);

    // 40 slots, one every 25 ms; a slot finding both connections busy is skipped, not queued.
    QCOMPARE(summary.sent + summary.skipped, 40);
    QVERIFY2(summary.sent >= 38, qPrintable(QString::number(summary.sent)));
    QCOMPARE(summary.ok, summary.sent);
    // The last slot is due at 975 ms: sent evenly, not in one burst at the start.
    QVERIFY(summary.elapsed >= 975ms);
    QCOMPARE(served(demoState(), 200), summary.sent);
}

void TestTrafficGenerator::rateModeWithoutDurationRunsUntilStopped() {
    TrafficPlan endless = plan(0, 1);
    endless.mode = TrafficPlan::Mode::Rate;
    endless.requestsPerSecond = 100;
    TrafficGenerator generator;
    QSignalSpy progress(&generator, &TrafficGenerator::progress);
    QSignalSpy finished(&generator, &TrafficGenerator::finished);
    QVERIFY(generator.start(endless).isEmpty());
    QTRY_VERIFY(!progress.isEmpty() && progress.last().at(1).toLongLong() >= 10);
    QVERIFY(finished.isEmpty());

    generator.stop();
    QVERIFY(finished.wait());
    const auto summary = finished.first().first().value<TrafficSummary>();
    QVERIFY(summary.stopped);
    QVERIFY(summary.ok >= 10);
    QVERIFY(summary.sent - summary.completed() <= 1);
}

void TestTrafficGenerator::startIsRefusedWhileRunningOrWithAnInvalidPlan() {
    TrafficGenerator generator;
    TrafficPlan invalid = plan(5, 1);
    invalid.path = "/svc/a b";
    QVERIFY(!generator.start(invalid).isEmpty());
    QVERIFY(!generator.isRunning());

    QSignalSpy finished(&generator, &TrafficGenerator::finished);
    QVERIFY(generator.start(plan(5, 1)).isEmpty());
    QVERIFY(!generator.start(plan(5, 1)).isEmpty());
    QVERIFY(finished.wait());
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<TrafficSummary>().ok, 5);
    // Once finished, it starts again.
    QCOMPARE(run(generator, plan(3, 1)).ok, 3);
}

QTEST_GUILESS_MAIN(TestTrafficGenerator)
#include "tst_trafficgenerator.moc"
