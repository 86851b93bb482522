#pragma once

#include "balancing/backend.h"
#include "config/gatewayconfig.h"
#include "demo/democluster.h"
#include "gateway/controlresult.h"
#include "gateway/gatewaysnapshot.h"
#include "proxy/requestrecord.h"

#include <QObject>
#include <QThread>

class Gateway;

// The only way into the gateway from other threads (the window, the headless program, tests).
// Owns the worker QThread and the Gateway living in it; every call is posted as a queued call
// and every answer comes back as a signal carrying values (DESIGN §1). Lives in the thread that
// created it.
class GatewayController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayController)

public:
    explicit GatewayController(QObject *parent = nullptr);
    // Stops the gateway (bounded grace), quits and joins the worker thread.
    ~GatewayController() override;

    // Starts the config's demo instances first (if it has any), then the gateway. Either
    // failing ends in startFailed() with a message naming the port.
    void start(const GatewayConfig &config);
    // Stops the gateway gracefully, then the demo instances.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
    // Result arrives as controlFinished(); the next snapshot shows the new state.
    void setBackendAdminState(const QString &routeId, int index, AdminState state);
    void requestSnapshot();

    // The newest snapshot received (empty before the first).
    const GatewaySnapshot &lastSnapshot() const { return m_lastSnapshot; }
    // The in-process demo instances (fault injection); empty unless the config has `demo:`.
    DemoCluster &demo() { return m_demo; }

Q_SIGNALS:
    void started(const QString &listenUrl, const QString &adminUrl);
    void startFailed(const QString &message);
    void stopped();
    void recordsReady(const QList<RequestRecord> &records);
    void snapshotReady(const GatewaySnapshot &snapshot);
    void controlFinished(const ControlResult &result);

private:
    void startGateway(const GatewayConfig &config);

    DemoCluster m_demo;
    GatewayConfig m_pendingConfig; // waits for the demo instances
    QThread m_thread;
    Gateway *m_gateway; // lives in m_thread; deleted there when the thread finishes
    GatewaySnapshot m_lastSnapshot;
};
