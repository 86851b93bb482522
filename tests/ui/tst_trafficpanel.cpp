#include "teaching/trafficpanel.h"
#include "tinybackend.h"
#include "window/gatewaysession.h"

#include "control/gatewaycontroller.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

// The panel offscreen over real sockets: a gateway on port 0 in front of one TinyBackend, whose
// request count says how many requests the panel's generator really sent.
class TestTrafficPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void disabledWithAHintWhileTheGatewayIsStopped();
    void routeChoiceFillsInThePath();
    void startRunsThePlanAndShowsTheSummary();
    void sendOneSendsExactlyOneRequest();
    void f8SendsOneRequest();
    void stoppingTheGatewayStopsTheRunAndDisablesThePanel();

private:
    void startGateway();
    TrafficSummary clickAndWait(QPushButton *button);

    QTemporaryDir *m_dir = nullptr;
    TinyBackend *m_backend = nullptr;
    GatewayController *m_controller = nullptr;
    GatewaySession *m_session = nullptr;
    TrafficPanel *m_panel = nullptr;
};

void TestTrafficPanel::init() {
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_backend = new TinyBackend("tiny");
    QVERIFY(m_backend->isListening());
    m_controller = new GatewayController;
    m_session = new GatewaySession(*m_controller);
    m_panel = new TrafficPanel(*m_session, *m_controller);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel));
}

void TestTrafficPanel::cleanup() {
    delete m_panel;
    delete m_session;
    delete m_controller;
    delete m_backend;
    delete m_dir;
}

