#include "window/mainwindow.h"

#include "balancers/haproxyactions.h"
#include "balancers/haproxyfeaturetext.h"
#include "common/displayformat.h"
#include "common/themepalette.h"
#include "common/uilanguage.h"
#include "details/detailspane.h"
#include "details/requestdetailsview.h"
#include "dialogs/routetesterdialog.h"
#include "dialogs/shortcutsdialog.h"
#include "dialogs/tutorialdialog.h"
#include "distribution/distributionchart.h"
#include "distribution/distributionpanel.h"
#include "inspector/capturelog.h"
#include "inspector/exchangeactions.h"
#include "inspector/harfileview.h"
#include "inspector/sessionfileactions.h"
#include "requestlog/requestlogfilter.h"
#include "requestlog/requestlogmodel.h"
#include "requestlog/requestlogpanel.h"
#include "routes/routeactions.h"
#include "routes/routetreemodel.h"
#include "routes/routetreeview.h"
#include "teaching/scenariomenu.h"
#include "teaching/scenariopanel.h"
#include "teaching/trafficpanel.h"
#include "window/configerrorpanel.h"
#include "window/configexportactions.h"
#include "window/configswitchnotes.h"
#include "window/dockheightlimit.h"
#include "window/gatewaysession.h"
#include "window/languagemenu.h"
#include "window/statusbarstats.h"

#include "control/gatewaycontroller.h"
#include "haproxy/haproxysession.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace {
// QSettings keys.
const QString geometryKey = QStringLiteral("window/geometry");
const QString windowStateKey = QStringLiteral("window/state");
const QString mainSplitterKey = QStringLiteral("window/mainSplitter");
const QString topSplitterKey = QStringLiteral("window/topSplitter");
const QString logSplitterKey = QStringLiteral("window/logSplitter");
const QString routeColumnsKey = QStringLiteral("routes/columns");
const QString logColumnsKey = QStringLiteral("log/columns");
const QString logLimitKey = QStringLiteral("log/maxMiB");
const QString lastConfigKey = QStringLiteral("config/last");
const QString darkThemeKey = QStringLiteral("view/darkTheme");

constexpr int messageTimeoutMs = 6000;
constexpr int longMessageMs = 12000; // for messages that ask the user to do something
constexpr int scenarioDockLines = 10;
// The smallest window whose every part stays usable: the toolbar, the tree and chart, a few rows
// of the log beside the details, a dock and the status bar (README, "What is in the window").
constexpr QSize minimumWindowSize(800, 600);
// Splitter sizes for a 1280×800 window until the user moves them.
// The tree gets the width its URL column needs for "/path · weighted_round_robin", the log the
// width its Reason column needs for the strategy and the pick; the chart and the details make do.
const QList<int> defaultTopSizes = {900, 380};
const QList<int> defaultLogSizes = {1010, 270};
const QList<int> defaultMainSizes = {300, 500};

// Log → Log Size…: from a few minutes of load to what a desktop can spare.
constexpr int minLogMiB = 16;
constexpr int maxLogMiB = 8192;

QIcon resourceIcon(const char *name) {
    return QIcon(QStringLiteral(":/icons/%1.png").arg(QLatin1String(name)));
}
} // namespace

MainWindow::MainWindow(GatewayController &controller, WindowSettings settings, QWidget *parent)
    : MainWindow(controller, ScenarioCatalog::bundled(), settings, parent) {}

