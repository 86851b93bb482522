#include "common/healthexplanation.h"

#include "common/displayformat.h"

#include "model/gatewaysnapshot.h"

#include <QCoreApplication>

namespace {
QString timeOfDay(const QDateTime &at) {
    return at.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}
} // namespace

QStringList healthExplanation(const BackendSnapshot &backend) {
    QStringList lines;
    lines << (backend.healthChangedAt.isValid()
                  ? QCoreApplication::translate("HealthExplanation", "Health: %1 since %2")
                        .arg(healthText(backend.health), timeOfDay(backend.healthChangedAt))
                  : QCoreApplication::translate("HealthExplanation", "Health: %1")
                        .arg(healthText(backend.health)));
    switch (backend.passiveState) {
    case PassiveState::Clear:
        break;
    case PassiveState::Ejected:
        lines << QCoreApplication::translate(
            "HealthExplanation",
            "Ejected by passive health after failed requests, until its fail_timeout is "
            "over.");
        break;
    case PassiveState::Probation:
        lines << QCoreApplication::translate(
            "HealthExplanation",
            "On probation: it takes one request at a time, and the next one to finish "
            "decides.");
        break;
    }
    const HealthCheckResult &check = backend.lastCheck;
    if (!check.ran) {
        lines << QCoreApplication::translate("HealthExplanation",
                                             "No active health check has run.");
    } else if (check.ok) {
        // HAProxy's statistics give the last check's result but not its time.
        lines << (check.at.isValid()
                      ? QCoreApplication::translate("HealthExplanation",
                                                    "Last check at %1: %2 in %3")
                            .arg(timeOfDay(check.at))
                            .arg(check.status)
                            .arg(formatDuration(check.durationUs))
                      : QCoreApplication::translate("HealthExplanation", "Last check: %1 in %2")
                            .arg(check.status)
                            .arg(formatDuration(check.durationUs)));
    } else {
        const QString why =
            check.error.isEmpty()
                ? QCoreApplication::translate("HealthExplanation", "status %1").arg(check.status)
                : QString::fromUtf8(check.error);
        lines << (check.at.isValid()
                      ? QCoreApplication::translate("HealthExplanation",
                                                    "Last check at %1 failed: %2")
                            .arg(timeOfDay(check.at), why)
                      : QCoreApplication::translate("HealthExplanation", "Last check failed: %1")
                            .arg(why));
    }
    return lines;
}
