// Faults given in the config's demo section (`backends: [{port, latency, error_rate, ...}]`)
// are in place when GatewayController reports started(): the first request an instance ever
// gets through the gateway already meets them, and only the instance they were written for.
#include "gatewayfixture.h"
#include "rawclient.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

class TestDemoFaultsConfig final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void errorRate100AnswersFirstRequestWith500();
};

namespace {

QUrl urlOf(quint16 port) {
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

// Runs a control call and returns the result of its controlFinished().
ControlResult control(GatewayController &controller,
                      const std::function<void(GatewayController &)> &call) {
    QSignalSpy finished(&controller, &GatewayController::controlFinished);
    call(controller);
    if (!finished.wait(defaultWaitMs))
        return ControlResult{ControlResult::Error::NotRunning, QStringLiteral("no answer")};
    return finished.first().first().value<ControlResult>();
}

// The demo instances' states as the demo thread has them now.
QList<DemoInstanceState> demoStates(GatewayController &controller) {
    QSignalSpy answered(&controller, &GatewayController::demoStateChanged);
    controller.controlDemo(DemoCommand::readState());
    if (!answered.wait(defaultWaitMs))
        return {};
    return answered.last().first().value<QList<DemoInstanceState>>();
}

} // namespace

void TestDemoFaultsConfig::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestDemoFaultsConfig::errorRate100AnswersFirstRequestWith500() {
    GatewayFixture gateway;
    GatewayConfig config = GatewayFixture::baseConfig();
    config.demo.backendPorts = {0, 0};
    config.demo.backendFaults = {DemoFaultsConfig{0ms, 100, false}, DemoFaultsConfig()};
    // Ports 0: the instances' ports are known only once they run, so the route starts with a
    // placeholder and gets them through the controller.
    config.routes = {GatewayFixture::route("svc", "/svc", {urlOf(GatewayFixture::unusedPort())})};
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    const QList<DemoInstanceState> states = demoStates(gateway.controller());
    QCOMPARE(states.size(), 2);
    const QList<quint16> ports = {states[0].port, states[1].port};
    QCOMPARE(states[0].errorRatePercent, 100);
    QCOMPARE(states[1].errorRatePercent, 0);
    QCOMPARE(states[0].requestsServed, 0);

    ControlResult result = control(gateway.controller(), [&](GatewayController &c) {
        c.addBackend("svc", urlOf(ports[0]), 1, QString());
    });
    QVERIFY2(result.ok(), qPrintable(result.message));
    result = control(gateway.controller(), [](GatewayController &c) { c.removeBackend("svc", 0); });
    QVERIFY2(result.ok(), qPrintable(result.message));

    const ParsedResponse first =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/svc/hello"));
    QCOMPARE(first.status, 500);
    const QList<DemoInstanceState> after = demoStates(gateway.controller());
    QCOMPARE(after[0].requestsServed, 1);
    QCOMPARE(after[0].responsesByStatus.value(500), 1);
    // The other instance got no fault.
    QCOMPARE(RawClient::exchangeOnce(ports[1], RawClient::request("GET", "/hello")).status, 200);
}

QTEST_GUILESS_MAIN(TestDemoFaultsConfig)
#include "tst_demofaultsconfig.moc"
