#pragma once

#include "config/configloader.h"
#include "config/gatewayconfig.h"
#include "control/configwatcher.h"
#include "model/capturedexchange.h"
#include "model/controlresult.h"
#include "model/democommand.h"
#include "model/demoinstancestate.h"
#include "model/gatewaysnapshot.h"
#include "model/instancestate.h"
#include "model/livebalancer.h"
#include "model/requestrecord.h"
#include "model/routepreview.h"
#include "model/strategykind.h"

#include <QThread>
#include <QUrl>
#include <functional>
#include <memory>

class DemoCluster;
class Gateway;

// The only way into the gateway from other threads (the window, the headless program, tests).
// Owns the worker QThread and the Gateway living in it; every call is posted as a queued call
// and every answer comes back as a signal carrying values (docs/ARCHITECTURE.md, "Threads"). Lives
// in the thread that created it. The window steers it, as it steers a HAProxy, through
// LiveBalancer.
class GatewayController final : public LiveBalancer {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayController)

public:
    explicit GatewayController(QObject *parent = nullptr);
    // Stops the gateway (bounded grace), quits and joins the worker thread.
    ~GatewayController() override;

    // Starts the config's demo instances first (if it has any: the demo thread is created the
    // first time a config needs it), then the gateway. Either failing ends in startFailed() with
    // a message naming the port.
    void start(const GatewayConfig &config);
    // Stops the gateway gracefully, then the demo instances.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
    // Result arrives as controlFinished(); the next snapshot shows the new state.
    void setBackendAdminState(const QString &routeId, int index, AdminState state) override;
    void setBackendWeight(const QString &routeId, int index, int weight) override;
    void addBackend(const QString &routeId, const QUrl &url, int weight,
                    const QString &name) override;
    void removeBackend(const QString &routeId, int index) override;
    int weightLimit() const override { return maxBackendWeight; }
    void setRouteStrategy(const QString &routeId, StrategyKind strategy);
    void requestSnapshot() override;
    // The headless program's count of dropped access-log lines, for the gateway's snapshots
    // and /metrics (gateway_access_log_dropped_lines_total); a value, posted to the worker.
    void setAccessLogDroppedLines(quint64 total);
    // The route tester: what a request for path (origin-form, "/service-a/x?q=1") from
    // clientAddress (empty: 127.0.0.1; ip_hash hashes it) would meet now, without sending
    // anything or changing any state (Gateway::previewRoute). Answered by routePreviewReady(),
    // which echoes path and clientAddress.
    void previewRoute(const QByteArray &path, const QByteArray &clientAddress = QByteArray());
    // Traffic capture on or off for the requests that start from now on (Gateway::
    // setCaptureEnabled); start() and reload() apply the config's capture.enabled again.
    void setCaptureEnabled(bool enabled);

    // Applies config to the running gateway (Gateway::reload); the result arrives as
    // controlFinished() and, on success, reloaded().
    void reload(const GatewayConfig &config);
    // Re-reads the file the gateway was started with (Ctrl+R): reload() with its contents, or
    // reloadFailed() with every error, leaving the running config as it is. Does nothing but
    // report an error when the gateway was started from a config without a file.
    void reloadConfigFile();
    // Reloads whenever the started config's file changes on disk (ConfigWatcher); on by
    // default for a config loaded from a file (the bundled one, a Qt resource, is not watched).
    void setWatchingConfigFile(bool watching);
    bool isWatchingConfigFile() const;

    // The newest snapshot received (empty before the first).
    const GatewaySnapshot &lastSnapshot() const override { return m_lastSnapshot; }
    // Fault control of the config's demo instances (the window's Demo menu). The admin API's
    // /api/demo reaches the same instances. Answered by demoControlFailed() when the command
    // failed, then always by demoStateChanged(); with no demo instances running, by
    // demoStateChanged() with an empty list.
    void controlDemo(const DemoCommand &command);

Q_SIGNALS:
    void started(const QString &listenUrl, const QString &adminUrl);
    void startFailed(const QString &message);
    void stopped();
    // With capture on: the heads and bodies of finished exchanges (README, "Inspecting
    // traffic"), on the same batch tick as recordsReady() and right after it; each capture's
    // record() is the same exchange's record in that batch.
    void capturesReady(const QList<CapturedExchange> &captures);
    void routePreviewReady(const RoutePreview &preview);
    // A reload was applied; message summarizes it ("reloaded FILE: 3 route(s)").
    void reloaded(const QString &message);
    // A reload from the config file failed (the file watcher, reloadConfigFile(), the admin
    // API's POST /api/reload); the running config is untouched.
    void reloadFailed(const QList<ConfigError> &errors);
    // Every demo instance in start order, after each change (start, stop, a fault command).
    void demoStateChanged(const QList<DemoInstanceState> &instances);
    void demoControlFailed(const QString &message);

protected:
    // A receiver of capturesReady() tells the gateway that captures are kept (Gateway::
    // setCapturesReceived): without one and without an admin API it captures nothing.
    void connectNotify(const QMetaMethod &signal) override;

private:
    void startGateway(const GatewayConfig &config);
    // Runs command in the worker and emits controlFinished() with its result here.
    void runCommand(std::function<ControlResult(Gateway &gateway)> command);
    // The demo cluster, created on first use; its thread exists only from then on.
    DemoCluster &demoCluster();
    // What the gateway's admin API calls (in the worker) to reach the demo instances.
    void runDemoCommand(const DemoCommand &command, QObject *context,
                        std::function<void(const DemoCommandResult &result)> done);

    ConfigWatcher m_watcher;
    QString m_configFile; // of the config started, empty if it has none
    bool m_watching = true;
    std::unique_ptr<DemoCluster> m_demo; // null until a config has demo instances
    GatewayConfig m_pendingConfig;       // waits for the demo instances
    QThread m_thread;
    Gateway *m_gateway; // lives in m_thread; deleted there when the thread finishes
    GatewaySnapshot m_lastSnapshot;
};