MainWindow::MainWindow(GatewayController &controller, ScenarioCatalog scenarios,
                       WindowSettings settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settingsUse(settings)
    , m_scenarios(std::move(scenarios))
    , m_controller(controller)
    , m_balancer(&controller)
    , m_session(new GatewaySession(controller, this))
    , m_routeModel(new RouteTreeModel(m_colors, this))
    , m_logModel(new RequestLogModel(m_colors, this)) {
    setWindowIcon(resourceIcon("gateway"));
    setMinimumSize(minimumWindowSize);
    createActions();
    createLayout();
    createInspector();
    createDocks(controller);
    createRouteActions(controller);
    createMenus();
    createToolBar();
    m_stats = new StatusBarStats;
    statusBar()->addPermanentWidget(m_stats);
    connectGateway(controller);
    limitToGateway();
    restoreSettings();
    updateRunState();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    m_start = new QAction(resourceIcon("start"), tr("&Start"), this);
    m_start->setShortcut(Qt::Key_F5);
    m_start->setToolTip(tr("Start the gateway with the loaded config (F5)"));
    connect(m_start, &QAction::triggered, m_session, &GatewaySession::start);

    m_stop = new QAction(resourceIcon("stop"), tr("S&top"), this);
    m_stop->setShortcut(Qt::SHIFT | Qt::Key_F5);
    m_stop->setToolTip(tr("Stop accepting requests; requests in flight may finish (Shift+F5)"));
    connect(m_stop, &QAction::triggered, m_session, &GatewaySession::stop);

    m_open = new QAction(resourceIcon("open"), tr("&Open Config…"), this);
    m_open->setShortcut(QKeySequence::Open);
    m_open->setToolTip(tr("Load a gateway config file (Ctrl+O)"));
    connect(m_open, &QAction::triggered, this, &MainWindow::openConfig);

    m_reload = new QAction(resourceIcon("reload"), tr("&Reload Config"), this);
    m_reload->setShortcut(Qt::CTRL | Qt::Key_R);
    m_reload->setToolTip(tr("Read the config file again and apply it to the running gateway; "
                            "instances keep their state and counters (Ctrl+R)"));
    connect(m_reload, &QAction::triggered, m_session, &GatewaySession::reload);

    m_copyUrl = new QAction(resourceIcon("copy"), tr("&Copy Listen URL"), this);
    m_copyUrl->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_C);
    m_copyUrl->setToolTip(tr("Copy the gateway's URL to the clipboard (Ctrl+Shift+C)"));
    connect(m_copyUrl, &QAction::triggered, this, &MainWindow::copyListenUrl);

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    m_logCapacity = new QAction(tr("Log &Size…"), this);
    m_logCapacity->setToolTip(tr("How much memory the log may take before it drops the oldest "
                                 "requests"));
    connect(m_logCapacity, &QAction::triggered, this, &MainWindow::chooseLogCapacity);

    m_darkTheme = new QAction(tr("&Dark Theme"), this);
    m_darkTheme->setCheckable(true);
    connect(m_darkTheme, &QAction::toggled, this, &MainWindow::setDarkTheme);

    m_routeTester = new QAction(tr("Route &Tester…"), this);
    m_routeTester->setShortcut(Qt::CTRL | Qt::Key_T);
    m_routeTester->setToolTip(tr("Type a path and see which route and instance it would reach, "
                                 "without sending anything (Ctrl+T)"));
    connect(m_routeTester, &QAction::triggered, this, &MainWindow::showRouteTester);

    m_tutorial = new QAction(tr("&Tutorial"), this);
    m_tutorial->setShortcut(QKeySequence::HelpContents);
    m_tutorial->setToolTip(tr("Five load-balancing scenarios, step by step (F1)"));
    connect(m_tutorial, &QAction::triggered, this, [this] {
        if (!m_tutorialDialog)
            m_tutorialDialog = new TutorialDialog(this);
        m_tutorialDialog->show();
        m_tutorialDialog->raise();
    });

    m_shortcuts = new QAction(tr("&Keyboard Shortcuts"), this);
    // Built each time from the actions as they are then: nothing to keep up to date.
    connect(m_shortcuts, &QAction::triggered, this, [this] {
        auto *dialog = new ShortcutsDialog(*this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });

    m_haproxyActions = new HaproxyActions(m_controller, this);
    connect(m_haproxyActions, &HaproxyActions::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, longMessageMs); });
    connect(m_haproxyActions, &HaproxyActions::balancerChanged, this, &MainWindow::showBalancer);

    m_exportActions = new ConfigExportActions(*m_session, m_controller, this);
    connect(m_exportActions, &ConfigExportActions::exported, this, [this](const QString &message) {
        statusBar()->showMessage(message, messageTimeoutMs);
    });

    m_about = new QAction(tr("&About Gateway Console"), this);
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Gateway Console"),
                           tr("<b>Gateway Console</b> %1<br>An HTTP/1.1 API gateway you can watch "
                              "and steer while it runs.")
                               .arg(QStringLiteral(GATEWAY_VERSION)));
    });
}

void MainWindow::createLayout() {
    m_routeView = new RouteTreeView(*m_routeModel);
    auto *distribution = new DistributionPanel(m_colors);
    m_chart = distribution->chart();
    m_logPanel = new RequestLogPanel(*m_logModel);
    m_details = new RequestDetailsView(m_colors);
    m_detailsPane = new DetailsPane(*m_details);
    m_harView = new HarFileView(m_colors);
    m_logStack = new QStackedWidget;
    m_logStack->addWidget(m_logPanel);
    m_logStack->addWidget(m_harView);
    m_problems = new ConfigErrorPanel;

    connect(m_logPanel, &RequestLogPanel::recordSelected, m_details,
            &RequestDetailsView::showRecord);
    connect(m_logPanel, &RequestLogPanel::selectionCleared, m_details,
            &RequestDetailsView::clearRecord);
    connect(m_logPanel, &RequestLogPanel::selectedRecordHidden, m_details,
            &RequestDetailsView::noteRecordHidden);
    // The pane shows whichever was picked last: a request in the log or an instance in the tree.
    auto showInstance = [this](const QModelIndex &index) {
        if (m_routeModel->isInstance(index)) {
            m_detailsPane->clearRecord();
            m_detailsPane->tabs()->setCurrentIndex(DetailsPane::SummaryTab);
            m_details->showInstance(index.data(RouteTreeModel::RouteIdRole).toString(),
                                    index.data(RouteTreeModel::BackendIdRole).toULongLong(),
                                    m_balancer->lastSnapshot());
        } else {
            m_details->clearInstance();
        }
    };
    connect(m_routeView->selectionModel(), &QItemSelectionModel::currentRowChanged, m_details,
            showInstance);
    connect(m_routeView, &QAbstractItemView::clicked, m_details, showInstance);

    m_topSplitter = new QSplitter(Qt::Horizontal);
    m_topSplitter->addWidget(m_routeView);
    m_topSplitter->addWidget(distribution);
    m_topSplitter->setStretchFactor(0, 3);
    m_topSplitter->setStretchFactor(1, 2);

    m_logSplitter = new QSplitter(Qt::Horizontal);
    m_logSplitter->addWidget(m_logStack);
    m_logSplitter->addWidget(m_detailsPane);
    m_logSplitter->setStretchFactor(0, 3);
    m_logSplitter->setStretchFactor(1, 1);

    m_mainSplitter = new QSplitter(Qt::Vertical);
    m_mainSplitter->addWidget(m_topSplitter);
    m_mainSplitter->addWidget(m_logSplitter);
    m_mainSplitter->setStretchFactor(0, 1);
    m_mainSplitter->setStretchFactor(1, 2);
    for (QSplitter *splitter : {m_topSplitter, m_logSplitter, m_mainSplitter})
        splitter->setChildrenCollapsible(false);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_mainSplitter, 1);
    // Outside the splitters: it appears only when there is a problem, at its own height.
    layout->addWidget(m_problems);
    setCentralWidget(central);
}

