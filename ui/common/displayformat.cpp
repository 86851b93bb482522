#include "common/displayformat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

QString formatDuration(qint64 micros) {
    if (micros < 0)
        return QStringLiteral("–");
    if (micros < 1000)
        return QStringLiteral("%1 µs").arg(micros);
    if (micros < 1000 * 1000) {
        const double ms = micros / 1000.0;
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', ms < 100 ? 2 : 1);
    }
    return QStringLiteral("%1 s").arg(micros / 1e6, 0, 'f', 2);
}

QString recordDurationText(const RequestRecord &record, qint64 micros) {
    if (record.source != RecordSource::HaproxyLog || micros < 0 || micros >= 1000 * 1000)
        return formatDuration(micros);
    if (micros < 1000)
        return QStringLiteral("< 1 ms");
    return QStringLiteral("%1 ms").arg(micros / 1000);
}

QString formatBytes(qint64 bytes) {
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(bytes / 1024.0, 0, 'f', 1);
    if (bytes < qint64(1024) * 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(bytes / (1024.0 * 1024.0), 0, 'f', 1);
    return QStringLiteral("%1 GiB").arg(bytes / (1024.0 * 1024.0 * 1024.0), 0, 'f', 2);
}

QString formatCount(quint64 count) {
    return QLocale().toString(count);
}

QString formatUptime(qint64 seconds) {
    const qint64 minutes = seconds / 60;
    const qint64 hours = minutes / 60;
    const qint64 days = hours / 24;
    if (days > 0)
        return QCoreApplication::translate("DisplayFormat", "%1 d %2 h", "uptime")
            .arg(days)
            .arg(hours % 24, 2, 10, QLatin1Char('0'));
    if (hours > 0)
        return QCoreApplication::translate("DisplayFormat", "%1 h %2 min", "uptime")
            .arg(hours)
            .arg(minutes % 60, 2, 10, QLatin1Char('0'));
    if (minutes > 0)
        return QCoreApplication::translate("DisplayFormat", "%1 min %2 s", "uptime")
            .arg(minutes)
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QCoreApplication::translate("DisplayFormat", "%1 s", "uptime").arg(seconds);
}

QString formatStatus(const RequestRecord &record) {
    const QString outcome = QString::fromLatin1(outcomeName(record.outcome));
    if (record.status == 0)
        return outcome;
    if (isResponseCut(record))
        return QStringLiteral("%1 \u2702 %2").arg(record.status).arg(outcome);
    return QString::number(record.status);
}

QString upstreamTargetText(const RequestRecord &record) {
    if (!record.upstreamTarget().isEmpty())
        return QString::fromUtf8(record.upstreamTarget());
    if (record.source == RecordSource::HaproxyLog && !record.backendName.isEmpty())
        return notInHaproxyLogText();
    return QCoreApplication::translate("DisplayFormat", "(not sent)", "path sent upstream");
}

QString notInHaproxyLogText() {
    return QCoreApplication::translate("DisplayFormat", "(not in HAProxy's log)");
}

QString resultText(RequestResult result) {
    switch (result) {
    case RequestResult::Succeeded:
        return QCoreApplication::translate("DisplayFormat", "succeeded", "request result");
    case RequestResult::Upgraded:
        return QCoreApplication::translate("DisplayFormat", "upgraded", "request result");
    case RequestResult::ClientError:
        return QCoreApplication::translate("DisplayFormat", "client error", "request result");
    case RequestResult::Failed:
        return QCoreApplication::translate("DisplayFormat", "failed request", "request result");
    }
    Q_UNREACHABLE();
}

QString adminStateText(AdminState state) {
    switch (state) {
    case AdminState::Enabled:
        return QCoreApplication::translate("DisplayFormat", "enabled", "instance admin state");
    case AdminState::Draining:
        return QCoreApplication::translate("DisplayFormat", "draining", "instance admin state");
    case AdminState::Disabled:
        return QCoreApplication::translate("DisplayFormat", "disabled", "instance admin state");
    }
    Q_UNREACHABLE();
}

QString healthText(Health health) {
    switch (health) {
    case Health::Unknown:
        return QCoreApplication::translate("DisplayFormat", "unknown", "instance health");
    case Health::Up:
        return QCoreApplication::translate("DisplayFormat", "up", "instance health");
    case Health::Down:
        return QCoreApplication::translate("DisplayFormat", "down", "instance health");
    }
    Q_UNREACHABLE();
}

QString formatTimeOfDay(qint64 msecsSinceEpoch) {
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch).toString(QStringLiteral("HH:mm:ss.zzz"));
}
