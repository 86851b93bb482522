#include "window/gatewaysession.h"

#include "control/gatewaycontroller.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSession, "gateway.ui.session")

namespace {
// Stop (and the restart of a reload) gives requests in flight this long to finish.
constexpr std::chrono::milliseconds stopGrace{2000};
} // namespace

GatewaySession::GatewaySession(GatewayController &controller, QObject *parent)
    : QObject(parent)
    , m_controller(controller) {
    connect(&m_controller, &GatewayController::started, this,
            [this](const QString &listenUrl, const QString &adminUrl) {
                m_listenUrl = listenUrl;
                m_adminUrl = adminUrl;
                setState(State::Running);
            });
    connect(&m_controller, &GatewayController::startFailed, this, [this](const QString &message) {
        setState(State::Stopped);
        Q_EMIT startFailed(message);
    });
    connect(&m_controller, &GatewayController::stopped, this, [this] {
        m_listenUrl.clear();
        m_adminUrl.clear();
        setState(State::Stopped);
        if (std::exchange(m_startWhenStopped, false))
            start();
    });
    // Live reloads: Ctrl+R, and the controller's watcher when the file changes on disk.
    connect(&m_controller, &GatewayController::reloaded, this, [this](const QString &message) {
        // Keep the config that start() runs equal to the one now serving.
        if (ConfigLoadResult result = loadConfigFile(m_configPath); result.ok())
            adoptConfig(std::move(*result.config), m_configPath);
        Q_EMIT reloaded(message);
    });
    connect(
        &m_controller, &GatewayController::reloadFailed, this,
        [this](const QList<ConfigError> &errors) { Q_EMIT configFailed(m_configPath, errors); });
}

void GatewaySession::setOverrides(const ConfigOverrides &overrides) {
    m_overrides = overrides;
    if (m_config)
        m_overrides.applyTo(*m_config);
}

bool GatewaySession::loadConfig(const QString &path) {
    ConfigLoadResult result = loadConfigFile(path);
    if (!result.ok()) {
        qCInfo(lcSession) << "config" << path << "has" << result.errors.size() << "error(s)";
        Q_EMIT configFailed(path, result.errors);
        return false;
    }
    adoptConfig(std::move(*result.config), path);
    Q_EMIT configLoaded(path);
    return true;
}

void GatewaySession::adoptConfig(GatewayConfig config, const QString &path) {
    m_config = std::move(config);
    m_overrides.applyTo(*m_config);
    m_configPath = path;
}

void GatewaySession::reload() {
    if (m_configPath.isEmpty())
        return;
    if (m_state != State::Running) {
        loadConfig(m_configPath);
        return;
    }
    if (m_configPath.startsWith(QLatin1Char(':'))) {
        // A Qt resource: the bundled demo config or a scenario.
        Q_EMIT reloadUnavailable(
            tr("%1 is built into the program, so there is no file on disk to reload. Open a "
               "config file (Ctrl+O) to run a config you can edit and reload.")
                .arg(m_configPath));
        return;
    }
    m_controller.reloadConfigFile();
}

void GatewaySession::restart() {
    if (m_state != State::Running)
        return;
    m_startWhenStopped = true;
    stop();
}

void GatewaySession::start() {
    if (m_state != State::Stopped || !m_config)
        return;
    setState(State::Starting);
    m_controller.start(*m_config);
}

void GatewaySession::stop() {
    if (m_state != State::Running)
        return;
    setState(State::Stopping);
    m_controller.stop(stopGrace);
}

void GatewaySession::setState(State state) {
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}
