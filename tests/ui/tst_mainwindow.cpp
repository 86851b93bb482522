#include "details/requestdetailsview.h"
#include "dialogs/addinstancedialog.h"
#include "dialogs/routetesterdialog.h"
#include "dialogs/shortcutsdialog.h"
#include "dialogs/tutorialdialog.h"
#include "modalanswer.h"
#include "refusingport.h"
#include "requestlog/requestlogmodel.h"
#include "requestlog/requestlogpanel.h"
#include "routes/routeactions.h"
#include "routes/routetreemodel.h"
#include "routes/routetreeview.h"
#include "scenarios/scenariocatalog.h"
#include "teaching/demofaultmenu.h"
#include "teaching/scenariomenu.h"
#include "teaching/scenariopanel.h"
#include "teaching/trafficpanel.h"
#include "tinybackend.h"
#include "window/configerrorpanel.h"
#include "window/gatewaysession.h"
#include "window/mainwindow.h"
#include "window/statusbarstats.h"
#include "windowfixture.h"

#include "config/configloader.h"
#include "control/gatewaycontroller.h"
#include "model/instancestate.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkReply>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QTcpServer>
#include <QTest>
#include <QTextBrowser>
#include <algorithm>

// The window over real sockets: two TinyBackends on port 0 behind a gateway on port 0.
class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void clickingTheCheckBoxDisablesTheInstanceForTheNextRequests();
    void spaceTogglesTheSelectedInstance();
    void logShowsWhichInstanceServedEachRequestInOrder();
    void selectingARequestShowsItsDetails();
    void configWithErrorsIsListedInThePanel();
    void reloadWithErrorsKeepsTheGatewayRunning();
    void failedReloadFromTheWatcherOrTheApiIsListed();
    void ctrlRReloadsLiveKeepingCounters();
    void adminStateActionsChangeTheNextSnapshot();
    void setWeightActionChangesTheWeight();
    void removeAndAddInstanceActions();
    void addInstanceDialogRejectsABadUrl();
    void strategyActionsSetTheRouteStrategy();
    void refusedChangeIsShownToTheUser();
    void attemptsColumnShowsEveryTryOfARetriedRequest();
    void takenPortLeavesTheWindowRunningAndSaysWhy();
    void remembersLayoutAndLastConfig();
    void scenarioFromTheMenuLoadsAndStartsIt();
    void trafficDockSendsThroughTheRunningGateway();
    void demoSubmenuKillMakesTheInstanceRefuse();
    void routeTesterAgreesWithTheNextRequest();
    void selectingAnInstanceShowsWhyItIsDown();
    void smallestWindowKeepsTheLogReadable();
    void statusBarFiguresNeverOverlap();
    void helpOffersTheTutorialAndEveryShortcut();

private:
    QString writeConfig(const QByteArray &yaml);
    QByteArray twoInstanceConfig(quint16 listenPort = 0) const;
    void startGateway(const QString &configPath);
    QByteArray goneThenAlphaConfig(quint16 closedPort, const QByteArray &topLevel) const;
    QByteArray get(const QString &path) { return m_fixture->get(path); }
    QMenu *menuBarMenu(const QString &title) const { return m_fixture->menuBarMenu(title); }
    // Shows window in place of the fixture's (a window with scenarios of its own).
    void replaceWindow(MainWindow *window);
    void clickCheckBox(const QModelIndex &index);
    QStringList logColumn(int column) const;
    void selectRow(const QModelIndex &index);
    AdminState adminStateOf(int backendIndex) const;

    TinyBackend *m_alpha = nullptr;
    TinyBackend *m_beta = nullptr;
    WindowFixture *m_fixture = nullptr;
    // The fixture's, for brevity.
    GatewayController *m_controller = nullptr;
    MainWindow *m_window = nullptr;
};

// Route svc over "gone" (closedPort, refusing) then alpha, round robin; topLevel goes before it.
QByteArray TestMainWindow::goneThenAlphaConfig(quint16 closedPort,
                                               const QByteArray &topLevel) const {
    return "server:\n"
           "  listen: 127.0.0.1:0\n" +
           topLevel +
           "routes:\n"
           "  - id: svc\n"
           "    path: /svc\n"
           "    strategy: round_robin\n"
           "    targets:\n"
           "      - { url: http://127.0.0.1:" +
           QByteArray::number(closedPort) +
           ", name: gone }\n"
           "      - { url: http://127.0.0.1:" +
           QByteArray::number(m_alpha->port()) + ", name: alpha }\n";
}

void TestMainWindow::initTestCase() {
    // QSettings of this test go to a test location, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("GatewayConsoleTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QSettings().clear();
}

void TestMainWindow::init() {
    m_alpha = new TinyBackend("alpha");
    m_beta = new TinyBackend("beta");
    QVERIFY(m_alpha->isListening() && m_beta->isListening());
    m_fixture = new WindowFixture;
    QVERIFY(m_fixture->isReady());
    m_controller = &m_fixture->controller();
    m_window = m_fixture->window();
}

void TestMainWindow::cleanup() {
    delete m_fixture;
    delete m_beta;
    delete m_alpha;
}

void TestMainWindow::replaceWindow(MainWindow *window) {
    m_window = window;
    QVERIFY(m_fixture->replaceWindow(window));
}

QString TestMainWindow::writeConfig(const QByteArray &yaml) {
    return m_fixture->writeFile(QStringLiteral("gateway.yaml"), yaml);
}

QByteArray TestMainWindow::twoInstanceConfig(quint16 listenPort) const {
    return "server:\n"
           "  listen: 127.0.0.1:" +
           QByteArray::number(listenPort) +
           "\n"
           "routes:\n"
           "  - id: svc\n"
           "    path: /svc\n"
           "    strategy: round_robin\n"
           "    targets:\n"
           "      - { url: http://127.0.0.1:" +
           QByteArray::number(m_alpha->port()) +
           ", name: alpha }\n"
           "      - { url: http://127.0.0.1:" +
           QByteArray::number(m_beta->port()) + ", name: beta }\n";
}

void TestMainWindow::startGateway(const QString &configPath) {
    QVERIFY(m_fixture->start(configPath));
    // The first snapshot has arrived: the tree shows the instances.
    QTRY_VERIFY(m_window->routeModel()->instanceIndex(QStringLiteral("svc"), 1).isValid());
}

