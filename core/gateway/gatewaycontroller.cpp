#include "gateway/gatewaycontroller.h"

#include "gateway/gateway.h"

GatewayController::GatewayController(QObject *parent)
    : QObject(parent)
    , m_gateway(new Gateway(&m_demo)) {
    qRegisterMetaType<RequestRecord>();
    qRegisterMetaType<QList<RequestRecord>>();
    qRegisterMetaType<GatewaySnapshot>();
    qRegisterMetaType<ControlResult>();
    qRegisterMetaType<RoutePreview>();
    qRegisterMetaType<QList<ConfigError>>();

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
    connect(m_gateway, &Gateway::reloaded, this, &GatewayController::reloaded);
    connect(&m_watcher, &ConfigWatcher::loaded, this, &GatewayController::reload);
    connect(&m_watcher, &ConfigWatcher::failed, this, &GatewayController::reloadFailed);
    m_thread.start();
}

GatewayController::~GatewayController() {
    // The Gateway is deleted in its own thread when the thread finishes (deleteLater above);
    // its destructor closes every connection at once.
    m_thread.quit();
    m_thread.wait();
}

void GatewayController::start(const GatewayConfig &config) {
    m_configFile = config.sourceFile;
    m_watcher.setPath(m_watching ? m_configFile : QString());
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

void GatewayController::runCommand(std::function<ControlResult(Gateway &gateway)> command) {
    QMetaObject::invokeMethod(
        m_gateway,
        [this, gateway = m_gateway, command = std::move(command)] {
            const ControlResult result = command(*gateway);
            QMetaObject::invokeMethod(
                this, [this, result] { Q_EMIT controlFinished(result); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void GatewayController::setBackendAdminState(const QString &routeId, int index, AdminState state) {
    runCommand([routeId, index, state](Gateway &gateway) {
        return gateway.setBackendAdminState(routeId, index, state);
    });
}

void GatewayController::setBackendWeight(const QString &routeId, int index, int weight) {
    runCommand([routeId, index, weight](Gateway &gateway) {
        return gateway.setBackendWeight(routeId, index, weight);
    });
}

void GatewayController::addBackend(const QString &routeId, const QUrl &url, int weight,
                                   const QString &name) {
    runCommand([routeId, url, weight, name](Gateway &gateway) {
        return gateway.addBackend(routeId, url, weight, name);
    });
}

void GatewayController::removeBackend(const QString &routeId, int index) {
    runCommand(
        [routeId, index](Gateway &gateway) { return gateway.removeBackend(routeId, index); });
}

void GatewayController::setRouteStrategy(const QString &routeId, StrategyKind strategy) {
    runCommand([routeId, strategy](Gateway &gateway) {
        return gateway.setRouteStrategy(routeId, strategy);
    });
}

void GatewayController::reload(const GatewayConfig &config) {
    runCommand([config](Gateway &gateway) { return gateway.reload(config); });
}

void GatewayController::reloadConfigFile() {
    if (m_configFile.isEmpty()) {
        Q_EMIT reloadFailed({ConfigError{QString(), 0, 0,
                                         QStringLiteral("the running config was not loaded "
                                                        "from a file")}});
        return;
    }
    const ConfigLoadResult result = loadConfigFile(m_configFile);
    if (!result.ok()) {
        Q_EMIT reloadFailed(result.errors);
        return;
    }
    reload(*result.config);
}

void GatewayController::setWatchingConfigFile(bool watching) {
    m_watching = watching;
    m_watcher.setPath(m_watching ? m_configFile : QString());
}

bool GatewayController::isWatchingConfigFile() const {
    return !m_watcher.path().isEmpty();
}

void GatewayController::requestSnapshot() {
    QMetaObject::invokeMethod(
        m_gateway, [gateway = m_gateway] { Q_EMIT gateway->snapshotReady(gateway->snapshot()); },
        Qt::QueuedConnection);
}

void GatewayController::previewRoute(const QByteArray &path, const QByteArray &clientAddress) {
    QMetaObject::invokeMethod(
        m_gateway,
        [this, gateway = m_gateway, path, clientAddress] {
            const RoutePreview preview = gateway->previewRoute(path, clientAddress);
            QMetaObject::invokeMethod(
                this, [this, preview] { Q_EMIT routePreviewReady(preview); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}
