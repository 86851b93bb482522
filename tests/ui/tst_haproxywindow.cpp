// The window on a real HAProxy 2.6 (README, "Export, run HAProxy, connect"): HAProxy runs the
// exporter's haproxy.cfg over scripted backends, and the window connects through the same call
// File → Connect to HAProxy… makes once its dialog is accepted. The routes tree lists the
// backends and servers; unticking a server's Enabled box moves the traffic and the live log
// names the servers that served, the chart counts them; Set Weight… changes the shares; the
// gateway's own tools are greyed out with the reason; a closed port is reported and leaves the
// window as it was.
#include "balancers/haproxyactions.h"
#include "balancers/haproxyconnection.h"
#include "balancers/haproxyfeaturetext.h"
#include "dialogs/addinstancedialog.h"
#include "dialogs/connecthaproxydialog.h"
#include "distribution/distributionchart.h"
#include "requestlog/requestlogmodel.h"
#include "routes/routeactions.h"
#include "routes/routetreemodel.h"
#include "routes/routetreeview.h"
#include "teaching/demofaultmenu.h"
#include "window/gatewaysession.h"
#include "window/mainwindow.h"

#include "config/gatewayconfig.h"
#include "control/gatewaycontroller.h"
#include "eventwait.h"
#include "gatewayfixture.h"
#include "haproxy/haproxysession.h"
#include "haproxyinstance.h"
#include "modalanswer.h"
#include "rawclient.h"
#include "refusingport.h"
#include "scriptedbackend.h"
#include "unusedudpport.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace {

const QString rr = QStringLiteral("route_rr");
const QString weighted = QStringLiteral("route_weighted");

// The server names of the log's rows for target, oldest first (HAProxy also logs connections
// that sent no request: those are left out).
QStringList servedBy(const RequestLogModel &log, const QByteArray &target) {
    QStringList names;
    for (int row = 0; row < log.rowCount(); ++row) {
        if (!log.isMarkerAt(row) && log.recordAt(row).target == target)
            names.append(log.recordAt(row).backendName);
    }
    return names;
}

RuntimeApiAddress addressOf(const QString &text) {
    QString error;
    const std::optional<RuntimeApiAddress> address = RuntimeApiAddress::parse(text, &error);
    if (!address)
        qFatal("%s", qPrintable(error));
    return *address;
}

} // namespace

class TestHaproxyWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void treeListsBackendsAndServers();
    void untickingEnabledMovesTheTrafficAndTheLogSaysWho();
    void setWeightChangesTheShares();
    void addInstanceOffersHaproxysWeightLimit();
    void gatewayToolsAreGreyedOutWithTheReason();
    void disconnectReturnsToTheGateway();
    void theGatewaysAddressStaysGreyedWhileHaproxyIsShown();
    void closedPortIsReportedAndTheWindowStays();
    void dialogChecksTheAddress();

private:
    // HAProxy on the exporter's config for routes rr (alpha, beta, round robin) and weighted
    // (the same, weighted round robin), its log to m_logPort; then the window connects to its
    // admin socket and shows it.
    bool startAndConnect();

    std::unique_ptr<ScriptedBackend> m_alpha;
    std::unique_ptr<ScriptedBackend> m_beta;
    HaproxyInstance m_haproxy;
    quint16 m_logPort = 0;
    std::unique_ptr<GatewayController> m_controller;
    std::unique_ptr<MainWindow> m_window;
};

void TestHaproxyWindow::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(HaproxyInstance::requireHaproxy());
}