void TestMainWindow::clickCheckBox(const QModelIndex &index) {
    // Where the item delegate draws the check box, as QStyledItemDelegate computes it.
    RouteTreeView *view = m_window->routeView();
    view->scrollTo(index);
    QStyleOptionViewItem option;
    option.initFrom(view);
    option.rect = view->visualRect(index);
    option.features = QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDisplay;
    option.text = index.data().toString();
    const QRect checkBox =
        view->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, view);
    QVERIFY(!checkBox.isEmpty());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, checkBox.center());
}

QStringList TestMainWindow::logColumn(int column) const {
    QStringList values;
    const RequestLogModel *log = m_window->logModel();
    for (int row = 0; row < log->rowCount(); ++row)
        values.append(log->index(row, column).data().toString());
    return values;
}

void TestMainWindow::clickingTheCheckBoxDisablesTheInstanceForTheNextRequests() {
    startGateway(writeConfig(twoInstanceConfig()));
    // Both instances serve while enabled.
    QSet<QByteArray> servedBy;
    for (int i = 0; i < 4; ++i)
        servedBy.insert(get(QStringLiteral("/svc/before")));
    QCOMPARE(servedBy, (QSet<QByteArray>{"alpha", "beta"}));

    const QModelIndex alphaEnabled = m_window->routeModel()->instanceIndex(
        QStringLiteral("svc"), 0, RouteTreeModel::EnabledColumn);
    QCOMPARE(alphaEnabled.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    clickCheckBox(alphaEnabled);
    // The gateway's next snapshot confirms it.
    QTRY_COMPARE(alphaEnabled.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QCOMPARE(AdminState(alphaEnabled.data(RouteTreeModel::AdminStateRole).toInt()),
             AdminState::Disabled);

    const int alphaBefore = m_alpha->requestCount();
    for (int i = 0; i < 6; ++i)
        QCOMPARE(get(QStringLiteral("/svc/after")), QByteArray("beta"));
    QCOMPARE(m_alpha->requestCount(), alphaBefore);
    QTRY_COMPARE(m_window->logModel()->rowCount(), 10);
    QVERIFY(m_fixture->waitUntilTheLogShows(10));
    QCOMPARE(logColumn(RequestLogModel::InstanceColumn).mid(4),
             QStringList(6, QStringLiteral("beta")));

    // A second click brings it back.
    clickCheckBox(alphaEnabled);
    QTRY_COMPARE(alphaEnabled.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    servedBy.clear();
    for (int i = 0; i < 2; ++i)
        servedBy.insert(get(QStringLiteral("/svc/again")));
    QCOMPARE(servedBy, (QSet<QByteArray>{"alpha", "beta"}));
}

void TestMainWindow::spaceTogglesTheSelectedInstance() {
    startGateway(writeConfig(twoInstanceConfig()));
    RouteTreeView *view = m_window->routeView();
    const QModelIndex beta = m_window->routeModel()->instanceIndex(QStringLiteral("svc"), 1);
    view->setFocus();
    view->setCurrentIndex(beta);
    QTest::keyClick(view, Qt::Key_Space);
    QTRY_COMPARE(AdminState(beta.data(RouteTreeModel::AdminStateRole).toInt()),
                 AdminState::Disabled);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(get(QStringLiteral("/svc/x")), QByteArray("alpha"));
    QTest::keyClick(view, Qt::Key_Space);
    QTRY_COMPARE(AdminState(beta.data(RouteTreeModel::AdminStateRole).toInt()),
                 AdminState::Enabled);
}

void TestMainWindow::logShowsWhichInstanceServedEachRequestInOrder() {
    startGateway(writeConfig(twoInstanceConfig()));
    QStringList answeredBy;
    QStringList paths;
    for (int i = 0; i < 8; ++i) {
        paths.append(QStringLiteral("/svc/item/%1").arg(i));
        answeredBy.append(QString::fromLatin1(get(paths.last())));
    }
    QTRY_COMPARE(m_window->logModel()->rowCount(), 8);
    QVERIFY(m_fixture->waitUntilTheLogShows(8));
    QCOMPARE(logColumn(RequestLogModel::PathColumn), paths);
    QCOMPARE(logColumn(RequestLogModel::InstanceColumn), answeredBy);
    QCOMPARE(logColumn(RequestLogModel::StatusColumn), QStringList(8, QStringLiteral("200")));
    // Round robin alternates.
    for (int i = 1; i < answeredBy.size(); ++i)
        QVERIFY(answeredBy[i] != answeredBy[i - 1]);

    // The table shows the same rows in the same order, and each instance keeps its colour.
    const QAbstractItemModel *shown = m_window->logPanel()->view()->model();
    QCOMPARE(shown->rowCount(), 8);
    for (int row = 0; row < 8; ++row) {
        const QModelIndex instance = shown->index(row, RequestLogModel::InstanceColumn);
        QCOMPARE(instance.data().toString(), answeredBy[row]);
        QCOMPARE(instance.data(Qt::DecorationRole).value<QIcon>().cacheKey(),
                 shown->index(row % 2, RequestLogModel::InstanceColumn)
                     .data(Qt::DecorationRole)
                     .value<QIcon>()
                     .cacheKey());
    }
}

void TestMainWindow::selectingARequestShowsItsDetails() {
    startGateway(writeConfig(twoInstanceConfig()));
    const QByteArray servedBy = get(QStringLiteral("/svc/orders?id=7"));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 1);
    QVERIFY(m_fixture->waitUntilTheLogShows(1));
    QTableView *table = m_window->logPanel()->view();
    table->selectRow(0);
    const RequestRecord &record = m_window->logModel()->recordAt(0);
    QCOMPARE(m_window->detailsView()->shownRecordId(), record.id);
    const QString text = m_window->detailsView()->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("/svc/orders?id=7")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("/orders?id=7")), qPrintable(text)); // sent upstream
    QVERIFY2(text.contains(QString::fromLatin1(servedBy)), qPrintable(text));
    const QByteArray reason = formatReason(record);
    QVERIFY2(!reason.isEmpty() && text.contains(QString::fromUtf8(reason)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("200")), qPrintable(text));

    m_window->logPanel()->clearAction()->trigger();
    QCOMPARE(m_window->detailsView()->shownRecordId(), 0u);
}