void MainWindow::createInspector() {
    m_captures = new CaptureLog(this);
    m_exchangeActions = new ExchangeActions(*this, this);
    m_fileActions = new SessionFileActions(*this, this);
    m_detailsPane->setCaptureLog(*m_captures);
    m_exchangeActions->setCaptureLog(*m_captures, ExchangeActions::RowsFrom::LiveLog);
    m_fileActions->setLog(*m_logModel, *m_logPanel->filter(), *m_captures);

    m_captureTraffic = new QAction(tr("&Capture Traffic"), this);
    m_captureTraffic->setCheckable(true);
    m_captureTraffic->setChecked(true);
    m_captureTraffic->setToolTip(tr("Keep the heads and bodies of the requests the gateway "
                                    "serves, for the details pane, Copy, Replay and HAR export "
                                    "(within the config's capture: limits)"));
    connect(m_captureTraffic, &QAction::toggled, this, &MainWindow::updateCaptureSummary);

    // The HAR view's panel shows the same pane and offers the same actions.
    for (RequestLogPanel *panel : {m_logPanel, m_harView->logPanel()}) {
        connect(panel, &RequestLogPanel::recordSelected, this, [this](const RequestRecord &record) {
            m_detailsPane->showRecord(record);
            m_exchangeActions->setRecord(record);
        });
        connect(panel, &RequestLogPanel::selectionCleared, this, [this] {
            m_detailsPane->clearRecord();
            m_exchangeActions->setRecord(std::nullopt);
        });
        QTableView *view = panel->view();
        view->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(view, &QWidget::customContextMenuRequested, this, [this, view](const QPoint &at) {
            const QModelIndex index = view->indexAt(at);
            if (!index.isValid())
                return;
            view->setCurrentIndex(index);
            QMenu menu;
            m_exchangeActions->addTo(menu);
            menu.exec(view->viewport()->mapToGlobal(at));
        });
    }
    connect(m_harView->logPanel(), &RequestLogPanel::recordSelected, m_details,
            &RequestDetailsView::showRecord);
    connect(m_harView->logPanel(), &RequestLogPanel::selectionCleared, m_details,
            &RequestDetailsView::clearRecord);
    connect(m_harView->logPanel(), &RequestLogPanel::selectedRecordHidden, m_details,
            &RequestDetailsView::noteRecordHidden);
    connect(m_harView, &HarFileView::backRequested, this, &MainWindow::showLiveLog);
    connect(m_fileActions, &SessionFileActions::harOpened, this, &MainWindow::showHarFile);
    connect(m_detailsPane, &DetailsPane::replayOriginActivated, this,
            &MainWindow::selectRecordInLog);
    connect(m_exchangeActions, &ExchangeActions::filterRequested, this,
            [this](const QString &terms) {
                (isViewingFile() ? m_harView->logPanel() : m_logPanel)->setFilterText(terms);
            });
    connect(m_exchangeActions, &ExchangeActions::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, messageTimeoutMs); });
    connect(m_fileActions, &SessionFileActions::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, messageTimeoutMs); });
    // The live log's rows and their captures go together.
    connect(m_logPanel->clearAction(), &QAction::triggered, m_captures, &CaptureLog::clear);
    connect(m_captures, &CaptureLog::changed, this, &MainWindow::updateCaptureSummary);
    updateCaptureSummary();
}

bool MainWindow::isViewingFile() const {
    return m_logStack->currentWidget() == m_harView;
}

