#include "engineprocess.h"

#include <QFile>
#include <QTcpSocket>

EngineProcess::EngineProcess(ExportFormat engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine) {
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setWorkingDirectory(m_directory.path());
}

EngineProcess::~EngineProcess() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(defaultWaitMs))
        m_process.kill();
    m_process.waitForFinished(defaultWaitMs);
}

QString EngineProcess::writeConfig(const QByteArray &config) {
    const QString path = m_directory.filePath(exportFileName(m_engine));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(config) != config.size())
        return QString();
    return path;
}

QStringList EngineProcess::arguments(const QString &configPath, bool checkOnly) const {
    switch (m_engine) {
    case ExportFormat::Nginx: {
        // -e: Debian's nginx opens its compiled-in error log before it reads the config.
        QStringList nginx = {QStringLiteral("-p"),     m_directory.path(),   QStringLiteral("-e"),
                             QStringLiteral("stderr"), QStringLiteral("-c"), configPath};
        if (checkOnly)
            nginx.prepend(QStringLiteral("-t"));
        else
            nginx += {QStringLiteral("-g"), QStringLiteral("daemon off; master_process off;")};
        return nginx;
    }
    case ExportFormat::Haproxy:
        return {checkOnly ? QStringLiteral("-c") : QStringLiteral("-db"), QStringLiteral("-f"),
                configPath};
    }
    Q_UNREACHABLE();
}

QString EngineProcess::check(const QByteArray &config) {
    const QString path = writeConfig(config);
    if (path.isEmpty())
        return QStringLiteral("cannot write the config in %1").arg(m_directory.path());
    QProcess checker;
    checker.setProcessChannelMode(QProcess::MergedChannels);
    checker.setWorkingDirectory(m_directory.path());
    checker.start(QString::fromLatin1(exportFormatName(m_engine)), arguments(path, true));
    if (!checker.waitForFinished(defaultWaitMs))
        return QStringLiteral("did not finish: %1").arg(checker.errorString());
    if (checker.exitStatus() == QProcess::NormalExit && checker.exitCode() == 0)
        return QString();
    return QString::fromLocal8Bit(checker.readAll());
}

bool EngineProcess::start(const QByteArray &config) {
    const QString path = writeConfig(config);
    if (path.isEmpty())
        return false;
    m_process.start(QString::fromLatin1(exportFormatName(m_engine)), arguments(path, false));
    return m_process.waitForStarted(defaultWaitMs);
}

bool EngineProcess::isListening(quint16 port) const {
    if (m_process.state() != QProcess::Running)
        return false;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(defaultWaitMs);
}

QString EngineProcess::output() {
    m_output += QString::fromLocal8Bit(m_process.readAll());
    if (m_process.state() == QProcess::NotRunning)
        return m_output + QStringLiteral("(exited: %1)").arg(m_process.errorString());
    return m_output;
}
