#pragma once

#include "eventwait.h"
#include "export/configexport.h"

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// nginx or HAProxy over a config exported for it (core/export), run as the current user with
// every file it writes (pid, logs, temporary files, the runtime API's socket) in a temporary
// directory of its own: nginx with that directory as its prefix (-p), HAProxy started in it.
class EngineProcess final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineProcess)

public:
    explicit EngineProcess(ExportFormat engine, QObject *parent = nullptr);
    // Stops the engine (SIGTERM) and waits for it.
    ~EngineProcess() override;

    // The engine's own check of config (nginx -t, haproxy -c): empty when it passes, else what
    // the engine said.
    QString check(const QByteArray &config);
    // Starts the engine on config in the foreground; false when it cannot be started.
    bool start(const QByteArray &config);
    // Running, and port (where its config listens) accepts connections: for QTRY_VERIFY.
    bool isListening(quint16 port) const;
    // What the engine printed so far (its errors), and why it stopped if it did.
    QString output();

private:
    QString writeConfig(const QByteArray &config);
    QStringList arguments(const QString &configPath, bool checkOnly) const;

    ExportFormat m_engine;
    QTemporaryDir m_directory;
    QProcess m_process;
    QString m_output;
};