void MainWindow::showHarFile(const QString &path, const QList<CapturedExchange> &exchanges) {
    m_harView->showFile(path, exchanges);
    m_logStack->setCurrentWidget(m_harView);
    // The live log's shortcuts would act on a log out of sight; the file's panel has its own.
    for (QAction *action :
         {m_logPanel->followAction(), m_logPanel->clearAction(), m_logPanel->focusFilterAction()})
        action->setEnabled(false);
    m_detailsPane->setCaptureLog(*m_harView->captures());
    m_exchangeActions->setCaptureLog(*m_harView->captures(), ExchangeActions::RowsFrom::File);
    m_fileActions->setLog(*m_harView->logModel(), *m_harView->logPanel()->filter(),
                          *m_harView->captures());
    // Nothing stays picked across the switch: the pane and the actions follow the log shown.
    m_logPanel->view()->setCurrentIndex(QModelIndex());
    m_details->clearRecord();
    m_detailsPane->clearRecord();
    m_exchangeActions->setRecord(std::nullopt);
    statusBar()->showMessage(tr("Viewing %1 (read-only)").arg(QDir::toNativeSeparators(path)),
                             messageTimeoutMs);
}

void MainWindow::showLiveLog() {
    m_logStack->setCurrentWidget(m_logPanel);
    for (QAction *action :
         {m_logPanel->followAction(), m_logPanel->clearAction(), m_logPanel->focusFilterAction()})
        action->setEnabled(true);
    m_detailsPane->setCaptureLog(*m_captures);
    m_exchangeActions->setCaptureLog(*m_captures, ExchangeActions::RowsFrom::LiveLog);
    m_fileActions->setLog(*m_logModel, *m_logPanel->filter(), *m_captures);
    m_harView->logPanel()->view()->setCurrentIndex(QModelIndex());
    m_details->clearRecord();
    m_detailsPane->clearRecord();
    m_exchangeActions->setRecord(std::nullopt);
}

void MainWindow::selectRecordInLog(quint64 recordId) {
    RequestLogPanel *panel = isViewingFile() ? m_harView->logPanel() : m_logPanel;
    const RequestLogModel &log = isViewingFile() ? *m_harView->logModel() : *m_logModel;
    panel->showNewRows(); // the row may have come in since the table's last tick
    // The newest of the gateway's rows with that id: ids start again at 1 when the gateway starts
    // again, and a HAProxy shown meanwhile numbers its rows from 1 too; what was replayed went
    // through the gateway.
    for (int row = log.rowCount() - 1; row >= 0; --row) {
        if (log.isMarkerAt(row) || log.recordAt(row).id != recordId ||
            log.recordAt(row).source != RecordSource::Gateway)
            continue;
        const QModelIndex shown = panel->filter()->mapFromSource(log.index(row, 0));
        if (!shown.isValid()) {
            statusBar()->showMessage(tr("Request #%1 is hidden by the log's filter").arg(recordId),
                                     messageTimeoutMs);
            return;
        }
        panel->view()->setCurrentIndex(shown);
        panel->view()->scrollTo(shown);
        return;
    }
    statusBar()->showMessage(tr("Request #%1 is no longer in the log").arg(recordId),
                             messageTimeoutMs);
}

void MainWindow::updateCaptureSummary() {
    QString summary =
        tr("Captured traffic: %1 of at most %2 (capture.memory); each body up to %3 "
           "(capture.body_limit).")
            .arg(formatBytes(m_captures->memoryUsed()), formatBytes(m_captures->memoryLimit()),
                 formatBytes(m_captures->bodyLimit()));
    if (m_captures->truncatedCount() > 0 || m_captures->evictedCount() > 0 ||
        m_captures->droppedCount() > 0)
        summary += QLatin1Char(' ') +
                   tr("Since the log was cleared: %1 cut at the body limit, %2 bodies evicted, "
                      "%3 exchanges dropped.")
                       .arg(formatCount(m_captures->truncatedCount()),
                            formatCount(m_captures->evictedCount()),
                            formatCount(m_captures->droppedCount()));
    if (!m_captureTraffic || !m_captureTraffic->isChecked())
        summary += QLatin1Char(' ') + tr("Capture is off (Log → Capture Traffic).");
    m_logPanel->setCountToolTipExtra(summary);
}

void MainWindow::createDocks(GatewayController &controller) {
    // Both along the bottom, tabbed: at 1280×800 a side dock would push the log's reason column
    // off-screen. They take height from the log, so they are shown only when wanted (View lists
    // them; choosing a scenario shows its text) and the window remembers where they are.
    m_trafficDock = new QDockWidget(tr("Traffic"), this);
    m_trafficDock->setObjectName(QStringLiteral("trafficDock")); // for saveState()
    m_traffic = new TrafficPanel(*m_session, controller, m_trafficDock);
    m_trafficDock->setWidget(m_traffic);
    addDockWidget(Qt::BottomDockWidgetArea, m_trafficDock);
    m_trafficDock->hide();

    m_scenarioDock = new QDockWidget(tr("Scenario"), this);
    m_scenarioDock->setObjectName(QStringLiteral("scenarioDock"));
    m_scenarioPanel = new ScenarioPanel(m_scenarioDock);
    m_scenarioDock->setWidget(m_scenarioPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_scenarioDock);
    tabifyDockWidget(m_trafficDock, m_scenarioDock);
    // Until a scenario is chosen there is nothing to explain; loading one shows it.
    m_scenarioDock->hide();

    auto *dockLimit = new DockHeightLimit(*this);
    dockLimit->watch(*m_trafficDock);
    dockLimit->watch(*m_scenarioDock);

    m_scenarioMenu = new ScenarioMenu(m_scenarios, this);
    m_scenarioMenu->setTitle(tr("&Scenarios"));
    connect(m_scenarioMenu, &ScenarioMenu::scenarioChosen, this, &MainWindow::chooseScenario);
}