void TestMainWindow::configWithErrorsIsListedInThePanel() {
    const QString path = writeConfig("server:\n"
                                     "  listen: 127.0.0.1:0\n"
                                     "routes:\n"
                                     "  - id: svc\n"
                                     "    path: svc\n"
                                     "    colour: blue\n"
                                     "    targets: [https://127.0.0.1:1]\n");
    QVERIFY(!m_window->session().loadConfig(path));

    ConfigErrorPanel *panel = m_window->problemPanel();
    QVERIFY(panel->isVisible());
    QStringList expected;
    for (const ConfigError &error : loadConfigFile(path).errors)
        expected.append(error.toString());
    QVERIFY(expected.size() >= 3);
    QCOMPARE(panel->messages(), expected);
    const QRegularExpression positioned(
        QStringLiteral("^%1:\\d+:\\d+: ").arg(QRegularExpression::escape(path)));
    for (const QString &message : panel->messages())
        QVERIFY2(positioned.match(message).hasMatch(), qPrintable(message));
    const QString all = panel->messages().join(QLatin1Char('\n'));
    for (const QString &line :
         {QStringLiteral(":5:"), QStringLiteral(":6:"), QStringLiteral(":7:")})
        QVERIFY2(all.contains(path + line), qPrintable(all));
    QVERIFY(panel->title().contains(path));
    // Nothing to start.
    QCOMPARE(m_window->session().state(), GatewaySession::State::Stopped);
    QVERIFY(!m_window->startAction()->isEnabled());

    // A good file clears the panel.
    QVERIFY(m_window->session().loadConfig(writeConfig(twoInstanceConfig())));
    QVERIFY(panel->isHidden());
    QVERIFY(m_window->startAction()->isEnabled());
}

void TestMainWindow::reloadWithErrorsKeepsTheGatewayRunning() {
    m_controller->setWatchingConfigFile(false); // only Ctrl+R reloads here
    const QString path = writeConfig(twoInstanceConfig());
    startGateway(path);
    const QString listenUrl = m_window->session().listenUrl();
    writeConfig("routes: [oops\n");
    m_window->reloadAction()->trigger();
    QVERIFY(m_window->problemPanel()->isVisible());
    QCOMPARE(m_window->problemPanel()->messages().size(), 1);
    QVERIFY(m_window->problemPanel()->messages().first().startsWith(path + QLatin1Char(':')));
    QCOMPARE(m_window->session().state(), GatewaySession::State::Running);
    QCOMPARE(m_window->session().listenUrl(), listenUrl);
    // The old config keeps serving, both instances included.
    QSet<QByteArray> servedBy;
    for (int i = 0; i < 4; ++i)
        servedBy.insert(get(QStringLiteral("/svc/still")));
    QCOMPARE(servedBy, (QSet<QByteArray>{"alpha", "beta"}));
    QCOMPARE(m_window->routeModel()->rowCount(m_window->routeModel()->index(0, 0)), 2);
}

// Ctrl+R is above; the file watcher and POST /api/reload end in the same panel.
void TestMainWindow::failedReloadFromTheWatcherOrTheApiIsListed() {
    const QString path = writeConfig("admin:\n  listen: 127.0.0.1:0\n" + twoInstanceConfig());
    startGateway(path);
    QTRY_VERIFY(!m_controller->lastSnapshot().adminUrl.isEmpty());
    const QUrl reloadUrl(m_controller->lastSnapshot().adminUrl + QStringLiteral("/api/reload"));
    QVERIFY(m_window->problemPanel()->isHidden());

    writeConfig("routes: [oops\n"); // the watcher reloads it
    QTRY_VERIFY(m_window->problemPanel()->isVisible());
    QCOMPARE(m_window->problemPanel()->messages().size(), 1);
    QVERIFY(m_window->problemPanel()->messages().first().startsWith(path + QLatin1Char(':')));

    m_window->problemPanel()->hide();
    m_controller->setWatchingConfigFile(false); // only the API reloads now
    QNetworkReply *reply = m_fixture->network().post(QNetworkRequest(reloadUrl), QByteArray());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(reply->isFinished() || finished.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 422);
    reply->deleteLater();
    QTRY_VERIFY(m_window->problemPanel()->isVisible());
    QVERIFY(m_window->problemPanel()->messages().first().startsWith(path + QLatin1Char(':')));
    QCOMPARE(m_window->session().state(), GatewaySession::State::Running);
}

void TestMainWindow::ctrlRReloadsLiveKeepingCounters() {
    m_controller->setWatchingConfigFile(false); // only Ctrl+R reloads here
    startGateway(writeConfig(twoInstanceConfig()));
    const QString listenUrl = m_window->session().listenUrl();
    for (int i = 0; i < 4; ++i)
        get(QStringLiteral("/svc/before"));
    RouteTreeModel *model = m_window->routeModel();
    const QString svc = QStringLiteral("svc");
    QTRY_COMPARE(model->instanceIndex(svc, 1, RouteTreeModel::RequestsColumn).data().toString(),
                 QStringLiteral("2"));
    QSignalSpy stateChanges(&m_window->session(), &GatewaySession::stateChanged);

    // Keep only beta, now under least_connections.
    writeConfig("server:\n"
                "  listen: 127.0.0.1:0\n"
                "routes:\n"
                "  - id: svc\n"
                "    path: /svc\n"
                "    strategy: least_connections\n"
                "    targets:\n"
                "      - { url: http://127.0.0.1:" +
                QByteArray::number(m_beta->port()) + ", name: beta }\n");
    m_window->activateWindow();
    QTest::keyClick(m_window, Qt::Key_R, Qt::ControlModifier);
    QTRY_COMPARE(model->rowCount(model->index(0, 0)), 1);
    QTRY_COMPARE(StrategyKind(model->index(0, 0).data(RouteTreeModel::StrategyRole).toInt()),
                 StrategyKind::LeastConnections);
    // Live: never stopped, same listener, and the instance that stayed kept its counter.
    QCOMPARE(stateChanges.count(), 0);
    QCOMPARE(m_window->session().listenUrl(), listenUrl);
    QCOMPARE(model->instanceIndex(svc, 0, RouteTreeModel::NameColumn).data().toString(),
             QStringLiteral("beta"));
    QCOMPARE(model->instanceIndex(svc, 0, RouteTreeModel::RequestsColumn).data().toString(),
             QStringLiteral("2"));
    // The new snapshot and the reloaded() answer cross the thread boundary separately.
    QTRY_VERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("reloaded")),
                 qPrintable(m_window->statusBar()->currentMessage()));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(get(QStringLiteral("/svc/new")), QByteArray("beta"));
    // Start after a stop runs what was reloaded.
    QCOMPARE(m_window->session().config()->routes.first().targets.size(), 1);
}