void TestTrafficPanel::startGateway() {
    const QString path = m_dir->filePath(QStringLiteral("gateway.yaml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("server:\n"
               "  listen: 127.0.0.1:0\n"
               "routes:\n"
               "  - id: other\n"
               "    path: /other\n"
               "    targets: [http://127.0.0.1:" +
               QByteArray::number(m_backend->port()) +
               "]\n"
               "  - id: svc\n"
               "    path: /svc\n"
               "    targets: [http://127.0.0.1:" +
               QByteArray::number(m_backend->port()) + "]\n");
    file.close();
    QVERIFY(m_session->loadConfig(path));
    m_session->start();
    QTRY_COMPARE(m_session->state(), GatewaySession::State::Running);
    QTRY_COMPARE(m_panel->routeBox()->count(), 2);
}

TrafficSummary TestTrafficPanel::clickAndWait(QPushButton *button) {
    QSignalSpy finished(m_panel, &TrafficPanel::runFinished);
    QTest::mouseClick(button, Qt::LeftButton);
    if (!finished.wait())
        return {};
    return finished.first().first().value<TrafficSummary>();
}

void TestTrafficPanel::disabledWithAHintWhileTheGatewayIsStopped() {
    QVERIFY(!m_panel->startButton()->isEnabled());
    QVERIFY(!m_panel->sendOneButton()->isEnabled());
    QVERIFY(!m_panel->stopButton()->isEnabled());
    QVERIFY(!m_panel->pathEdit()->isEnabled());
    QVERIFY(m_panel->hintLabel()->isVisible());
    // Nothing planned, nothing counted: not "0 / 1".
    QCOMPARE(m_panel->progressBar()->text(), QStringLiteral("No run yet"));

    startGateway();
    QVERIFY(m_panel->startButton()->isEnabled());
    QVERIFY(m_panel->sendOneButton()->isEnabled());
    QVERIFY(!m_panel->stopButton()->isEnabled());
    QVERIFY(!m_panel->hintLabel()->isVisible());
}

void TestTrafficPanel::routeChoiceFillsInThePath() {
    startGateway();
    QCOMPARE(m_panel->routeBox()->currentText(), QStringLiteral("other"));
    QCOMPARE(m_panel->pathEdit()->text(), QStringLiteral("/other"));
    m_panel->routeBox()->setCurrentIndex(1);
    QCOMPARE(m_panel->pathEdit()->text(), QStringLiteral("/svc"));
    // Later snapshots with the same routes keep the choice.
    m_controller->requestSnapshot();
    QSignalSpy snapshot(m_controller, &GatewayController::snapshotReady);
    QVERIFY(snapshot.wait());
    QCOMPARE(m_panel->routeBox()->currentText(), QStringLiteral("svc"));
}

void TestTrafficPanel::startRunsThePlanAndShowsTheSummary() {
    startGateway();
    m_panel->routeBox()->setCurrentIndex(1);
    m_panel->pathEdit()->setText(QStringLiteral("/svc/x"));
    m_panel->requestsBox()->setValue(30);
    m_panel->concurrencyBox()->setValue(3);

    QSignalSpy started(m_panel, &TrafficPanel::runStarted);
    const TrafficSummary summary = clickAndWait(m_panel->startButton());
    QCOMPARE(started.size(), 1);
    const auto plan = started.first().first().value<TrafficPlan>();
    QCOMPARE(plan.path, QByteArray("/svc/x"));
    QCOMPARE(plan.concurrency, 3);
    QCOMPARE(plan.baseUrl, QUrl(m_session->listenUrl()));

    QCOMPARE(summary.ok, 30);
    QCOMPARE(m_backend->requestCount(), 30);
    QCOMPARE(m_panel->progressBar()->value(), 30);
    QCOMPARE(m_panel->progressBar()->maximum(), 30);
    QCOMPARE(m_panel->progressBar()->text(), QStringLiteral("30 / 30"));
    QVERIFY2(m_panel->summaryLabel()->text().startsWith(QStringLiteral("30 sent · 30 ok")),
             qPrintable(m_panel->summaryLabel()->text()));
    QVERIFY(m_panel->startButton()->isEnabled());
    QVERIFY(!m_panel->stopButton()->isEnabled());
}

void TestTrafficPanel::sendOneSendsExactlyOneRequest() {
    startGateway();
    m_panel->requestsBox()->setValue(50);
    m_panel->concurrencyBox()->setValue(8);

    QSignalSpy started(m_panel, &TrafficPanel::runStarted);
    QCOMPARE(clickAndWait(m_panel->sendOneButton()).sent, 1);
    QCOMPARE(m_backend->requestCount(), 1);
    QCOMPARE(started.first().first().value<TrafficPlan>().totalRequests, 1);
    QCOMPARE(clickAndWait(m_panel->sendOneButton()).ok, 1);
    QCOMPARE(m_backend->requestCount(), 2);
}

void TestTrafficPanel::f8SendsOneRequest() {
    startGateway();
    m_panel->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_panel));
    m_panel->pathEdit()->setFocus();

    QSignalSpy finished(m_panel, &TrafficPanel::runFinished);
    QTest::keyClick(m_panel->pathEdit(), Qt::Key_F8);
    QVERIFY(finished.wait());
    QCOMPARE(finished.first().first().value<TrafficSummary>().sent, 1);
    QCOMPARE(m_backend->requestCount(), 1);
}

void TestTrafficPanel::stoppingTheGatewayStopsTheRunAndDisablesThePanel() {
    startGateway();
    m_panel->rateModeButton()->setChecked(true);
    m_panel->rateBox()->setValue(50);
    m_panel->durationBox()->setValue(0); // until stopped

    QSignalSpy finished(m_panel, &TrafficPanel::runFinished);
    QTest::mouseClick(m_panel->startButton(), Qt::LeftButton);
    QVERIFY(m_panel->stopButton()->isEnabled());
    QVERIFY(!m_panel->startButton()->isEnabled());
    QTRY_VERIFY(m_backend->requestCount() >= 3);

    m_session->stop();
    QVERIFY(finished.wait());
    QVERIFY(finished.first().first().value<TrafficSummary>().stopped);
    QTRY_COMPARE(m_session->state(), GatewaySession::State::Stopped);
    QVERIFY(!m_panel->startButton()->isEnabled());
    QVERIFY(!m_panel->stopButton()->isEnabled());
    QVERIFY(m_panel->hintLabel()->isVisible());
    QVERIFY(m_panel->summaryLabel()->text().contains(QStringLiteral("Stopped")));
}

QTEST_MAIN(TestTrafficPanel)
#include "tst_trafficpanel.moc"
