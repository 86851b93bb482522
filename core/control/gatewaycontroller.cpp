#include "control/gatewaycontroller.h"

#include "demo/democluster.h"
#include "gateway/gateway.h"
#include "threading/threadhandoff.h"

#include <QMetaMethod>
#include <memory>

namespace {

// The commands that give the demo instances, started on ports (in config order), the faults
// of the config's demo section. Faults left at their defaults need no command.
QList<DemoCommand> demoFaultCommands(const DemoConfig &demo, const QList<quint16> &ports) {
    QList<DemoCommand> commands;
    for (qsizetype i = 0; i < qMin(ports.size(), demo.backendFaults.size()); ++i) {
        const DemoFaultsConfig &faults = demo.backendFaults[i];
        if (faults.latency.count() > 0)
            commands.append(DemoCommand::setLatency(ports[i], faults.latency));
        if (faults.errorRatePercent > 0)
            commands.append(DemoCommand::setErrorRate(ports[i], faults.errorRatePercent));
        if (faults.resetMidResponse)
            commands.append(DemoCommand::setResetMidResponse(ports[i], true));
    }
    return commands;
}

// Runs commands in the demo thread, then calls done in context's thread with the first error
// (empty when all succeeded). The demo thread runs them in order and answers in order, so the
// last answer means every command has run.
void applyDemoFaults(DemoCluster &demo, const QList<DemoCommand> &commands, QObject *context,
                     std::function<void(const QString &error)> done) {
    if (commands.isEmpty()) {
        done(QString());
        return;
    }
    auto firstError = std::make_shared<QString>();
    for (qsizetype i = 0; i < commands.size(); ++i) {
        const bool last = i == commands.size() - 1;
        demo.execute(commands[i], context,
                     [&demo, firstError, last, done](const DemoCommandResult &result) {
                         if (!result.ok() && firstError->isEmpty())
                             *firstError = result.message;
                         if (!last)
                             return;
                         // execute() emits nothing: views of the instances learn the faults here.
                         demo.requestState();
                         done(*firstError);
                     });
    }
}

} // namespace

GatewayController::GatewayController(QObject *parent)
    : LiveBalancer(parent)
    , m_gateway(new Gateway([this](const DemoCommand &command, QObject *context,
                                   std::function<void(const DemoCommandResult &)> done) {
        runDemoCommand(command, context, std::move(done));
    })) {
    qRegisterMetaType<RequestRecord>();
    qRegisterMetaType<QList<RequestRecord>>();
    qRegisterMetaType<CapturedExchange>();
    qRegisterMetaType<QList<CapturedExchange>>();
    qRegisterMetaType<GatewaySnapshot>();
    qRegisterMetaType<ControlResult>();
    qRegisterMetaType<RoutePreview>();
    qRegisterMetaType<QList<ConfigError>>();

    m_thread.setObjectName(QStringLiteral("gateway"));
    m_gateway->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_gateway, &QObject::deleteLater);
    // Signal-to-signal across threads: queued, carrying values only.
    connectAcross(m_gateway, &Gateway::started, this, &GatewayController::started);
    connectAcross(m_gateway, &Gateway::startFailed, this, &GatewayController::startFailed);
    connectAcross(m_gateway, &Gateway::stopped, this, &GatewayController::stopped);
    connectAcross(m_gateway, &Gateway::recordsReady, this, &GatewayController::recordsReady);
    connectAcross(m_gateway, &Gateway::capturesReady, this, &GatewayController::capturesReady);
    connectAcross(m_gateway, &Gateway::snapshotReady, this,
                  [this](const GatewaySnapshot &snapshot) {
                      m_lastSnapshot = snapshot;
                      Q_EMIT snapshotReady(snapshot);
                  });
    // The demo instances stop with the gateway. Connected here, before any user of stopped(), and
    // run directly in it: a user that starts the next config on stopped() (the window switching
    // scenarios) posts the new instances' start after this stop, so the demo thread, which runs
    // its calls in order, cannot stop the new instances.
    connect(this, &GatewayController::stopped, this, [this] {
        if (m_demo)
            m_demo->stop();
    });
    connectAcross(m_gateway, &Gateway::reloaded, this, &GatewayController::reloaded);
    connectAcross(m_gateway, &Gateway::reloadFailed, this, &GatewayController::reloadFailed);
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
    demoCluster().start(config.demo.backendPorts);
}

