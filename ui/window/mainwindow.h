#pragma once

#include "common/instancecolors.h"
#include "model/capturedexchange.h"
#include "scenarios/scenariocatalog.h"

#include <QMainWindow>

class CaptureLog;
class ConfigErrorPanel;
class ConfigExportActions;
struct ConfigError;
class DetailsPane;
class DistributionChart;
class ExchangeActions;
class HarFileView;
class GatewayController;
class HaproxyActions;
class LiveBalancer;
class GatewaySession;
class LanguageMenu;
class QDockWidget;
class QLineEdit;
class QMessageBox;
class QSplitter;
class RequestDetailsView;
class RequestLogModel;
class RequestLogPanel;
class RouteActions;
class RouteTesterDialog;
class RouteTreeModel;
class RouteTreeView;
class ScenarioMenu;
class ScenarioPanel;
class SessionFileActions;
class QStackedWidget;
class StatusBarStats;
class TrafficPanel;
class TutorialDialog;

// Whether the window restores and saves its layout, theme, language and last config (QSettings), or
// starts from the defaults and leaves the settings alone (screenshots, tests).
enum class WindowSettings { Remembered, Defaults };

// The console window: routes and instances, distribution chart, live request log with details,
// and the problems panel, under a toolbar and menus for Start/Stop, Open config and Reload, and
// the Instance and Route menus (RouteActions) that change instances and strategies at runtime.
// For teaching: the Scenarios menu with the Scenario dock explaining the one running, the
// Traffic dock that sends requests, the instances' Demo fault submenu and the Route Tester.
//
// A client of GatewayController like the admin API (docs/CONVENTIONS.md, "Only values cross
// threads"): every change goes out as a controller call, and what the window shows comes only
// from the controller's snapshots and record batches. The routes tree, the instance actions, the
// live log and the chart show a LiveBalancer: the gateway, or a running HAProxy after File →
// Connect to HAProxy… (HaproxyActions), with the gateway's own controls greyed out. Window
// geometry, docks, splitters, columns and the last config are kept in QSettings.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(GatewayController &controller,
                        WindowSettings settings = WindowSettings::Remembered,
                        QWidget *parent = nullptr);
    // Offers scenarios in the Scenarios menu instead of the bundled ones (tests).
    MainWindow(GatewayController &controller, ScenarioCatalog scenarios, WindowSettings settings,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    GatewaySession &session() const { return *m_session; }

    // The parts, for the runner, the screenshot driver and tests.
    RouteTreeModel *routeModel() const { return m_routeModel; }
    RouteTreeView *routeView() const { return m_routeView; }
    RouteActions *routeActions() const { return m_routeActions; }
    ConfigExportActions *exportActions() const { return m_exportActions; }
    // File → Connect to HAProxy… / Disconnect, and which balancer the window shows.
    HaproxyActions *haproxyActions() const { return m_haproxyActions; }
    RequestLogModel *logModel() const { return m_logModel; }
    RequestLogPanel *logPanel() const { return m_logPanel; }
    RequestDetailsView *detailsView() const { return m_details; }
    // The traffic inspector (README, "Inspecting traffic"): the live log's captured exchanges
    // (GatewayController::capturesReady goes to its addCaptures()), the pane's tabs, the log's
    // row actions, the File menu's HAR and log exports, and a HAR file shown read-only.
    CaptureLog *captureLog() const { return m_captures; }
    DetailsPane *detailsPane() const { return m_detailsPane; }
    // The log beside the details pane.
    QSplitter *logSplitter() const { return m_logSplitter; }
    ExchangeActions *exchangeActions() const { return m_exchangeActions; }
    SessionFileActions *sessionFileActions() const { return m_fileActions; }
    HarFileView *harFileView() const { return m_harView; }
    // Whether a HAR file is shown instead of the live log.
    bool isViewingFile() const;
    // Log → Capture Traffic; its toggled(bool) goes to GatewayController::setCaptureEnabled.
    QAction *captureTrafficAction() const { return m_captureTraffic; }
    DistributionChart *distributionChart() const { return m_chart; }
    ConfigErrorPanel *problemPanel() const { return m_problems; }
    StatusBarStats *statusBarStats() const { return m_stats; }
    QAction *startAction() const { return m_start; }
    QLineEdit *listenUrlField() const { return m_listenUrl; }
    QAction *stopAction() const { return m_stop; }
    QAction *reloadAction() const { return m_reload; }
    QAction *routeTesterAction() const { return m_routeTester; }
    QAction *tutorialAction() const { return m_tutorial; }
    QAction *shortcutsAction() const { return m_shortcuts; }
    // Null until the tutorial is first opened.
    TutorialDialog *tutorialDialog() const { return m_tutorialDialog; }
    TrafficPanel *trafficPanel() const { return m_traffic; }
    QDockWidget *trafficDock() const { return m_trafficDock; }
    ScenarioMenu *scenarioMenu() const { return m_scenarioMenu; }
    ScenarioPanel *scenarioPanel() const { return m_scenarioPanel; }
    QDockWidget *scenarioDock() const { return m_scenarioDock; }
    LanguageMenu *languageMenu() const { return m_languageMenu; }
    // Null until the Route Tester is first opened.
    RouteTesterDialog *routeTesterDialog() const { return m_routeTesterDialog; }
    // The non-modal message that says a change was refused; null until the first refusal.
    QMessageBox *controlFailureBox() const { return m_controlFailure; }

    // The config remembered from the last session (empty if none).
    static QString lastConfigPath();
    // Whether the user chose the dark theme last time (the runner applies it before showing).
    static bool darkThemeRemembered();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createLayout();
    void createDocks(GatewayController &controller);
    void createRouteActions(GatewayController &controller);
    void createInspector();
    void showLiveLog();
    void showHarFile(const QString &path, const QList<CapturedExchange> &exchanges);
    // Selects the row of recordId in the log shown (the "replay of #ID" link).
    void selectRecordInLog(quint64 recordId);
    void updateCaptureSummary();
    void connectGateway(GatewayController &controller);
    // Points the tree, the log, the chart and the instance actions at balancer.
    void showBalancer(LiveBalancer &balancer);
    void limitToGateway();
    void updateWindowTitle();
    void restoreSettings();
    void saveSettings() const;

    void openConfig();
    void chooseScenario(const QString &name);
    void loadAndRun(const QString &path);
    void showRouteTester();
    void chooseLogCapacity();
    void setDarkTheme(bool dark);
    void chooseLanguage(const QString &language);
    void copyListenUrl();
    void updateRunState();
    void onConfigLoaded(const QString &path);
    void onConfigFailed(const QString &path, const QList<ConfigError> &errors);
    void onStartFailed(const QString &message);
    void onReloaded(const QString &message);
    void showControlFailure(const QString &message);

    const WindowSettings m_settingsUse;
    const ScenarioCatalog m_scenarios;
    GatewayController &m_controller;
    LiveBalancer *m_balancer;
    QObject *m_balancerLink = nullptr; // the context of the connections to m_balancer
    InstanceColors m_colors;
    GatewaySession *m_session;
    RouteTreeModel *m_routeModel;
    RequestLogModel *m_logModel;

    RouteTreeView *m_routeView = nullptr;
    DistributionChart *m_chart = nullptr;
    RequestLogPanel *m_logPanel = nullptr;
    RequestDetailsView *m_details = nullptr;
    CaptureLog *m_captures = nullptr;
    DetailsPane *m_detailsPane = nullptr;
    ExchangeActions *m_exchangeActions = nullptr;
    SessionFileActions *m_fileActions = nullptr;
    HarFileView *m_harView = nullptr;
    QStackedWidget *m_logStack = nullptr;
    QAction *m_captureTraffic = nullptr;
    ConfigErrorPanel *m_problems = nullptr;
    RouteActions *m_routeActions = nullptr;
    ConfigExportActions *m_exportActions = nullptr;
    HaproxyActions *m_haproxyActions = nullptr;
    QMessageBox *m_controlFailure = nullptr;
    StatusBarStats *m_stats = nullptr;
    QLineEdit *m_listenUrl = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_topSplitter = nullptr;
    QSplitter *m_logSplitter = nullptr;
    TrafficPanel *m_traffic = nullptr;
    QDockWidget *m_trafficDock = nullptr;
    ScenarioPanel *m_scenarioPanel = nullptr;
    QDockWidget *m_scenarioDock = nullptr;
    ScenarioMenu *m_scenarioMenu = nullptr;
    LanguageMenu *m_languageMenu = nullptr;
    RouteTesterDialog *m_routeTesterDialog = nullptr;
    TutorialDialog *m_tutorialDialog = nullptr;

    QAction *m_start = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_open = nullptr;
    QAction *m_reload = nullptr;
    QAction *m_copyUrl = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_logCapacity = nullptr;
    QAction *m_darkTheme = nullptr;
    QAction *m_routeTester = nullptr;
    QAction *m_tutorial = nullptr;
    QAction *m_shortcuts = nullptr;
    QAction *m_about = nullptr;
};
