#include "teaching/demofaultmenu.h"

#include "control/gatewaycontroller.h"
#include "gatewayfixture.h"

#include <QApplication>
#include <QInputDialog>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <memory>

using namespace std::chrono_literals;

namespace {
// Whether a connection to the port is accepted (a test may block on it).
bool accepts(quint16 port) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(5000);
}

QInputDialog *openValueDialog() {
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (widget->objectName() == QLatin1String("demoFaultValueDialog") && widget->isVisible())
            return qobject_cast<QInputDialog *>(widget);
    }
    return nullptr;
}
} // namespace

class TestDemoFaultMenu : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void demoPortFor_data();
    void demoPortFor();
    void otherInstancesHaveNoFaults();
    void killRefusesConnectionsAndReviveAcceptsThem();
    void valuesGoThroughTheDialog();
    void resetMidResponseFollowsTheCluster();

private:
    QString urlOf() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }

    std::unique_ptr<GatewayFixture> m_gateway;
    std::unique_ptr<DemoFaultMenu> m_menu;
    quint16 m_port = 0;
};

void TestDemoFaultMenu::init() {
    // A config with one demo instance, as the window runs it: the menu reaches the instance
    // through the controller, as the window's does.
    m_gateway = std::make_unique<GatewayFixture>();
    GatewayController &controller = m_gateway->controller();
    GatewayConfig config = GatewayFixture::baseConfig();
    config.demo.backendPorts = {0};
    config.routes = {GatewayFixture::route("svc", "/svc", {QUrl("http://127.0.0.1:1")})};
    QVERIFY2(m_gateway->start(config), qPrintable(m_gateway->startError()));
    QSignalSpy states(&controller, &GatewayController::demoStateChanged);
    controller.controlDemo(DemoCommand::readState());
    QVERIFY(states.wait());
    m_port = states.last().first().value<QList<DemoInstanceState>>().first().port;
    m_menu = std::make_unique<DemoFaultMenu>(controller);
    // The menu asked for the state when it was made; the instance is known once it answered.
    QTRY_VERIFY(m_menu->setInstanceUrl(urlOf()));
}

void TestDemoFaultMenu::cleanup() {
    m_menu.reset();
    m_gateway.reset();
}

void TestDemoFaultMenu::demoPortFor_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<int>("expected"); // 0: not a demo instance
    QTest::newRow("ipv4 loopback") << "http://127.0.0.1:8082" << 8082;
    QTest::newRow("localhost with a base path") << "http://localhost:8081/api" << 8081;
    QTest::newRow("ipv6 loopback") << "http://[::1]:8081" << 8081;
    QTest::newRow("other loopback address") << "http://127.0.0.2:8081" << 8081;
    QTest::newRow("another host, same port") << "http://10.0.0.1:8081" << 0;
    QTest::newRow("a named host") << "http://example.com:8081" << 0;
    QTest::newRow("port not a demo port") << "http://127.0.0.1:9000" << 0;
    QTest::newRow("default port") << "http://127.0.0.1" << 0;
    QTest::newRow("not a URL") << "" << 0;
}

void TestDemoFaultMenu::demoPortFor() {
    QFETCH(QString, url);
    QFETCH(int, expected);
    const std::optional<quint16> port = DemoFaultMenu::demoPortFor(url, {8081, 8082});
    QCOMPARE(port.value_or(0), expected);
}

void TestDemoFaultMenu::otherInstancesHaveNoFaults() {
    QVERIFY(!m_menu->setInstanceUrl(QStringLiteral("http://10.0.0.1:%1").arg(m_port)));
    QVERIFY(!m_menu->port());
    for (QAction *action : {m_menu->killAction(), m_menu->reviveAction(), m_menu->latencyAction(),
                            m_menu->errorRateAction(), m_menu->resetMidResponseAction()})
        QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
    QVERIFY(m_menu->setInstanceUrl(urlOf()));
    QCOMPARE(m_menu->port().value_or(0), m_port);
}

void TestDemoFaultMenu::killRefusesConnectionsAndReviveAcceptsThem() {
    QVERIFY(m_menu->killAction()->isEnabled());
    QVERIFY(!m_menu->reviveAction()->isEnabled());
    QVERIFY(accepts(m_port));

    m_menu->killAction()->trigger();
    QTRY_VERIFY(m_menu->reviveAction()->isEnabled());
    QVERIFY(!m_menu->killAction()->isEnabled());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(!socket.waitForConnected(5000));
    QCOMPARE(socket.error(), QAbstractSocket::ConnectionRefusedError);

    m_menu->reviveAction()->trigger();
    QTRY_VERIFY(m_menu->killAction()->isEnabled());
    QVERIFY(accepts(m_port));
}

void TestDemoFaultMenu::valuesGoThroughTheDialog() {
    QSignalSpy states(&m_gateway->controller(), &GatewayController::demoStateChanged);
    m_menu->latencyAction()->trigger();
    QInputDialog *dialog = openValueDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->intValue(), 0);
    dialog->setIntValue(250);
    dialog->accept();
    QTRY_VERIFY(m_menu->latencyAction()->text().contains(QStringLiteral("250 ms")));
    QCOMPARE(states.last().first().value<QList<DemoInstanceState>>().first().latency, 250ms);

    m_menu->errorRateAction()->trigger();
    dialog = openValueDialog();
    QVERIFY(dialog);
    dialog->setIntValue(30);
    dialog->accept();
    QTRY_VERIFY(m_menu->errorRateAction()->text().contains(QStringLiteral("30 %")));

    // Cancel changes nothing: the dialog opens with the current value and sends no call.
    m_menu->latencyAction()->trigger();
    dialog = openValueDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->intValue(), 250);
    const qsizetype answers = states.size();
    dialog->reject();
    m_gateway->controller().controlDemo(DemoCommand::readState());
    QTRY_COMPARE(states.size(), answers + 1);
    QCOMPARE(states.last().first().value<QList<DemoInstanceState>>().first().latency, 250ms);
}

void TestDemoFaultMenu::resetMidResponseFollowsTheCluster() {
    QAction *reset = m_menu->resetMidResponseAction();
    QVERIFY(!reset->isChecked());
    reset->trigger();
    // Not checked by the click itself: the cluster's answer checks it.
    QVERIFY(!reset->isChecked());
    QTRY_VERIFY(reset->isChecked());
    reset->trigger();
    QTRY_VERIFY(!reset->isChecked());
}

QTEST_MAIN(TestDemoFaultMenu)
#include "tst_demofaultmenu.moc"
