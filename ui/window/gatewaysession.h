#pragma once

#include "config/configloader.h"
#include "config/gatewayconfig.h"

#include <QObject>
#include <optional>

class GatewayController;

// The window's side of running the gateway: which config file is loaded, whether the gateway is
// starting, running or stopping, and what to do on Start, Stop and Reload. Talks to the gateway
// only through GatewayController and learns its state only from the controller's signals.
class GatewaySession final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewaySession)

public:
    enum class State { Stopped, Starting, Running, Stopping };

    explicit GatewaySession(GatewayController &controller, QObject *parent = nullptr);

    // Command-line --listen/--admin: replace the config's addresses in every config loaded.
    void setOverrides(const ConfigOverrides &overrides);

    // Reads and validates path. Valid: it becomes the config that start() uses (a running
    // gateway keeps serving the old one until restarted) and configLoaded() is emitted.
    // Invalid: configFailed() lists the errors and the previous config stays.
    bool loadConfig(const QString &path);
    // Reads the current file again. While running, applies it live through
    // GatewayController::reloadConfigFile(): instances that stay keep their admin state and
    // counters, the listener stays; the answer is reloaded() or configFailed(), and a file with
    // errors leaves the running config untouched. Stopped: loadConfig(), for the next start().
    // The bundled config is a Qt resource with no file to edit: reloadUnavailable() says so.
    void reload();
    // Stops the gateway and starts it again with the loaded config (a different file was opened).
    void restart();
    // Does nothing unless stopped with a config loaded.
    void start();
    // Does nothing unless running.
    void stop();

    State state() const { return m_state; }
    bool hasConfig() const { return m_config.has_value(); }
    // The config start() runs (with the overrides applied), if one is loaded.
    const std::optional<GatewayConfig> &config() const { return m_config; }
    QString configPath() const { return m_configPath; }
    // The addresses the gateway actually listens on (port 0 resolved); empty unless running.
    QString listenUrl() const { return m_listenUrl; }
    QString adminUrl() const { return m_adminUrl; }

Q_SIGNALS:
    void stateChanged(GatewaySession::State state);
    void configLoaded(const QString &path);
    void configFailed(const QString &path, const QList<ConfigError> &errors);
    void startFailed(const QString &message);
    // A live reload was applied; message summarizes it ("reloaded FILE: 3 route(s)").
    void reloaded(const QString &message);
    void reloadUnavailable(const QString &message);

private:
    void setState(State state);
    void adoptConfig(GatewayConfig config, const QString &path);

    GatewayController &m_controller;
    ConfigOverrides m_overrides;
    std::optional<GatewayConfig> m_config;
    QString m_configPath;
    QString m_listenUrl;
    QString m_adminUrl;
    State m_state = State::Stopped;
    bool m_startWhenStopped = false;
};