void MainWindow::createRouteActions(GatewayController &controller) {
    m_routeActions = new RouteActions(controller, *m_routeView, this);
    connect(m_routeActions, &RouteActions::showRequestsOfInstance, this,
            [this](const QString &routeId, const QString &name) {
                m_logPanel->setFilterText(RequestLogFilter::termsForInstance(routeId, name));
            });
}

void MainWindow::createMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_open);
    file->addAction(m_reload);
    file->addSeparator();
    m_haproxyActions->addTo(*file);
    file->addSeparator();
    m_fileActions->addTo(*file);
    file->addSeparator();
    m_exportActions->addTo(*file);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *gateway = menuBar()->addMenu(tr("&Gateway"));
    gateway->addAction(m_start);
    gateway->addAction(m_stop);
    gateway->addSeparator();
    gateway->addAction(m_copyUrl);

    menuBar()->addMenu(m_scenarioMenu);

    // Both act on the routes tree's current row (for Route: its route).
    m_routeActions->addInstanceActionsTo(*menuBar()->addMenu(tr("&Instance")));
    m_routeActions->addRouteActionsTo(*menuBar()->addMenu(tr("&Route")));

    QMenu *log = menuBar()->addMenu(tr("&Log"));
    log->addAction(m_logPanel->followAction());
    log->addAction(m_logPanel->clearAction());
    log->addAction(m_logPanel->focusFilterAction());
    log->addSeparator();
    m_exchangeActions->addTo(*log->addMenu(tr("&Selected Request")));
    log->addSeparator();
    log->addAction(m_captureTraffic);
    log->addAction(m_logCapacity);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_trafficDock->toggleViewAction());
    view->addAction(m_scenarioDock->toggleViewAction());
    view->addSeparator();
    view->addAction(m_darkTheme);
    m_languageMenu = new LanguageMenu(
        m_settingsUse == WindowSettings::Remembered ? UiLanguage::remembered() : QString(), this);
    connect(m_languageMenu, &LanguageMenu::languageChosen, this, &MainWindow::chooseLanguage);
    view->addMenu(m_languageMenu);

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(m_routeTester);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_tutorial);
    help->addAction(m_shortcuts);
    help->addSeparator();
    help->addAction(m_about);

    // Shortcuts of actions that live in menus work window-wide.
    addActions(
        {m_logPanel->followAction(), m_logPanel->clearAction(), m_logPanel->focusFilterAction()});
    addActions(m_exchangeActions->actions());
}