void TestMainWindow::selectRow(const QModelIndex &index) {
    QVERIFY(index.isValid());
    m_window->routeView()->setCurrentIndex(index);
}

AdminState TestMainWindow::adminStateOf(int backendIndex) const {
    return AdminState(m_window->routeModel()
                          ->instanceIndex(QStringLiteral("svc"), backendIndex)
                          .data(RouteTreeModel::AdminStateRole)
                          .toInt());
}

void TestMainWindow::adminStateActionsChangeTheNextSnapshot() {
    startGateway(writeConfig(twoInstanceConfig()));
    RouteActions *actions = m_window->routeActions();
    const QModelIndex alpha = m_window->routeModel()->instanceIndex(QStringLiteral("svc"), 0);
    selectRow(alpha);
    QVERIFY(actions->enableAction()->isChecked());
    QVERIFY(actions->drainAction()->isEnabled());

    actions->drainAction()->trigger();
    QTRY_COMPARE(adminStateOf(0), AdminState::Draining);
    // Draining is its own state in the tree: the check box is partially checked.
    QCOMPARE(alpha.siblingAtColumn(RouteTreeModel::EnabledColumn).data(Qt::CheckStateRole).toInt(),
             int(Qt::PartiallyChecked));
    QCOMPARE(alpha.siblingAtColumn(RouteTreeModel::EnabledColumn).data().toString(),
             QStringLiteral("draining"));
    QVERIFY(actions->drainAction()->isChecked());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(get(QStringLiteral("/svc/x")), QByteArray("beta"));

    actions->disableAction()->trigger();
    QTRY_COMPARE(adminStateOf(0), AdminState::Disabled);
    QVERIFY(actions->disableAction()->isChecked());
    QCOMPARE(adminStateOf(1), AdminState::Enabled);

    actions->enableAction()->trigger();
    QTRY_COMPARE(adminStateOf(0), AdminState::Enabled);
    QVERIFY(actions->enableAction()->isChecked());

    // Route rows have no admin state.
    selectRow(m_window->routeModel()->index(0, 0));
    QVERIFY(!actions->drainAction()->isEnabled());
    QVERIFY(!actions->removeAction()->isEnabled());
    QVERIFY(actions->addInstanceAction()->isEnabled());
}

void TestMainWindow::setWeightActionChangesTheWeight() {
    startGateway(writeConfig(twoInstanceConfig()));
    const QModelIndex beta = m_window->routeModel()->instanceIndex(QStringLiteral("svc"), 1,
                                                                   RouteTreeModel::WeightColumn);
    QCOMPARE(beta.data().toInt(), 1);
    selectRow(beta);
    int offered = 0;
    QString label;
    const QString problem = triggerAnswering<QInputDialog>(
        m_window->routeActions()->setWeightAction(), [&offered, &label](QInputDialog *dialog) {
            offered = dialog->intValue();
            label = dialog->labelText();
            QCOMPARE(dialog->intMaximum(), 1000);
            dialog->setIntValue(7);
            dialog->accept();
        });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(offered, 1);
    // The route is round_robin: the dialog says that the weight will not count yet.
    QVERIFY2(label.startsWith(QStringLiteral("round_robin ignores weights")), qPrintable(label));
    QTRY_COMPARE(beta.data().toInt(), 7);
}

void TestMainWindow::removeAndAddInstanceActions() {
    startGateway(writeConfig(twoInstanceConfig()));
    RouteTreeModel *model = m_window->routeModel();
    RouteActions *actions = m_window->routeActions();
    selectRow(model->instanceIndex(QStringLiteral("svc"), 0));
    const QString problem = triggerAnswering<QMessageBox>(
        actions->removeAction(), [](QMessageBox *box) { box->button(QMessageBox::Yes)->click(); });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QTRY_COMPARE(model->rowCount(model->index(0, 0)), 1);
    QCOMPARE(model->instanceIndex(QStringLiteral("svc"), 0).data().toString(),
             QStringLiteral("beta"));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(get(QStringLiteral("/svc/x")), QByteArray("beta"));

    // Add alpha back under another name, from the route row.
    selectRow(model->index(0, 0));
    const QString alphaUrl = QStringLiteral("http://127.0.0.1:%1").arg(m_alpha->port());
    const QString addProblem = triggerAnswering<AddInstanceDialog>(
        actions->addInstanceAction(), [alphaUrl](AddInstanceDialog *dialog) {
            QCOMPARE(dialog->weightBox()->value(), 1);
            // The gateway's limit, as Set Weight… offers it.
            QCOMPARE(dialog->weightBox()->maximum(), maxBackendWeight);
            dialog->urlEdit()->setText(alphaUrl);
            dialog->weightBox()->setValue(3);
            dialog->nameEdit()->setText(QStringLiteral("alpha-again"));
            dialog->accept();
        });
    QVERIFY2(addProblem.isEmpty(), qPrintable(addProblem));
    QTRY_COMPARE(model->rowCount(model->index(0, 0)), 2);
    const QModelIndex added = model->instanceIndex(QStringLiteral("svc"), 1);
    QCOMPARE(added.data().toString(), QStringLiteral("alpha-again"));
    QCOMPARE(added.siblingAtColumn(RouteTreeModel::UrlColumn).data().toString(), alphaUrl);
    QCOMPARE(added.siblingAtColumn(RouteTreeModel::WeightColumn).data().toInt(), 3);
    QSet<QByteArray> servedBy;
    for (int i = 0; i < 4; ++i)
        servedBy.insert(get(QStringLiteral("/svc/y")));
    QCOMPARE(servedBy, (QSet<QByteArray>{"alpha", "beta"}));
}

void TestMainWindow::addInstanceDialogRejectsABadUrl() {
    AddInstanceDialog dialog(QStringLiteral("svc"), maxBackendWeight);
    dialog.show();
    dialog.accept(); // nothing entered
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.problem().contains(QStringLiteral("URL")), qPrintable(dialog.problem()));

    dialog.urlEdit()->setText(QStringLiteral("https://127.0.0.1:8443"));
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.problem().contains(QStringLiteral("https is not supported")),
             qPrintable(dialog.problem()));

    dialog.urlEdit()->setText(QStringLiteral("http://127.0.0.1:99999"));
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QVERIFY(!dialog.problem().isEmpty());

    dialog.urlEdit()->setText(QStringLiteral(" http://127.0.0.1:8085/base "));
    dialog.accept();
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.url(), QUrl(QStringLiteral("http://127.0.0.1:8085/base")));
    QCOMPARE(dialog.weight(), 1);
    QCOMPARE(dialog.name(), QString());
}