DemoCluster &GatewayController::demoCluster() {
    if (m_demo)
        return *m_demo;
    qRegisterMetaType<DemoCommandResult>();
    m_demo = std::make_unique<DemoCluster>();
    DemoCluster &demo = *m_demo;
    // The configured faults are in place before the gateway starts, so a scenario misbehaves
    // from its first request.
    connect(&demo, &DemoCluster::started, this, [this, &demo](const QList<quint16> &ports) {
        applyDemoFaults(demo, demoFaultCommands(m_pendingConfig.demo, ports), this,
                        [this, &demo](const QString &error) {
                            if (error.isEmpty()) {
                                startGateway(m_pendingConfig);
                                return;
                            }
                            demo.stop();
                            Q_EMIT startFailed(error);
                        });
    });
    connect(&demo, &DemoCluster::startFailed, this, &GatewayController::startFailed);
    connect(&demo, &DemoCluster::stateChanged, this, &GatewayController::demoStateChanged);
    connect(&demo, &DemoCluster::controlFailed, this, &GatewayController::demoControlFailed);
    return demo;
}

void GatewayController::controlDemo(const DemoCommand &command) {
    if (!m_demo) {
        // Answered later, as the cluster would be.
        postTo(this, [this] { Q_EMIT demoStateChanged({}); });
        return;
    }
    m_demo->execute(command, this, [this](const DemoCommandResult &result) {
        if (!result.ok())
            Q_EMIT demoControlFailed(result.message);
        Q_EMIT demoStateChanged(result.instances);
    });
}

void GatewayController::runDemoCommand(const DemoCommand &command, QObject *context,
                                       std::function<void(const DemoCommandResult &)> done) {
    // Called in the worker: the cluster is looked up here, in the thread that creates it.
    postTo(this, [this, command, context, done = std::move(done)] {
        if (m_demo) {
            m_demo->execute(command, context, done);
            return;
        }
        DemoCommandResult result;
        result.error = DemoCommandResult::Error::NotConfigured;
        result.message = QStringLiteral("no demo instances are running");
        postTo(context, [done, result] { done(result); });
    });
}

void GatewayController::startGateway(const GatewayConfig &config) {
    postTo(m_gateway, [gateway = m_gateway, config] { gateway->start(config); });
}

void GatewayController::stop(std::chrono::milliseconds grace) {
    postTo(m_gateway, [gateway = m_gateway, grace] { gateway->stop(grace); });
}

void GatewayController::runCommand(std::function<ControlResult(Gateway &gateway)> command) {
    postTo(m_gateway, [this, gateway = m_gateway, command = std::move(command)] {
        const ControlResult result = command(*gateway);
        postTo(this, [this, result] { Q_EMIT controlFinished(result); });
    });
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
    postTo(m_gateway,
           [gateway = m_gateway] { Q_EMIT gateway->snapshotReady(gateway->snapshot()); });
}

void GatewayController::setAccessLogDroppedLines(quint64 total) {
    postTo(m_gateway, [gateway = m_gateway, total] { gateway->setAccessLogDroppedLines(total); });
}

void GatewayController::connectNotify(const QMetaMethod &signal) {
    if (signal != QMetaMethod::fromSignal(&GatewayController::capturesReady))
        return;
    postTo(m_gateway, [gateway = m_gateway] { gateway->setCapturesReceived(true); });
}

void GatewayController::setCaptureEnabled(bool enabled) {
    postTo(m_gateway, [gateway = m_gateway, enabled] { gateway->setCaptureEnabled(enabled); });
}

void GatewayController::previewRoute(const QByteArray &path, const QByteArray &clientAddress) {
    postTo(m_gateway, [this, gateway = m_gateway, path, clientAddress] {
        const RoutePreview preview = gateway->previewRoute(path, clientAddress);
        postTo(this, [this, preview] { Q_EMIT routePreviewReady(preview); });
    });
}