void MainWindow::createToolBar() {
    QToolBar *toolBar = addToolBar(tr("Gateway"));
    toolBar->setObjectName(QStringLiteral("gatewayToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(m_start);
    toolBar->addAction(m_stop);
    toolBar->addSeparator();
    toolBar->addAction(m_open);
    toolBar->addAction(m_reload);
    toolBar->addSeparator();

    auto *listenLabel = new QLabel(tr("Listening on"));
    listenLabel->setContentsMargins(6, 0, 6, 0);
    toolBar->addWidget(listenLabel);
    m_listenUrl = new QLineEdit;
    m_listenUrl->setReadOnly(true);
    m_listenUrl->setPlaceholderText(tr("not listening"));
    m_listenUrl->setMinimumWidth(m_listenUrl->fontMetrics().horizontalAdvance(
                                     QStringLiteral("http://127.000.000.001:00000")) +
                                 16);
    m_listenUrl->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    toolBar->addWidget(m_listenUrl);
    toolBar->addAction(m_copyUrl);
}

void MainWindow::connectGateway(GatewayController &controller) {
    showBalancer(controller);
    connect(m_captureTraffic, &QAction::toggled, &controller,
            &GatewayController::setCaptureEnabled);
    // A start or a reload applies the config's capture section in the gateway; the switch the
    // user sees in the Log menu is what decides for the window's gateway from then on.
    const auto applyCaptureSwitch = [this, &controller] {
        controller.setCaptureEnabled(m_captureTraffic->isChecked());
    };
    connect(&controller, &GatewayController::started, this, applyCaptureSwitch);
    connect(&controller, &GatewayController::reloaded, this, applyCaptureSwitch);
    connect(m_routeModel, &RouteTreeModel::adminStateChangeRequested, this,
            [this](const QString &routeId, int index, AdminState state) {
                m_balancer->setBackendAdminState(routeId, index, state);
            });

    connect(m_session, &GatewaySession::stateChanged, this, &MainWindow::updateRunState);
    connect(m_session, &GatewaySession::configLoaded, this, &MainWindow::onConfigLoaded);
    connect(m_session, &GatewaySession::configFailed, this, &MainWindow::onConfigFailed);
    connect(m_session, &GatewaySession::startFailed, this, &MainWindow::onStartFailed);
    connect(m_session, &GatewaySession::reloaded, this, &MainWindow::onReloaded);
    connect(m_session, &GatewaySession::reloadUnavailable, this,
            [this](const QString &message) { statusBar()->showMessage(message, longMessageMs); });
    // After updateRunState(): its note replaces "Listening on …" in the status bar.
    auto *notes = new ConfigSwitchNotes(*m_session, m_scenarios, *m_logModel, *m_chart, this);
    connect(notes, &ConfigSwitchNotes::noted, this, [this](const QString &message) {
        statusBar()->showMessage(message, messageTimeoutMs);
    });
}

void MainWindow::showBalancer(LiveBalancer &balancer) {
    const bool switched = m_balancerLink != nullptr;
    delete m_balancerLink; // and with it every connection to the balancer shown until now
    m_balancerLink = new QObject(this);
    m_balancer = &balancer;
    connect(&balancer, &LiveBalancer::snapshotReady, m_balancerLink,
            [this](const GatewaySnapshot &snapshot) {
                m_colors.assignFrom(snapshot);
                m_routeModel->applySnapshot(snapshot);
                m_chart->applySnapshot(snapshot);
                m_stats->applySnapshot(snapshot);
                // The instance the details pane shows, kept current.
                m_details->applySnapshot(snapshot);
            });
    connect(&balancer, &LiveBalancer::recordsReady, m_balancerLink,
            [this](const QList<RequestRecord> &records) {
                m_colors.learnFrom(records);
                m_logModel->appendRecords(records);
                m_chart->addRecords(records);
            });
    connect(&balancer, &LiveBalancer::controlFinished, m_balancerLink,
            [this](const ControlResult &result) {
                if (!result.ok())
                    showControlFailure(result.message);
            });
    if (&balancer == &m_controller)
        connect(
            &m_controller, &GatewayController::capturesReady, m_balancerLink,
            [this](const QList<CapturedExchange> &captures) { m_captures->addCaptures(captures); });
    else if (auto *haproxy = qobject_cast<HaproxySession *>(&balancer))
        connect(haproxy, &HaproxySession::pollFailed, m_balancerLink,
                [this](const QString &message) {
                    statusBar()->showMessage(tr("HAProxy did not answer: %1").arg(message),
                                             longMessageMs);
                });
    m_routeActions->setBalancer(balancer);
    if (switched) {
        // The counts start afresh, and the log says where its rows come from.
        m_chart->resetCounts();
        const QString name = m_haproxyActions->showsHaproxy()
                                 ? m_haproxyActions->haproxyDescription()
                                 : tr("the built-in gateway");
        m_logModel->appendMarker(tr("— switched to %1 —").arg(name),
                                 tr("the rows below come from %1").arg(name));
        updateWindowTitle();
        updateRunState();
    }
}

void MainWindow::limitToGateway() {
    using Feature = HaproxySession::Feature;
    using WhenBack = HaproxyActions::WhenBack;
    const QString gatewayOnly = HaproxyFeatureText::gatewayOnly();
    HaproxyActions &limits = *m_haproxyActions;
    limits.limitToGateway(m_routeTester, HaproxyFeatureText::reason(Feature::RouteTester),
                          WhenBack::Enable);
    limits.limitToGateway(m_captureTraffic, HaproxyFeatureText::reason(Feature::TrafficInspector),
                          WhenBack::Enable);
    limits.limitToGateway(m_reload, HaproxyFeatureText::reason(Feature::Reload),
                          WhenBack::LeaveToOwner);
    for (QAction *action : {m_start, m_stop, m_copyUrl})
        limits.limitToGateway(action, gatewayOnly, WhenBack::LeaveToOwner);
    for (QAction *action :
         {m_open, m_scenarioMenu->menuAction(), m_exportActions->action(ExportFormat::Nginx),
          m_exportActions->action(ExportFormat::Haproxy)})
        limits.limitToGateway(action, gatewayOnly, WhenBack::Enable);
    // It sends to the gateway's listener, not to HAProxy's frontends.
    limits.limitToGateway(m_traffic, gatewayOnly);
    limits.limitToGateway(m_listenUrl, gatewayOnly);
}

void MainWindow::updateWindowTitle() {
    if (m_haproxyActions->showsHaproxy())
        setWindowTitle(tr("%1 — Gateway Console").arg(m_haproxyActions->haproxyDescription()));
    else if (!m_session->configPath().isEmpty())
        setWindowTitle(
            tr("%1 — Gateway Console").arg(QFileInfo(m_session->configPath()).fileName()));
}

void MainWindow::updateRunState() {
    const GatewaySession::State state = m_session->state();
    const bool stopped = state == GatewaySession::State::Stopped;
    m_start->setEnabled(stopped && m_session->hasConfig());
    m_stop->setEnabled(state == GatewaySession::State::Running);
    m_reload->setEnabled(!m_session->configPath().isEmpty());
    m_listenUrl->setText(m_session->listenUrl());
    m_exchangeActions->setGatewayOrigin(m_session->listenUrl());
    m_fileActions->setGatewayOrigin(m_session->listenUrl());
    m_copyUrl->setEnabled(!m_session->listenUrl().isEmpty());
    // A scenario stops and starts the gateway: not while it is on its way up or down.
    m_scenarioMenu->setEnabled(stopped || state == GatewaySession::State::Running);
    m_haproxyActions->applyLimits();
    if (m_haproxyActions->showsHaproxy()) {
        // The gateway may go on running behind it: its address stays in the (greyed) toolbar,
        // the status bar is HAProxy's.
        statusBar()->showMessage(tr("Showing %1").arg(m_haproxyActions->haproxyDescription()));
        return;
    }
    switch (state) {
    case GatewaySession::State::Running:
        m_problems->clearProblems();
        statusBar()->showMessage(tr("Listening on %1").arg(m_session->listenUrl()),
                                 messageTimeoutMs);
        break;
    case GatewaySession::State::Starting:
        statusBar()->showMessage(tr("Starting…"));
        break;
    case GatewaySession::State::Stopping:
        statusBar()->showMessage(tr("Stopping…"));
        break;
    case GatewaySession::State::Stopped:
        statusBar()->clearMessage();
        break;
    }
}

void MainWindow::onConfigLoaded(const QString &path) {
    m_problems->clearProblems();
    if (const std::optional<GatewayConfig> &config = m_session->config()) {
        m_captures->configure(config->capture);
        m_captureTraffic->setChecked(config->capture.enabled);
    }
    updateWindowTitle();
    if (const Scenario *scenario = m_scenarios.findByConfigPath(path)) {
        m_scenarioPanel->showScenario(*scenario);
        m_scenarioMenu->setCurrentScenario(scenario->name);
        if (m_scenarioDock->isHidden()) {
            m_scenarioDock->show();
            // Room for the start of the text (it scrolls), not more: the chart above shows what
            // the text talks about.
            resizeDocks({m_scenarioDock}, {fontMetrics().height() * scenarioDockLines},
                        Qt::Vertical);
        }
        m_scenarioDock->raise(); // its tab, if the traffic dock is shown too
    } else {
        m_scenarioPanel->clearScenario();
        m_scenarioMenu->setCurrentScenario({});
    }
    if (m_settingsUse == WindowSettings::Remembered)
        QSettings().setValue(lastConfigKey, path);
    updateRunState();
}

void MainWindow::onConfigFailed(const QString &path, const QList<ConfigError> &errors) {
    m_problems->showConfigErrors(path, errors);
    if (m_session->state() == GatewaySession::State::Running)
        statusBar()->showMessage(tr("%1 has errors: the gateway keeps running its current config")
                                     .arg(QFileInfo(path).fileName()),
                                 messageTimeoutMs);
    else
        statusBar()->showMessage(tr("%1 has errors").arg(QFileInfo(path).fileName()),
                                 messageTimeoutMs);
}

void MainWindow::onStartFailed(const QString &message) {
    m_problems->showStartFailure(message);
    statusBar()->showMessage(tr("The gateway could not start: %1").arg(message), messageTimeoutMs);
}

void MainWindow::onReloaded(const QString &message) {
    m_problems->clearProblems();
    statusBar()->showMessage(tr("Config %1").arg(message), messageTimeoutMs);
}

void MainWindow::showControlFailure(const QString &message) {
    statusBar()->showMessage(tr("Not changed: %1").arg(message), longMessageMs);
    // One box, reused: a burst of refusals updates it instead of stacking windows.
    if (!m_controlFailure) {
        m_controlFailure =
            new QMessageBox(QMessageBox::Warning, tr("Change Refused"),
                            tr("The gateway did not make the change."), QMessageBox::Close, this);
        m_controlFailure->setWindowModality(Qt::NonModal);
    }
    m_controlFailure->setInformativeText(message);
    m_controlFailure->show();
}

void MainWindow::openConfig() {
    const QString current = m_session->configPath();
    const QString directory = current.isEmpty() || current.startsWith(QLatin1Char(':'))
                                  ? QString()
                                  : QFileInfo(current).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Gateway Config"), directory, tr("YAML files (*.yaml *.yml);;All files (*)"));
    if (!path.isEmpty())
        loadAndRun(path);
}

void MainWindow::chooseScenario(const QString &name) {
    const Scenario *scenario = m_scenarios.find(name);
    if (!scenario)
        return;
    loadAndRun(scenario->configPath);
    // A scenario whose config failed leaves the previous one (or none) running: say so in the
    // menu, whose click checked the new one already. Success was handled by onConfigLoaded().
    const Scenario *running = m_scenarios.findByConfigPath(m_session->configPath());
    m_scenarioMenu->setCurrentScenario(running ? running->name : QString());
}

void MainWindow::loadAndRun(const QString &path) {
    const bool sameFile = path == m_session->configPath();
    if (!m_session->loadConfig(path))
        return;
    // A config chosen by hand is meant to run now: the same file live, another one (or a
    // built-in one, which has no file to reload) by a restart, as it may listen elsewhere and
    // starts its own demo instances.
    if (m_session->state() != GatewaySession::State::Running)
        m_session->start();
    else if (sameFile && !path.startsWith(QLatin1Char(':')))
        m_session->reload();
    else
        m_session->restart();
}

void MainWindow::showRouteTester() {
    if (!m_routeTesterDialog)
        m_routeTesterDialog = new RouteTesterDialog(m_controller, this);
    m_routeTesterDialog->show();
    m_routeTesterDialog->raise();
    m_routeTesterDialog->activateWindow();
    m_routeTesterDialog->pathEdit()->setFocus();
}

void MainWindow::chooseLogCapacity() {
    bool ok = false;
    const int mebibytes = QInputDialog::getInt(
        this, tr("Log Size"),
        tr("Memory the log may take, in MiB (now %1 in use). When it is full, the oldest "
           "requests are dropped first:")
            .arg(formatBytes(m_logModel->usedBytes())),
        int(m_logModel->byteLimit() >> 20), minLogMiB, maxLogMiB, 64, &ok);
    if (!ok)
        return;
    m_logModel->setByteLimit(qint64(mebibytes) << 20);
    if (m_settingsUse == WindowSettings::Remembered)
        QSettings().setValue(logLimitKey, mebibytes);
}

void MainWindow::setDarkTheme(bool dark) {
    applyTheme(*qApp, dark ? Theme::Dark : Theme::Light);
    if (m_settingsUse == WindowSettings::Remembered)
        QSettings().setValue(darkThemeKey, dark);
}

void MainWindow::chooseLanguage(const QString &language) {
    if (m_settingsUse == WindowSettings::Remembered)
        UiLanguage::remember(language);
    // Retranslating every widget live would touch all of them for a choice made once
    // (docs/ARCHITECTURE.md, "Translations").
    statusBar()->showMessage(tr("The language changes when Gateway Console starts again."),
                             longMessageMs);
}

void MainWindow::copyListenUrl() {
    const QString url = m_session->listenUrl();
    if (url.isEmpty())
        return;
    QApplication::clipboard()->setText(url);
    statusBar()->showMessage(tr("Copied %1").arg(url), messageTimeoutMs);
}

QString MainWindow::lastConfigPath() {
    return QSettings().value(lastConfigKey).toString();
}

void MainWindow::restoreSettings() {
    if (m_settingsUse == WindowSettings::Defaults) {
        resize(1280, 800);
        m_topSplitter->setSizes(defaultTopSizes);
        m_logSplitter->setSizes(defaultLogSizes);
        m_mainSplitter->setSizes(defaultMainSizes);
        return;
    }
    const QSettings settings;
    m_logModel->setByteLimit(
        qint64(std::clamp(
            settings.value(logLimitKey, int(RequestLogModel::defaultByteLimit >> 20)).toInt(),
            minLogMiB, maxLogMiB))
        << 20);
    {
        const QSignalBlocker blocker(m_darkTheme); // the runner applied the theme already
        m_darkTheme->setChecked(settings.value(darkThemeKey, false).toBool());
    }
    if (!restoreGeometry(settings.value(geometryKey).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(windowStateKey).toByteArray());
    if (!m_topSplitter->restoreState(settings.value(topSplitterKey).toByteArray()))
        m_topSplitter->setSizes(defaultTopSizes);
    if (!m_logSplitter->restoreState(settings.value(logSplitterKey).toByteArray()))
        m_logSplitter->setSizes(defaultLogSizes);
    if (!m_mainSplitter->restoreState(settings.value(mainSplitterKey).toByteArray()))
        m_mainSplitter->setSizes(defaultMainSizes);
    m_routeView->header()->restoreState(settings.value(routeColumnsKey).toByteArray());
    m_logPanel->view()->horizontalHeader()->restoreState(
        settings.value(logColumnsKey).toByteArray());
}

void MainWindow::saveSettings() const {
    if (m_settingsUse == WindowSettings::Defaults)
        return;
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(windowStateKey, saveState());
    settings.setValue(topSplitterKey, m_topSplitter->saveState());
    settings.setValue(logSplitterKey, m_logSplitter->saveState());
    settings.setValue(mainSplitterKey, m_mainSplitter->saveState());
    settings.setValue(routeColumnsKey, m_routeView->header()->saveState());
    settings.setValue(logColumnsKey, m_logPanel->view()->horizontalHeader()->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event) {
    saveSettings();
    QMainWindow::closeEvent(event);
}

bool MainWindow::darkThemeRemembered() {
    return QSettings().value(darkThemeKey, false).toBool();
}
