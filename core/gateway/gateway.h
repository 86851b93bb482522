#pragma once

#include "balancing/backend.h"
#include "config/gatewayconfig.h"
#include "gateway/controlresult.h"
#include "gateway/gatewaysnapshot.h"
#include "proxy/requestrecord.h"

#include <QObject>
#include <memory>

// The worker-side owner of everything that serves traffic: routes and their balancers, the
// proxy listener, health checks and the admin API. Lives in the worker thread; every public
// member must be called there (they assert it). Other threads use GatewayController.
class Gateway final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Gateway)

public:
    explicit Gateway(QObject *parent = nullptr);
    ~Gateway() override;

    // Binds the listener (and the admin API) and starts serving. Emits started() or
    // startFailed() (port taken, bad address); a failed start leaves the gateway stopped.
    void start(const GatewayConfig &config);
    // Stops accepting, lets in-flight requests finish for at most grace, closes the rest, then
    // emits stopped(). Safe to call when not running (emits stopped() at once).
    void stop(std::chrono::milliseconds grace);

    bool isRunning() const;
    GatewaySnapshot snapshot() const;

    // The one code path for every instance toggle: the window (through GatewayController) and
    // the admin API both land here. The next pick already sees the new state.
    ControlResult setBackendAdminState(const QString &routeId, int index, AdminState state);

Q_SIGNALS:
    void started(const QString &listenUrl, const QString &adminUrl);
    void startFailed(const QString &message);
    void stopped();
    // Batched (~50 ms) finished exchanges, oldest first.
    void recordsReady(const QList<RequestRecord> &records);
    // After every state change and periodically while running.
    void snapshotReady(const GatewaySnapshot &snapshot);

private:
    class Private;
    std::unique_ptr<Private> d;
};