void TestMainWindow::strategyActionsSetTheRouteStrategy() {
    startGateway(writeConfig(twoInstanceConfig()));
    RouteActions *actions = m_window->routeActions();
    // From an instance row the route menu acts on its route.
    selectRow(m_window->routeModel()->instanceIndex(QStringLiteral("svc"), 1));
    QVERIFY(actions->strategyAction(StrategyKind::RoundRobin)->isChecked());
    QVERIFY(!actions->strategyAction(StrategyKind::IpHash)->isChecked());

    actions->strategyAction(StrategyKind::IpHash)->trigger();
    const QModelIndex route = m_window->routeModel()->index(0, 0);
    QTRY_COMPARE(StrategyKind(route.data(RouteTreeModel::StrategyRole).toInt()),
                 StrategyKind::IpHash);
    QVERIFY(actions->strategyAction(StrategyKind::IpHash)->isChecked());
    QVERIFY(!actions->strategyAction(StrategyKind::RoundRobin)->isChecked());
    // ip_hash sends one client to one instance.
    const QByteArray first = get(QStringLiteral("/svc/a"));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(get(QStringLiteral("/svc/b")), first);
}

void TestMainWindow::refusedChangeIsShownToTheUser() {
    startGateway(writeConfig(twoInstanceConfig()));
    QVERIFY(!m_window->controlFailureBox());
    selectRow(m_window->routeModel()->index(0, 0));
    // beta is in the route already: the gateway refuses.
    const QString betaUrl = QStringLiteral("http://127.0.0.1:%1").arg(m_beta->port());
    const QString problem = triggerAnswering<AddInstanceDialog>(
        m_window->routeActions()->addInstanceAction(), [betaUrl](AddInstanceDialog *dialog) {
            dialog->urlEdit()->setText(betaUrl);
            dialog->accept();
        });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QTRY_VERIFY(m_window->controlFailureBox() && m_window->controlFailureBox()->isVisible());
    QVERIFY(!m_window->controlFailureBox()->isModal());
    QVERIFY2(m_window->controlFailureBox()->informativeText().contains(betaUrl),
             qPrintable(m_window->controlFailureBox()->informativeText()));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(betaUrl),
             qPrintable(m_window->statusBar()->currentMessage()));
    QCOMPARE(m_window->routeModel()->rowCount(m_window->routeModel()->index(0, 0)), 2);
}

void TestMainWindow::attemptsColumnShowsEveryTryOfARetriedRequest() {
    // A port nobody listens on: the first pick is refused and the request goes to alpha.
    const RefusingPort closed;
    QVERIFY(closed.port() != 0);
    startGateway(writeConfig(goneThenAlphaConfig(closed.port(), {})));
    QCOMPARE(get(QStringLiteral("/svc/retried")), QByteArray("alpha"));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 1);
    QVERIFY(m_fixture->waitUntilTheLogShows(1));
    QCOMPARE(logColumn(RequestLogModel::AttemptsColumn),
             QStringList{QStringLiteral("attempt 1 → #1 connect refused; attempt 2 → #2 200")});
    QCOMPARE(logColumn(RequestLogModel::StatusColumn), QStringList{QStringLiteral("200")});
}

void TestMainWindow::takenPortLeavesTheWindowRunningAndSaysWhy() {
    QTcpServer holder;
    QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
    const quint16 port = holder.serverPort();
    QVERIFY(m_window->session().loadConfig(writeConfig(twoInstanceConfig(port))));
    QSignalSpy failed(&m_window->session(), &GatewaySession::startFailed);
    m_window->startAction()->trigger();
    QTRY_COMPARE(failed.count(), 1);

    QCOMPARE(m_window->session().state(), GatewaySession::State::Stopped);
    QVERIFY(m_window->isVisible());
    ConfigErrorPanel *panel = m_window->problemPanel();
    QVERIFY(panel->isVisible());
    QVERIFY2(panel->title().contains(QStringLiteral("could not start")),
             qPrintable(panel->title()));
    QCOMPARE(panel->messages().size(), 1);
    QVERIFY2(panel->messages().first().contains(QStringLiteral("127.0.0.1:%1").arg(port)),
             qPrintable(panel->messages().first()));
    QVERIFY(m_window->startAction()->isEnabled());
    QVERIFY(!m_window->stopAction()->isEnabled());

    // Once the port is free, Start works from the same window.
    holder.close();
    m_window->startAction()->trigger();
    QTRY_COMPARE(m_window->session().state(), GatewaySession::State::Running);
    QVERIFY(panel->isHidden());
    QCOMPARE(m_window->session().listenUrl(), QStringLiteral("http://127.0.0.1:%1").arg(port));
}

void TestMainWindow::remembersLayoutAndLastConfig() {
    const QString path = writeConfig(twoInstanceConfig());
    QList<int> logSizes;
    {
        MainWindow first(*m_controller, WindowSettings::Remembered);
        first.resize(1100, 700);
        first.show();
        QVERIFY(QTest::qWaitForWindowExposed(&first));
        QVERIFY(first.session().loadConfig(path));
        // The log panel is in a stack with the HAR file view (Open HAR), in the splitter.
        auto *splitter =
            qobject_cast<QSplitter *>(first.logPanel()->parentWidget()->parentWidget());
        QVERIFY(splitter);
        splitter->setSizes({700, 380});
        logSizes = splitter->sizes();
        first.trafficDock()->show();
        first.close();
    }
    QCOMPARE(MainWindow::lastConfigPath(), path);

    MainWindow second(*m_controller, WindowSettings::Remembered);
    second.show();
    QVERIFY(QTest::qWaitForWindowExposed(&second));
    QCOMPARE(second.size(), QSize(1100, 700));
    QCOMPARE(qobject_cast<QSplitter *>(second.logPanel()->parentWidget()->parentWidget())->sizes(),
             logSizes);
    QVERIFY(second.trafficDock()->isVisible());

    // A window on defaults neither reads nor writes them.
    MainWindow defaults(*m_controller, WindowSettings::Defaults);
    QCOMPARE(defaults.size(), QSize(1280, 800));
    QSettings().setValue(QStringLiteral("config/last"), QStringLiteral("/elsewhere.yaml"));
    QVERIFY(defaults.session().loadConfig(path));
    QCOMPARE(MainWindow::lastConfigPath(), QStringLiteral("/elsewhere.yaml"));
}

