#include "gateway/gatewaycontroller.h"

#include "gateway/gateway.h"

GatewayController::GatewayController(QObject *parent)
    : QObject(parent)
    , m_gateway(new Gateway) {
    qRegisterMetaType<RequestRecord>();
    qRegisterMetaType<QList<RequestRecord>>();
    qRegisterMetaType<GatewaySnapshot>();
    qRegisterMetaType<ControlResult>();

    m_thread.setObjectName(QStringLiteral("gateway"));
    m_gateway->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_gateway, &QObject::deleteLater);
    // Signal-to-signal across threads: queued, carrying values only.
    connect(m_gateway, &Gateway::started, this, &GatewayController::started);
    connect(m_gateway, &Gateway::startFailed, this, &GatewayController::startFailed);
    connect(m_gateway, &Gateway::stopped, this, &GatewayController::stopped);
    connect(m_gateway, &Gateway::recordsReady, this, &GatewayController::recordsReady);
    connect(m_gateway, &Gateway::snapshotReady, this, [this](const GatewaySnapshot &snapshot) {
        m_lastSnapshot = snapshot;
        Q_EMIT snapshotReady(snapshot);
    });
    connect(&m_demo, &DemoCluster::started, this, [this] { startGateway(m_pendingConfig); });
    connect(&m_demo, &DemoCluster::startFailed, this, &GatewayController::startFailed);
    connect(m_gateway, &Gateway::stopped, &m_demo, &DemoCluster::stop);
    m_thread.start();
}

GatewayController::~GatewayController() {
    // The Gateway is deleted in its own thread when the thread finishes (deleteLater above);
    // its destructor closes every connection at once.
    m_thread.quit();
    m_thread.wait();
}

void GatewayController::start(const GatewayConfig &config) {
    if (config.demo.backendPorts.isEmpty()) {
        startGateway(config);
        return;
    }
    m_pendingConfig = config;
    m_demo.start(config.demo.backendPorts);
}

void GatewayController::startGateway(const GatewayConfig &config) {
    QMetaObject::invokeMethod(
        m_gateway, [gateway = m_gateway, config] { gateway->start(config); }, Qt::QueuedConnection);
}

void GatewayController::stop(std::chrono::milliseconds grace) {
    QMetaObject::invokeMethod(
        m_gateway, [gateway = m_gateway, grace] { gateway->stop(grace); }, Qt::QueuedConnection);
}

void GatewayController::setBackendAdminState(const QString &routeId, int index, AdminState state) {
    QMetaObject::invokeMethod(
        m_gateway,
        [this, gateway = m_gateway, routeId, index, state] {
            const ControlResult result = gateway->setBackendAdminState(routeId, index, state);
            QMetaObject::invokeMethod(
                this, [this, result] { Q_EMIT controlFinished(result); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void GatewayController::requestSnapshot() {
    QMetaObject::invokeMethod(
        m_gateway, [gateway = m_gateway] { Q_EMIT gateway->snapshotReady(gateway->snapshot()); },
        Qt::QueuedConnection);
}