void TestHaproxyWindow::init() {
    for (auto [backend, name] : {std::pair{&m_alpha, "alpha"}, std::pair{&m_beta, "beta"}}) {
        *backend = std::make_unique<ScriptedBackend>(name);
        ScriptedBackend *self = backend->get();
        self->setHandler(
            [self](const ReceivedRequest &, BackendReply &reply) { reply.body = self->name(); });
    }
    m_controller = std::make_unique<GatewayController>();
    m_window = std::make_unique<MainWindow>(*m_controller, WindowSettings::Defaults);
    // Fast polls: a change shows in the tree soon after HAProxy made it.
    m_window->haproxyActions()->connection().setPollIntervalMs(100);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestHaproxyWindow::cleanup() {
    m_window.reset();
    m_controller.reset();
    m_haproxy.stop();
    m_alpha.reset();
    m_beta.reset();
}

bool TestHaproxyWindow::startAndConnect() {
    const GatewayConfig config = HaproxyInstance::alphaBetaConfig(
        QStringLiteral("tst_haproxywindow"), m_alpha->url(), m_beta->url());
    m_logPort = unusedUdpPort();
    if (!m_haproxy.start(config, m_logPort))
        return false;
    HaproxyActions &haproxy = *m_window->haproxyActions();
    haproxy.connectTo(addressOf(m_haproxy.adminSocket()), m_logPort);
    return waitUntil([&] { return haproxy.showsHaproxy(); }, defaultWaitMs);
}

void TestHaproxyWindow::treeListsBackendsAndServers() {
    QVERIFY(startAndConnect());
    const RouteTreeModel &tree = *m_window->routeModel();
    QTRY_VERIFY(tree.instanceIndex(weighted, 1).isValid());
    for (const QString &route : {rr, weighted}) {
        QCOMPARE(tree.instanceIndex(route, 0, RouteTreeModel::NameColumn).data().toString(),
                 QStringLiteral("alpha"));
        QCOMPARE(tree.instanceIndex(route, 1, RouteTreeModel::NameColumn).data().toString(),
                 QStringLiteral("beta"));
    }
    // The export's 404 backend, no_route, is not listed as a route without servers.
    QCOMPARE(tree.rowCount(), 2);
    // The window says which HAProxy it shows.
    const QString description =
        QStringLiteral("HAProxy at unix socket %1").arg(m_haproxy.adminSocket());
    QVERIFY2(m_window->windowTitle().startsWith(description), qPrintable(m_window->windowTitle()));
}

void TestHaproxyWindow::untickingEnabledMovesTheTrafficAndTheLogSaysWho() {
    QVERIFY(startAndConnect());
    RouteTreeModel &tree = *m_window->routeModel();
    QTRY_VERIFY(tree.instanceIndex(rr, 1).isValid());
    QCOMPARE(RawClient::countBodies(m_haproxy.port(), "/rr/before", 4),
             (QMap<QByteArray, int>{{"alpha", 2}, {"beta", 2}}));

    // A click on beta's check box.
    const QModelIndex betaEnabled = tree.instanceIndex(rr, 1, RouteTreeModel::EnabledColumn);
    QVERIFY(tree.setData(betaEnabled, Qt::Unchecked, Qt::CheckStateRole));
    QTRY_COMPARE(AdminState(tree.instanceIndex(rr, 1).data(RouteTreeModel::AdminStateRole).toInt()),
                 AdminState::Disabled);
    QCOMPARE(RawClient::countBodies(m_haproxy.port(), "/rr/after", 4),
             (QMap<QByteArray, int>{{"alpha", 4}}));

    // HAProxy's log, received by the window: the servers that served each request.
    const RequestLogModel &log = *m_window->logModel();
    QTRY_COMPARE(servedBy(log, "/rr/after").size(), 4);
    QCOMPARE(servedBy(log, "/rr/after"), QStringList(4, QStringLiteral("alpha")));
    QTRY_COMPARE(servedBy(log, "/rr/before").size(), 4);
    QStringList before = servedBy(log, "/rr/before");
    before.sort();
    QCOMPARE(before, (QStringList{"alpha", "alpha", "beta", "beta"}));
    // The distribution chart counts them by server: 2 + 4 for alpha, 2 for beta.
    const DistributionChart &chart = *m_window->distributionChart();
    const auto served = [&](int index) {
        const quint64 id =
            tree.instanceIndex(rr, index).data(RouteTreeModel::BackendIdRole).toULongLong();
        return chart.countsFor(id).sinceReset;
    };
    QCOMPARE(served(0), 6u);
    QCOMPARE(served(1), 2u);
}

void TestHaproxyWindow::setWeightChangesTheShares() {
    QVERIFY(startAndConnect());
    const RouteTreeModel &tree = *m_window->routeModel();
    QTRY_VERIFY(tree.instanceIndex(weighted, 0).isValid());
    QCOMPARE(RawClient::countBodies(m_haproxy.port(), "/weighted", 8),
             (QMap<QByteArray, int>{{"alpha", 4}, {"beta", 4}}));

    // Instance → Set Weight… on alpha, answered with 3 in its dialog.
    m_window->routeView()->setCurrentIndex(tree.instanceIndex(weighted, 0));
    const QString problem = triggerAnswering<QInputDialog>(
        m_window->routeActions()->setWeightAction(), [](QInputDialog *dialog) {
            // HAProxy's limit, not the gateway's.
            QCOMPARE(dialog->intMaximum(), 256);
            dialog->setIntValue(3);
            dialog->accept();
        });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QTRY_COMPARE(tree.instanceIndex(weighted, 0, RouteTreeModel::WeightColumn).data().toInt(), 3);
    // Whole rounds of four: three to alpha in each.
    QCOMPARE(RawClient::countBodies(m_haproxy.port(), "/weighted", 16),
             (QMap<QByteArray, int>{{"alpha", 12}, {"beta", 4}}));
}

void TestHaproxyWindow::addInstanceOffersHaproxysWeightLimit() {
    QVERIFY(startAndConnect());
    const RouteTreeModel &tree = *m_window->routeModel();
    QTRY_VERIFY(tree.instanceIndex(weighted, 1).isValid());

    // Route → Add Instance… on the weighted backend: the weight box stops at HAProxy's 256 (the
    // gateway's 1000 would be refused by `set server … weight`), and 256 itself is taken.
    m_window->routeView()->setCurrentIndex(tree.instanceIndex(weighted, 0).parent());
    const QString betaUrl = m_beta->url().toString();
    const QString problem = triggerAnswering<AddInstanceDialog>(
        m_window->routeActions()->addInstanceAction(), [betaUrl](AddInstanceDialog *dialog) {
            QCOMPARE(dialog->weightBox()->maximum(), 256);
            dialog->urlEdit()->setText(betaUrl);
            dialog->weightBox()->setValue(1000);
            QCOMPARE(dialog->weight(), 256);
            dialog->nameEdit()->setText(QStringLiteral("gamma"));
            dialog->accept();
        });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QTRY_VERIFY(tree.instanceIndex(weighted, 2).isValid());
    QCOMPARE(tree.instanceIndex(weighted, 2, RouteTreeModel::NameColumn).data().toString(),
             QStringLiteral("gamma"));
    QCOMPARE(tree.instanceIndex(weighted, 2, RouteTreeModel::WeightColumn).data().toInt(), 256);
}

void TestHaproxyWindow::gatewayToolsAreGreyedOutWithTheReason() {
    using Feature = HaproxySession::Feature;
    QVERIFY(startAndConnect());
    QTRY_VERIFY(m_window->routeModel()->instanceIndex(rr, 0).isValid());
    m_window->routeView()->setCurrentIndex(m_window->routeModel()->instanceIndex(rr, 0));
    const RouteActions &actions = *m_window->routeActions();

    const std::pair<QAction *, Feature> greyed[] = {
        {m_window->routeTesterAction(), Feature::RouteTester},
        {actions.demoMenu()->menuAction(), Feature::DemoFaults},
        {actions.strategyAction(StrategyKind::LeastConnections), Feature::StrategyChange},
        {m_window->reloadAction(), Feature::Reload},
        {m_window->captureTrafficAction(), Feature::TrafficInspector},
    };
    for (const auto &[action, feature] : greyed) {
        QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
        QCOMPARE(action->toolTip(), HaproxyFeatureText::reason(feature));
    }
    QVERIFY(!m_window->startAction()->isEnabled());
    QCOMPARE(m_window->startAction()->toolTip(), HaproxyFeatureText::gatewayOnly());
    // What HAProxy can do stays: the instance actions.
    QVERIFY(actions.setWeightAction()->isEnabled());
    QVERIFY(actions.disableAction()->isEnabled());
    QVERIFY(actions.addInstanceAction()->isEnabled());
}

void TestHaproxyWindow::disconnectReturnsToTheGateway() {
    const QString testerTip = m_window->routeTesterAction()->toolTip();
    QVERIFY(startAndConnect());
    QVERIFY(!m_window->routeTesterAction()->isEnabled());

    m_window->haproxyActions()->disconnectAction()->trigger();
    QVERIFY(!m_window->haproxyActions()->showsHaproxy());
    QCOMPARE(&m_window->haproxyActions()->balancer(), m_controller.get());
    QVERIFY(m_window->routeTesterAction()->isEnabled());
    QCOMPARE(m_window->routeTesterAction()->toolTip(), testerTip);
    QVERIFY(m_window->haproxyActions()->connectAction()->isEnabled());
    // Check box clicks go to the gateway again (which answers that it is not running).
    QSignalSpy answers(m_controller.get(), &LiveBalancer::controlFinished);
    Q_EMIT m_window->routeModel()->adminStateChangeRequested(rr, 0, AdminState::Disabled);
    QVERIFY(answers.wait());
}

void TestHaproxyWindow::theGatewaysAddressStaysGreyedWhileHaproxyIsShown() {
    // The gateway goes on listening behind HAProxy's view: its toolbar field keeps saying where.
    QTemporaryDir dir;
    QFile config(dir.filePath(QStringLiteral("gateway.yaml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("server:\n  listen: 127.0.0.1:0\nroutes:\n  - id: a\n    path: /a\n"
                 "    target: " +
                 m_alpha->url().toEncoded() + "\n");
    config.close();
    QVERIFY(m_window->session().loadConfig(config.fileName()));
    m_window->startAction()->trigger();
    QTRY_COMPARE(m_window->session().state(), GatewaySession::State::Running);
    const QString listenUrl = m_window->session().listenUrl();
    QVERIFY(!listenUrl.isEmpty()); // else "keeps the address" would hold of an empty field
    QLineEdit &field = *m_window->listenUrlField();
    QCOMPARE(field.text(), listenUrl);
    const QString tip = field.toolTip();

    QVERIFY(startAndConnect());
    QCOMPARE(field.text(), listenUrl);
    QVERIFY(!field.isEnabled());
    QCOMPARE(field.toolTip(), HaproxyFeatureText::gatewayOnly());

    m_window->haproxyActions()->disconnectAction()->trigger();
    QCOMPARE(field.text(), listenUrl);
    QVERIFY(field.isEnabled());
    QCOMPARE(field.toolTip(), tip);
}

void TestHaproxyWindow::closedPortIsReportedAndTheWindowStays() {
    const QString title = m_window->windowTitle();
    const RefusingPort closed;
    QVERIFY(closed.port() != 0);
    const QString address = QStringLiteral("127.0.0.1:%1").arg(closed.port());
    HaproxyActions &haproxy = *m_window->haproxyActions();

    haproxy.connectTo(addressOf(address), unusedUdpPort());
    QTRY_VERIFY(haproxy.failureBox() && haproxy.failureBox()->isVisible());
    QVERIFY2(haproxy.failureBox()->text().contains(address),
             qPrintable(haproxy.failureBox()->text()));
    QVERIFY(!haproxy.failureBox()->informativeText().isEmpty());
    QVERIFY(!haproxy.showsHaproxy());
    QCOMPARE(&haproxy.balancer(), m_controller.get());
    QCOMPARE(m_window->windowTitle(), title);
    QVERIFY(m_window->routeTesterAction()->isEnabled());
    QVERIFY(haproxy.connectAction()->isEnabled());
}

void TestHaproxyWindow::dialogChecksTheAddress() {
    ConnectHaproxyDialog dialog;
    // The exported haproxy.cfg's log port.
    QCOMPARE(dialog.logPortBox()->value(), 5140);
    dialog.show();
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.problem().contains(QStringLiteral("HOST:PORT")));

    dialog.addressEdit()->setText(QStringLiteral("127.0.0.1:99999"));
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.problem().startsWith(QStringLiteral("Runtime API: ")),
             qPrintable(dialog.problem()));

    dialog.addressEdit()->setText(QStringLiteral("/run/haproxy/admin.sock"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.address().path, QStringLiteral("/run/haproxy/admin.sock"));
    QCOMPARE(dialog.logPort(), quint16(5140));
}

QTEST_MAIN(TestHaproxyWindow)
#include "tst_haproxywindow.moc"