void TestMainWindow::scenarioFromTheMenuLoadsAndStartsIt() {
    // The bundled scenarios are in the menu bar; they listen on fixed ports, so the window under
    // test offers scenarios of its own, on port 0.
    QVERIFY(m_window->scenarioMenu()->actionFor(QStringLiteral("weighted")));
    QCOMPARE(menuBarMenu(QStringLiteral("&Scenarios")), m_window->scenarioMenu());

    const QString scenarioPath = m_fixture->filePath(QStringLiteral("only-beta.yaml"));
    {
        QFile file(scenarioPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("server:\n"
                   "  listen: 127.0.0.1:0\n"
                   "routes:\n"
                   "  - id: shop\n"
                   "    path: /shop\n"
                   "    targets: [ http://127.0.0.1:" +
                   QByteArray::number(m_beta->port()) + " ]\n");
    }
    const QString brokenPath = m_fixture->filePath(QStringLiteral("broken.yaml"));
    {
        QFile file(brokenPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("routes: [oops\n");
    }
    const ScenarioCatalog catalog(
        {{QStringLiteral("only-beta"), QStringLiteral("Only beta"), scenarioPath,
          QStringLiteral("# Only beta\nEvery request goes to **beta**.")},
         {QStringLiteral("broken"), QStringLiteral("Broken"), brokenPath, QStringLiteral("x")}});
    replaceWindow(new MainWindow(*m_controller, catalog, WindowSettings::Defaults));
    QVERIFY(!m_window->scenarioDock()->isVisible());
    QVERIFY(m_window->scenarioPanel()->scenarioName().isEmpty());

    // Chosen while another config runs: the scenario's config replaces it (a restart).
    startGateway(writeConfig(twoInstanceConfig()));
    m_window->scenarioMenu()->actionFor(QStringLiteral("only-beta"))->trigger();
    QCOMPARE(m_window->session().configPath(), scenarioPath);
    QTRY_COMPARE(m_window->session().state(), GatewaySession::State::Running);
    QTRY_VERIFY(m_window->routeModel()->instanceIndex(QStringLiteral("shop"), 0).isValid());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(get(QStringLiteral("/shop/x")), QByteArray("beta"));
    QVERIFY(m_window->scenarioDock()->isVisible());
    QCOMPARE(m_window->scenarioPanel()->scenarioName(), QStringLiteral("only-beta"));
    const QString text = m_window->scenarioPanel()->textBrowser()->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Every request goes to beta")), qPrintable(text));
    QVERIFY(m_window->scenarioMenu()->actionFor(QStringLiteral("only-beta"))->isChecked());

    // A scenario whose config fails leaves the running one running, and checked.
    m_window->scenarioMenu()->actionFor(QStringLiteral("broken"))->trigger();
    QVERIFY(m_window->problemPanel()->isVisible());
    QCOMPARE(m_window->session().state(), GatewaySession::State::Running);
    QVERIFY(m_window->scenarioMenu()->actionFor(QStringLiteral("only-beta"))->isChecked());
    QVERIFY(!m_window->scenarioMenu()->actionFor(QStringLiteral("broken"))->isChecked());
    QCOMPARE(get(QStringLiteral("/shop/y")), QByteArray("beta"));

    // A config that is no scenario puts the hint back.
    m_window->stopAction()->trigger();
    QTRY_COMPARE(m_window->session().state(), GatewaySession::State::Stopped);
    QVERIFY(m_window->session().loadConfig(writeConfig(twoInstanceConfig())));
    QVERIFY(m_window->scenarioPanel()->scenarioName().isEmpty());
    QVERIFY(!m_window->scenarioMenu()->actionFor(QStringLiteral("only-beta"))->isChecked());
}

void TestMainWindow::trafficDockSendsThroughTheRunningGateway() {
    QDockWidget *dock = m_window->trafficDock();
    QVERIFY(dock->isHidden()); // it takes the log's room until asked for
    QVERIFY(menuBarMenu(QStringLiteral("&View"))->actions().contains(dock->toggleViewAction()));
    dock->toggleViewAction()->trigger();
    QVERIFY(dock->isVisible());
    QCOMPARE(m_window->dockWidgetArea(dock), Qt::BottomDockWidgetArea);

    startGateway(writeConfig(twoInstanceConfig()));
    TrafficPanel *traffic = m_window->trafficPanel();
    QTRY_VERIFY(traffic->startButton()->isEnabled());
    QCOMPARE(traffic->pathEdit()->text(), QStringLiteral("/svc"));
    traffic->requestsBox()->setValue(6);
    traffic->concurrencyBox()->setValue(1);
    QSignalSpy finished(traffic, &TrafficPanel::runFinished);
    traffic->startButton()->click();
    QVERIFY(finished.wait(10000));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 6);
    QVERIFY(m_fixture->waitUntilTheLogShows(6));
    QCOMPARE(m_alpha->requestCount() + m_beta->requestCount(), 6);
    QCOMPARE(logColumn(RequestLogModel::StatusColumn), QStringList(6, QStringLiteral("200")));

    // F8 anywhere in the window sends exactly one.
    m_window->activateWindow();
    m_window->routeView()->setFocus();
    QTRY_VERIFY(traffic->sendOneButton()->isEnabled());
    QTest::keyClick(m_window->routeView(), Qt::Key_F8);
    QVERIFY(finished.wait(10000));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 7);
}

