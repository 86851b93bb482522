#pragma once

#include "admin/admintarget.h"
#include "config/gatewayconfig.h"
#include "model/capturedexchange.h"
#include "model/controlresult.h"
#include "model/democommand.h"
#include "model/gatewaysnapshot.h"
#include "model/instancestate.h"
#include "model/requestrecord.h"
#include "model/routepreview.h"

#include <QObject>
#include <QUrl>
#include <functional>
#include <memory>

// The worker-side owner of everything that serves traffic: routes and their balancers, the
// proxy listener, health checks and the admin API (which it serves as its AdminTarget). Lives
// in the worker thread; every public member must be called there (they assert it). Other
// threads use GatewayController.
class Gateway final : public QObject, public AdminTarget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Gateway)

public:
    // runDemoCommand reaches the demo instances for the admin API's /api/demo (the gateway does
    // not know where they run); without one, /api/demo answers that none are configured.
    explicit Gateway(DemoCommandRunner runDemoCommand = {}, QObject *parent = nullptr);
    ~Gateway() override;

    // Binds the listener (and the admin API) and starts serving. Emits started() or
    // startFailed() (port taken, bad address); a failed start leaves the gateway stopped.
    void start(const GatewayConfig &config);
    // Stops accepting, lets in-flight requests finish for at most grace, cuts the rest, then
    // emits stopped(). A grace of 0 cuts at once, also while an earlier stop is waiting; a cut
    // exchange's record (outcome Shutdown) goes out before stopped(). Safe to call when not
    // running (emits stopped() at once).
    void stop(std::chrono::milliseconds grace);

    bool isRunning() const override;
    GatewaySnapshot snapshot() const override;

    // The one code path for every instance toggle: the window (through GatewayController) and
    // the admin API both land here. The next pick already sees the new state.
    ControlResult setBackendAdminState(const QString &routeId, int index,
                                       AdminState state) override;
    // Weight in 1..maxBackendWeight, as in the config; the next pick uses it (the route's
    // balancer is rebuilt, continuing from the previous one, as for added instances).
    ControlResult setBackendWeight(const QString &routeId, int index, int weight) override;
    // Appends an instance (enabled, health unknown; probed at once if the route has checks).
    // The URL must be new to the route: instances are identified by route and URL across
    // reloads. name may be empty ("host:port").
    ControlResult addBackend(const QString &routeId, const QUrl &url, int weight,
                             const QString &name) override;
    // Takes the instance out of the route at once; its requests in flight finish. Later
    // instances move down one index.
    ControlResult removeBackend(const QString &routeId, int index) override;
    // A new balancer of that strategy over the same instances (state and counters kept).
    ControlResult setRouteStrategy(const QString &routeId, StrategyKind strategy) override;

    // What a request for path (origin-form, "/service-a/x?q=1") from clientAddress (empty:
    // 127.0.0.1) would meet now: route, stripped and upstream target, and the instance the next
    // pick would choose (Balancer::preview). Sends nothing and changes no state, so the next
    // real request goes where it says unless something changes in between.
    RoutePreview previewRoute(const QByteArray &path,
                              const QByteArray &clientAddress) const override;

    // Fault control of the demo instances (the admin API's /api/demo): runs command in the demo
    // thread and calls done with the result in context's thread, later. When the running config
    // has no demo: section (or the gateway has no runner), done is called at once, here, with
    // DemoCommandResult::Error::NotConfigured.
    void controlDemo(const DemoCommand &command, QObject *context,
                     std::function<void(const DemoCommandResult &result)> done) override;

    // Applies a new config while serving (README, "Health checks, runtime control and live
    // reload"): new route table for new requests (requests in flight finish on the old one),
    // instances with the same route id and URL keep their state and counters, new limits for new
    // connections, health checks restarted. The listener and the admin API stay where they are: a
    // changed address is reported in the result's message and takes effect on the next start.
    // The running config's ConfigOverrides (--listen, --admin) apply to config too.
    ControlResult reload(const GatewayConfig &config) override;
    // Emits reloadFailed(errors).
    void reportReloadFailure(const QList<ConfigError> &errors) override;
    // The config as running, including runtime changes to instances and strategies.
    const GatewayConfig &config() const override;

    // What the headless program's access log has dropped so far (AccessLogWriter, in app/): the
    // gateway only keeps the figure for its snapshots, and so for /metrics.
    void setAccessLogDroppedLines(quint64 total);
    // Capture on or off for the exchanges that start from now on; what is held stays. start()
    // and reload() apply the config's capture.enabled again (README, "Inspecting traffic").
    void setCaptureEnabled(bool enabled);
    // Whether something outside the worker keeps what capturesReady() hands over (the window,
    // gatewayd --har); GatewayController says so when a receiver connects. With no receiver
    // and no admin API, nothing would keep a capture, so the gateway captures nothing whatever
    // capture.enabled says (a headless run pays nothing for it).
    void setCapturesReceived(bool received);
    // The recent captures the admin API serves (/api/requests, /api/har): kept while the admin
    // API is up, within the config's capture limits.
    const CaptureStore &captures() const override;

Q_SIGNALS:
    void started(const QString &listenUrl, const QString &adminUrl);
    void startFailed(const QString &message);
    void stopped();
    // Batched (~50 ms) finished exchanges, oldest first.
    void recordsReady(const QList<RequestRecord> &records);
    // With capture on, on the same tick, right after recordsReady().
    void capturesReady(const QList<CapturedExchange> &captures);
    // After every state change and periodically while running.
    void snapshotReady(const GatewaySnapshot &snapshot);
    // A reload was applied (message as in its ControlResult).
    void reloaded(const QString &message);
    // The admin API's reload found errors in the file; nothing changed.
    void reloadFailed(const QList<ConfigError> &errors);

private:
    class Private;
    std::unique_ptr<Private> d;
};
