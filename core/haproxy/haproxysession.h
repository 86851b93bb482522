#pragma once

#include "haproxy/runtimeapiaddress.h"
#include "haproxy/runtimeapiclient.h"
#include "haproxy/runtimecommand.h"
#include "model/controlresult.h"
#include "model/gatewaysnapshot.h"
#include "model/instancestate.h"
#include "model/livebalancer.h"
#include "model/requestrecord.h"

#include <QHostAddress>
#include <QList>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <memory>

class HaproxyLogReceiver;

// What the console can do on a running HAProxy, offered in GatewayController's shapes so that a
// view of the gateway can be pointed at either (docs/ARCHITECTURE.md, "A running HAProxy"):
// snapshotReady() with a route per backend and an instance per server, polled from the runtime
// API (`show stat`, `show servers state`); recordsReady() with HAProxy's access log, received
// over syslog UDP; setBackendAdminState/Weight, addBackend and removeBackend answered by
// controlFinished() as the controller answers them, the instance addressed by route id (the
// backend) and index (the server's position in the last snapshot). What HAProxy cannot offer
// is unavailableFeatures(). Lives in the thread that created it; never blocks.
class HaproxySession final : public LiveBalancer {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HaproxySession)

public:
    static constexpr int defaultPollIntervalMs = 1000;

    // What the gateway's window and admin API do that a HAProxy session cannot, and why (for
    // the window to grey out, with its own translated words).
    enum class Feature { RouteTester, DemoFaults, StrategyChange, Reload, TrafficInspector };
    struct UnavailableFeature {
        Feature feature;
        QString reason; // English, for the headless program and logs
    };
    static QList<UnavailableFeature> unavailableFeatures();

    explicit HaproxySession(const RuntimeApiAddress &address, QObject *parent = nullptr);
    ~HaproxySession() override;

    void setPollIntervalMs(int ms);
    void setCommandTimeoutMs(int ms);
    // Receives HAProxy's access log on address:port (0: any free port; logPort() says which);
    // false with *error when the port cannot be bound. Optional: without it the session has
    // snapshots and control only.
    bool listenForLogs(quint16 port, QString *error,
                       const QHostAddress &address = QHostAddress::LocalHost);
    quint16 logPort() const;
    quint64 garbledLogLines() const;

    // Polls once: started() with the first snapshot, or startFailed() saying why (unreachable,
    // not HAProxy, ...); then every poll interval.
    void start();
    // Stops polling, hands over the log records received so far and closes the log's port
    // (listenForLogs() again before another start()); stopped() follows from the event loop.
    void stop();
    void requestSnapshot() override;
    void setBackendAdminState(const QString &routeId, int index, AdminState state) override;
    // HAProxy's weights go to 256 (the gateway's to maxBackendWeight); 0 is allowed, as draining.
    void setBackendWeight(const QString &routeId, int index, int weight) override;
    int weightLimit() const override;
    // url: http://IP:PORT (HAProxy adds servers by address); name: the server's name, or
    // "IP_PORT" when empty. The server is added and made ready.
    void addBackend(const QString &routeId, const QUrl &url, int weight,
                    const QString &name) override;
    // Puts the server in maintenance, then deletes it (HAProxy 2.6 deletes only those).
    void removeBackend(const QString &routeId, int index) override;

    const GatewaySnapshot &lastSnapshot() const override { return m_lastSnapshot; }
    QString description() const;

Q_SIGNALS:
    // listenUrl is empty (the frontends are HAProxy's); adminUrl names the runtime API.
    void started(const QString &listenUrl, const QString &adminUrl);
    void startFailed(const QString &message);
    void stopped();
    // A poll after the start failed (HAProxy stopped, restarted, ...): polling goes on, and the
    // next snapshot means it is back.
    void pollFailed(const QString &message);
    // Log datagrams that were not httplog lines: the count so far and the latest reason.
    void logGarbled(quint64 total, const QString &reason);

private:
    enum class Phase { Stopped, Starting, Running };

    void poll();
    void pollAnswered(const RuntimeApiAnswer &answer);
    void failPoll(const QString &message);
    // Sends line; handler gets its answer (the client answers in the order sent).
    void sendLine(const QByteArray &line, std::function<void(const RuntimeApiAnswer &)> handler);
    // Runs the lines in order, stopping at the first refusal; then controlFinished() and a poll.
    void runLines(QList<QByteArray> lines);
    // A refused command (a name or value HAProxy must not see) ends in controlFinished() with
    // its error, without sending anything; otherwise runLines().
    void runCommand(const RuntimeCommand &command);
    // runCommand() with the command built for the server at index of routeId in the last
    // snapshot, or controlFinished() with why there is none.
    void runOnServer(const QString &routeId, int index,
                     const std::function<RuntimeCommand(const QString &serverName)> &command);
    // The server at index of routeId in the last snapshot, or the failure to report.
    const BackendSnapshot *serverAt(const QString &routeId, int index, ControlResult *failure);
    void finishControl(const ControlResult &result);
    // With the server's index and URL from the last snapshot, and its attempt.
    void completeRecords(QList<RequestRecord> records);
    static AttemptRecord attemptOn(const BackendSnapshot &server, const RequestRecord &record);

    RuntimeApiAddress m_address;
    std::unique_ptr<RuntimeApiClient> m_client;
    std::unique_ptr<HaproxyLogReceiver> m_logs;
    QList<std::function<void(const RuntimeApiAnswer &)>> m_handlers;
    Phase m_phase = Phase::Stopped;
    bool m_pollInFlight = false;
    RuntimeApiAnswer m_statAnswer; // show stat's, waiting for show servers state's
    QTimer m_pollTimer;
    GatewaySnapshot m_lastSnapshot;
};
