#include "details/attemptsformat.h"

#include <QCoreApplication>

QString formatAttempts(const QList<AttemptRecord> &attempts) {
    if (attempts.size() == 1 && attempts.first().error.isEmpty())
        return {};
    QStringList parts;
    parts.reserve(attempts.size());
    for (qsizetype i = 0; i < attempts.size(); ++i) {
        const AttemptRecord &attempt = attempts[i];
        QString result;
        if (!attempt.error.isEmpty())
            result = QString::fromUtf8(attempt.error);
        else if (attempt.status != 0)
            result = QString::number(attempt.status);
        else
            result = QCoreApplication::translate("RequestLogModel", "no response");
        parts.append(QCoreApplication::translate("RequestLogModel", "attempt %1 → #%2 %3")
                         .arg(i + 1)
                         .arg(attempt.backendIndex + 1)
                         .arg(result));
    }
    return parts.join(QStringLiteral("; "));
}
