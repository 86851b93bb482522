#pragma once

#include "traffic/trafficgenerator.h"

#include <QList>
#include <QPair>
#include <QWidget>

class GatewayController;
class GatewaySession;
struct GatewaySnapshot;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;

// Sends test traffic through the running gateway (README "Traffic generator"): GET requests
// for a route's path, N in all or R per second, over C keep-alive connections, with progress
// and a summary of what came back. "Send one" (F8, window-wide) sends exactly one request, so
// that a class can follow the balancer pick by pick in the live log.
//
// Owns its TrafficGenerator (a thread of its own). Learns the routes from the controller's
// snapshots and the listen URL and run state from the session; while the gateway is not
// running every control is disabled and a hint says why, and a run still going is stopped.
//
// To dock it in the main window (MainWindow constructor, after the session exists):
//     auto *dock = new QDockWidget(tr("Traffic"), this);
//     dock->setObjectName(QStringLiteral("trafficDock")); // for saveState()
//     dock->setWidget(new TrafficPanel(*m_session, controller, dock));
//     addDockWidget(Qt::BottomDockWidgetArea, dock);
class TrafficPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficPanel)

public:
    TrafficPanel(GatewaySession &session, GatewayController &controller, QWidget *parent = nullptr);
    ~TrafficPanel() override;

    // The parts, for tests and the screenshot driver.
    QComboBox *routeBox() const { return m_route; }
    QLineEdit *pathEdit() const { return m_path; }
    QRadioButton *countModeButton() const { return m_countMode; }
    QRadioButton *rateModeButton() const { return m_rateMode; }
    QSpinBox *requestsBox() const { return m_requests; }
    QSpinBox *rateBox() const { return m_rate; }
    QSpinBox *durationBox() const { return m_duration; }
    QSpinBox *concurrencyBox() const { return m_concurrency; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *sendOneButton() const { return m_sendOne; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *summaryLabel() const { return m_summary; }
    QLabel *hintLabel() const { return m_hint; }

Q_SIGNALS:
    // A run (or a single request from "Send one") was started with plan.
    void runStarted(const TrafficPlan &plan);
    // It ended; the summary is also shown in the panel.
    void runFinished(const TrafficSummary &summary);

private:
    enum class RunKind { Plan, SingleRequest };

    void createLayout();
    void updateRoutes(const GatewaySnapshot &snapshot);
    void onRouteChosen(int index);
    void updateEnabled();
    void startRun(RunKind kind);
    void onProgress(qint64 sent, qint64 completed);
    void onFinished(const TrafficSummary &summary);
    static QString describe(const TrafficSummary &summary);

    GatewaySession &m_session;
    TrafficGenerator m_generator;
    QList<QPair<QString, QByteArray>> m_routes; // id, path, as the combo lists them

    QComboBox *m_route = nullptr;
    QLineEdit *m_path = nullptr;
    QRadioButton *m_countMode = nullptr;
    QRadioButton *m_rateMode = nullptr;
    QSpinBox *m_requests = nullptr;
    QSpinBox *m_rate = nullptr;
    QSpinBox *m_duration = nullptr;
    QSpinBox *m_concurrency = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_sendOne = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_hint = nullptr;
};
