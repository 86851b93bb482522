#pragma once

#include "instancecolors.h"

#include <QMainWindow>

class ConfigErrorPanel;
struct ConfigError;
class DistributionChart;
class GatewayController;
class GatewaySession;
class QLineEdit;
class QSplitter;
class RequestDetailsView;
class RequestLogModel;
class RequestLogPanel;
class RouteTreeModel;
class RouteTreeView;
class StatusBarStats;

// Whether the window restores and saves its layout, theme and last config (QSettings), or
// starts from the defaults and leaves the settings alone (screenshots, tests).
enum class WindowSettings { Remembered, Defaults };

// The console window: routes and instances, distribution chart, live request log with details,
// and the problems panel, under a toolbar and menus for Start/Stop, Open config and Reload.
//
// A client of GatewayController like the admin API (house rule 5): every change goes out as a
// controller call, and what the window shows comes only from the controller's snapshots and
// record batches. Window geometry, splitters, columns and the last config are kept in QSettings.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(GatewayController &controller,
                        WindowSettings settings = WindowSettings::Remembered,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    GatewaySession &session() const { return *m_session; }

    // The parts, for the runner, the screenshot driver and tests.
    RouteTreeModel *routeModel() const { return m_routeModel; }
    RouteTreeView *routeView() const { return m_routeView; }
    RequestLogModel *logModel() const { return m_logModel; }
    RequestLogPanel *logPanel() const { return m_logPanel; }
    RequestDetailsView *detailsView() const { return m_details; }
    DistributionChart *distributionChart() const { return m_chart; }
    ConfigErrorPanel *problemPanel() const { return m_problems; }
    StatusBarStats *statusBarStats() const { return m_stats; }
    QAction *startAction() const { return m_start; }
    QAction *stopAction() const { return m_stop; }

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
    void connectGateway(GatewayController &controller);
    void restoreSettings();
    void saveSettings() const;

    void openConfig();
    void chooseLogCapacity();
    void setDarkTheme(bool dark);
    void copyListenUrl();
    void updateRunState();
    void onConfigLoaded(const QString &path);
    void onConfigFailed(const QString &path, const QList<ConfigError> &errors);
    void onStartFailed(const QString &message);

    const WindowSettings m_settingsUse;
    InstanceColors m_colors;
    GatewaySession *m_session;
    RouteTreeModel *m_routeModel;
    RequestLogModel *m_logModel;

    RouteTreeView *m_routeView = nullptr;
    DistributionChart *m_chart = nullptr;
    RequestLogPanel *m_logPanel = nullptr;
    RequestDetailsView *m_details = nullptr;
    ConfigErrorPanel *m_problems = nullptr;
    StatusBarStats *m_stats = nullptr;
    QLineEdit *m_listenUrl = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_topSplitter = nullptr;
    QSplitter *m_logSplitter = nullptr;

    QAction *m_start = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_open = nullptr;
    QAction *m_reload = nullptr;
    QAction *m_copyUrl = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_toggleInstance = nullptr;
    QAction *m_logCapacity = nullptr;
    QAction *m_darkTheme = nullptr;
    QAction *m_about = nullptr;
};
