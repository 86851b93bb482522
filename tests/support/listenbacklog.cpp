#include "listenbacklog.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>

std::optional<int> kernelListenBacklog(quint16 port) {
    if (QStandardPaths::findExecutable(QStringLiteral("ss")).isEmpty())
        return std::nullopt;
    QProcess ss;
    ss.start(QStringLiteral("ss"),
             {QStringLiteral("-ltnH"), QStringLiteral("sport = :%1").arg(port)});
    if (!ss.waitForFinished(10000) || ss.exitCode() != 0)
        return std::nullopt;
    // "LISTEN 0 511 127.0.0.1:41234 0.0.0.0:*"
    for (const QByteArray &line : ss.readAllStandardOutput().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        bool ok = false;
        const int backlog = fields.size() >= 3 ? fields[2].toInt(&ok) : 0;
        if (ok)
            return backlog;
    }
    return std::nullopt;
}

int kernelMaxListenBacklog() {
    QFile file(QStringLiteral("/proc/sys/net/core/somaxconn"));
    bool ok = false;
    const int value = file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().toInt(&ok) : 0;
    return ok ? value : 4096;
}