void TestMainWindow::demoSubmenuKillMakesTheInstanceRefuse() {
    // Three free ports for demo instances (taken and let go: the cluster binds them next).
    QList<quint16> ports;
    {
        QTcpServer probes[3];
        for (QTcpServer &probe : probes) {
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            ports.append(probe.serverPort());
        }
    }
    QByteArray yaml = "server:\n"
                      "  listen: 127.0.0.1:0\n"
                      "demo:\n"
                      "  backends: [" +
                      QByteArray::number(ports[0]) + ", " + QByteArray::number(ports[1]) + ", " +
                      QByteArray::number(ports[2]) +
                      "]\n"
                      "routes:\n"
                      "  - id: svc\n"
                      "    path: /svc\n"
                      "    strategy: round_robin\n"
                      "    targets:\n";
    for (int i = 0; i < 3; ++i)
        yaml += "      - { url: http://127.0.0.1:" + QByteArray::number(ports[i]) +
                ", name: demo-" + QByteArray::number(i + 1) + " }\n";
    yaml += "      - { url: http://127.0.0.1:" + QByteArray::number(m_alpha->port()) +
            ", name: alpha }\n";
    startGateway(writeConfig(yaml));

    RouteActions *actions = m_window->routeActions();
    DemoFaultMenu *demo = actions->demoMenu();
    // In the Instance menu as in the context menu (both filled by addInstanceActionsTo()).
    QVERIFY(menuBarMenu(QStringLiteral("&Instance"))->actions().contains(demo->menuAction()));
    QCOMPARE(demo->title(), QStringLiteral("&Demo"));

    // Not for an instance that is no demo instance.
    selectRow(m_window->routeModel()->instanceIndex(QStringLiteral("svc"), 3));
    QVERIFY(!demo->menuAction()->isEnabled());

    selectRow(m_window->routeModel()->instanceIndex(QStringLiteral("svc"), 1));
    QTRY_VERIFY(demo->menuAction()->isEnabled());
    QCOMPARE(demo->port(), std::optional<quint16>(ports[1]));
    QTRY_VERIFY(demo->killAction()->isEnabled());
    demo->killAction()->trigger();
    // The cluster's answer flips Kill and Revive.
    QTRY_VERIFY(demo->reviveAction()->isEnabled());
    QVERIFY(!demo->killAction()->isEnabled());

    // Every request still succeeds, on the others: the one that picked demo-2 was refused and
    // retried.
    for (int i = 0; i < 8; ++i)
        get(QStringLiteral("/svc/x"));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 8);
    QVERIFY(m_fixture->waitUntilTheLogShows(8));
    QCOMPARE(logColumn(RequestLogModel::StatusColumn), QStringList(8, QStringLiteral("200")));
    const QStringList servedBy = logColumn(RequestLogModel::InstanceColumn);
    const QString attempts = logColumn(RequestLogModel::AttemptsColumn).join(QLatin1Char('\n'));
    QVERIFY2(attempts.contains(QStringLiteral("#2 connect refused")), qPrintable(attempts));
    QCOMPARE(QSet<QString>(servedBy.cbegin(), servedBy.cend()),
             (QSet<QString>{QStringLiteral("demo-1"), QStringLiteral("demo-3"),
                            QStringLiteral("alpha")}));
}

void TestMainWindow::routeTesterAgreesWithTheNextRequest() {
    startGateway(writeConfig(twoInstanceConfig()));
    m_window->activateWindow();
    QTest::keyClick(m_window, Qt::Key_T, Qt::ControlModifier);
    RouteTesterDialog *tester = m_window->routeTesterDialog();
    QVERIFY(tester);
    QTRY_VERIFY(tester->isVisible());
    QVERIFY(!tester->isModal());

    QTest::keyClicks(tester->pathEdit(), QStringLiteral("/svc/items/7?q=1"));
    QTRY_COMPARE(tester->shownPreview().path, QByteArray("/svc/items/7?q=1"));
    RoutePreview preview = tester->shownPreview();
    QCOMPARE(preview.outcome, RoutePreview::Outcome::Forwarded);
    QCOMPARE(preview.routeId, QStringLiteral("svc"));
    QCOMPARE(preview.strippedTarget, QByteArray("/items/7?q=1"));
    // First in round robin.
    QCOMPARE(preview.instanceName, QStringLiteral("alpha"));
    const QString text = tester->resultText();
    for (const QString &part : {QStringLiteral("svc (prefix /svc)"), QStringLiteral("/items/7?q=1"),
                                QStringLiteral("#1 alpha"), QStringLiteral("round_robin")})
        QVERIFY2(text.contains(part), qPrintable(text));

    // A real request right after goes where it said; then it names the next one, and is right
    // again.
    QCOMPARE(get(QStringLiteral("/svc/items/7?q=1")), QByteArray("alpha"));
    QTRY_COMPARE(tester->shownPreview().instanceName, QStringLiteral("beta"));
    QCOMPARE(get(QStringLiteral("/svc/items/7?q=1")), QByteArray("beta"));
    QTRY_COMPARE(tester->shownPreview().instanceName, QStringLiteral("alpha"));

    // No route, and no instance.
    tester->pathEdit()->setText(QStringLiteral("/nowhere"));
    QTRY_COMPARE(tester->shownPreview().outcome, RoutePreview::Outcome::NoRoute);
    QVERIFY2(tester->resultText().contains(QStringLiteral("404")),
             qPrintable(tester->resultText()));
    m_controller->setBackendAdminState(QStringLiteral("svc"), 0, AdminState::Disabled);
    m_controller->setBackendAdminState(QStringLiteral("svc"), 1, AdminState::Disabled);
    tester->pathEdit()->setText(QStringLiteral("/svc"));
    QTRY_COMPARE(tester->shownPreview().outcome, RoutePreview::Outcome::NoInstance);
    QVERIFY2(tester->resultText().contains(QStringLiteral("503")),
             qPrintable(tester->resultText()));
    QVERIFY2(tester->resultText().contains(QStringLiteral("disabled")),
             qPrintable(tester->resultText()));
}

void TestMainWindow::statusBarFiguresNeverOverlap() {
    startGateway(writeConfig(twoInstanceConfig()));
    const StatusBarStats *stats = m_window->statusBarStats();
    // Visible labels, left to right, each at least as wide as its reserved text, none over the
    // next; returns how many are visible.
    const auto checkLabels = [stats]() -> int {
        QList<QLabel *> labels = stats->findChildren<QLabel *>();
        labels.removeIf([](const QLabel *label) { return !label->isVisible(); });
        std::sort(labels.begin(), labels.end(),
                  [](QLabel *a, QLabel *b) { return a->x() < b->x(); });
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (labels[i]->width() < labels[i]->minimumWidth())
                return -1;
            if (i > 0 && labels[i - 1]->geometry().right() >= labels[i]->x())
                return -1;
        }
        if (!labels.isEmpty() && labels.last()->geometry().right() >= stats->width())
            return -1;
        return int(labels.size());
    };
    m_window->resize(1600, 800);
    QTRY_COMPARE(checkLabels(), 7);
    // The smallest window, with a long message beside the figures: some give way, none overlap.
    m_window->resize(800, 600);
    m_window->statusBar()->showMessage(QStringLiteral("Listening on http://127.0.0.1:65535"));
    QTRY_VERIFY(stats->width() <= 800);
    QTRY_VERIFY(checkLabels() >= 4);
    QVERIFY(checkLabels() < 7);
    m_window->resize(1600, 800);
    QTRY_COMPARE(checkLabels(), 7);
}

