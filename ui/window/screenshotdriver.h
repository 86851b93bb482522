#pragma once

#include <QObject>
#include <QTimer>

class GatewayController;
class MainWindow;
class QNetworkAccessManager;
class QNetworkReply;
struct GatewaySnapshot;

// What the picture shows (--screenshot-view; README, "Screenshots").
enum class ScreenshotView {
    Log, // the routes, the chart and the log after a few dozen requests, the last one selected
    // The same requests, then a JSON POST to the first route's /echo (the demo instances answer
    // it with the request they got, as JSON): that row selected, its Response tab open.
    Inspector,
};

// --screenshot: once the gateway runs (and its health checks, if any, have had a first say),
// sends a few dozen requests through its real port. For the log view, disables one instance the
// way a click would and sends more (not for a bundled scenario, whose picture shows its strategy
// undisturbed); for the inspector view, sends one JSON request instead. Waits until the log shows
// every request and a fresh snapshot has arrived (and, for the inspector, until the selected
// request's exchange is captured), then saves the window as a PNG and reports finished(0). A
// gateway that cannot start, or requests that never show up, still leave a picture (of the
// problem) and finish with 1.
class ScreenshotDriver final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScreenshotDriver)

public:
    ScreenshotDriver(MainWindow &window, GatewayController &controller, const QString &path,
                     ScreenshotView view = ScreenshotView::Log, QObject *parent = nullptr);
    ~ScreenshotDriver() override;

    // Call before the config is loaded, so that a config error is seen too.
    void start();

Q_SIGNALS:
    // Always from the event loop, after the picture was saved (or could not be).
    void finished(int exitCode);

private:
    enum class Phase {
        WaitingForGateway,
        WaitingForHealth,
        FirstRequests,
        WaitingForDisable,
        MoreRequests,
        InspectedRequest,
        WaitingForLog,
        WaitingForSnapshot,
        WaitingForCapture,
        Done
    };

    void sendFirstRequests(const GatewaySnapshot &snapshot);
    void sendRequests(const QList<QByteArray> &paths);
    void sendInspectedRequest();
    // Counts a request sent and waits for its reply.
    void track(QNetworkReply *reply);
    void selectLastRow();
    void showInspectedExchange();
    void onReplyFinished(QNetworkReply *reply);
    bool isScenario() const;
    void disableOneInstance();
    void waitForLog();
    void checkLog();
    void saveAndFinish(int exitCode, const QString &problem);

    MainWindow &m_window;
    GatewayController &m_controller;
    QString m_path;
    ScreenshotView m_view;
    QNetworkAccessManager *m_network;
    QTimer m_deadline;
    QTimer m_healthDeadline; // health checks get this long to say up or down before the requests
    Phase m_phase = Phase::WaitingForGateway;
    int m_sent = 0;
    int m_pendingReplies = 0;
};