QTEST_MAIN(TestMainWindow)
void TestMainWindow::selectingAnInstanceShowsWhyItIsDown() {
    const RefusingPort closed;
    QVERIFY(closed.port() != 0);
    startGateway(writeConfig(goneThenAlphaConfig(closed.port(), "health_check:\n"
                                                                "  interval: 200ms\n"
                                                                "  fall: 1\n"
                                                                "  rise: 1\n")));
    const QModelIndex gone = m_window->routeModel()->instanceIndex(QStringLiteral("svc"), 0);
    QTRY_COMPARE(Health(gone.data(RouteTreeModel::HealthRole).toInt()), Health::Down);

    // Not only in the Health tooltip: the pane says why, and keeps saying it as checks go on.
    selectRow(gone);
    RequestDetailsView *details = m_window->detailsView();
    QTRY_VERIFY2(details->toPlainText().contains(QStringLiteral("failed: connection refused")),
                 qPrintable(details->toPlainText()));
    const QString text = details->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Instance gone (#1)")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Health: down since")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("1 (round_robin ignores weights)")), qPrintable(text));
    QCOMPARE(details->shownRecordId(), 0u);

    // A request picked in the log takes the pane; the route row leaves it empty.
    QCOMPARE(get(QStringLiteral("/svc/x")), QByteArray("alpha"));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 1);
    QVERIFY(m_fixture->waitUntilTheLogShows(1));
    m_window->logPanel()->view()->selectRow(0);
    QVERIFY(details->shownRecordId() != 0);
    QCOMPARE(details->shownInstanceId(), 0u);
    // A click on the instance still current in the tree brings it back.
    RouteTreeView *tree = m_window->routeView();
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(gone).center());
    QVERIFY(details->shownInstanceId() != 0);
    selectRow(m_window->routeModel()->routeIndex(QStringLiteral("svc")));
    QCOMPARE(details->shownInstanceId(), 0u);
    QVERIFY(details->toPlainText().isEmpty());
}

void TestMainWindow::smallestWindowKeepsTheLogReadable() {
    QCOMPARE(m_window->minimumSize(), QSize(800, 600));
    m_window->resize(400, 300);
    QCOMPARE(m_window->size(), QSize(800, 600));

    // With a scenario's dock open, as a new user has it after the Scenarios menu.
    const QString scenarioPath = m_fixture->filePath(QStringLiteral("small.yaml"));
    {
        QFile file(scenarioPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(twoInstanceConfig());
    }
    QString longText = QStringLiteral("# Small\n");
    for (int i = 0; i < 60; ++i)
        longText += QStringLiteral("A line of explanation that goes on.\n\n");
    replaceWindow(new MainWindow(*m_controller,
                                 ScenarioCatalog({{QStringLiteral("small"), QStringLiteral("Small"),
                                                   scenarioPath, longText}}),
                                 WindowSettings::Defaults));
    m_window->scenarioMenu()->actionFor(QStringLiteral("small"))->trigger();
    QTRY_COMPARE(m_window->session().state(), GatewaySession::State::Running);
    QVERIFY(m_window->scenarioDock()->isVisible());
    // Dragged tall at 1280×800, then the window is made as small as it goes: QMainWindow alone
    // would keep the dock's height and leave the log a row or none.
    m_window->resizeDocks({m_window->scenarioDock()}, {520}, Qt::Vertical);
    QTRY_VERIFY(m_window->scenarioDock()->height() > 400);
    m_window->resize(800, 600);
    QTableView *log = m_window->logPanel()->view();
    const int rowHeight = log->verticalHeader()->defaultSectionSize();
    QTRY_VERIFY2(log->viewport()->height() >= 4 * rowHeight,
                 qPrintable(QStringLiteral("the log shows %1 px, the scenario dock takes %2 px")
                                .arg(log->viewport()->height())
                                .arg(m_window->scenarioDock()->height())));
    // The limit applies after the resize's layout (queued): the log may have its rows first.
    QTRY_VERIFY(m_window->scenarioDock()->height() <= 600 / 3);
}

void TestMainWindow::helpOffersTheTutorialAndEveryShortcut() {
    QMenu *help = menuBarMenu(QStringLiteral("&Help"));
    QVERIFY(help->actions().contains(m_window->tutorialAction()));
    QVERIFY(help->actions().contains(m_window->shortcutsAction()));

    m_window->tutorialAction()->trigger();
    QVERIFY(m_window->tutorialDialog()->isVisible());
    const QString tutorial = m_window->tutorialDialog()->browser()->toPlainText();
    QVERIFY2(tutorial.startsWith(QStringLiteral(
                 "Tutorial: five load-balancing scenarios, then inspecting traffic and "
                 "moving to HAProxy")),
             qPrintable(tutorial.left(200)));

    // Every action of the window that has a shortcut is listed, with its keys.
    const QList<ShortcutEntry> entries = ShortcutsDialog::shortcutsOf(*m_window);
    for (const QAction *action : m_window->findChildren<QAction *>()) {
        if (action->shortcut().isEmpty())
            continue;
        const QString keys = action->shortcut().toString(QKeySequence::NativeText);
        const bool listed = std::any_of(entries.cbegin(), entries.cend(), [&](const auto &entry) {
            return entry.keys.split(QStringLiteral(", ")).contains(keys);
        });
        QVERIFY2(listed, qPrintable(keys + QStringLiteral(" ") + action->text()));
    }
    const auto start = std::find_if(entries.cbegin(), entries.cend(),
                                    [](const auto &entry) { return entry.keys == "F5"; });
    QVERIFY(start != entries.cend());
    QCOMPARE(start->name, QStringLiteral("Start"));
    QCOMPARE(start->place, QStringLiteral("Gateway"));
    // A panel's button with a shortcut of its own: F8 in the Traffic dock.
    QVERIFY(std::any_of(entries.cbegin(), entries.cend(), [](const auto &entry) {
        return entry.keys == "F8" && entry.place == QStringLiteral("Traffic");
    }));
}

#include "tst_mainwindow.moc"
