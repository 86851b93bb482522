#include "details/attemptsformat.h"

#include <QCoreApplication>

QString formatAttempts(std::span<const AttemptRecord> attempts) {
    if (attempts.size() == 1 && attempts.front().error.isEmpty())
        return {};
    QStringList parts;
    parts.reserve(qsizetype(attempts.size()));
    int number = 0;
    for (const AttemptRecord &attempt : attempts) {
        ++number;
        QString result;
        if (!attempt.error.isEmpty())
            result = QString::fromUtf8(attempt.error);
        else if (attempt.status != 0)
            result = QString::number(attempt.status);
        else
            result = QCoreApplication::translate("RequestLogModel", "no response");
        parts.append(QCoreApplication::translate("RequestLogModel", "attempt %1 → #%2 %3")
                         .arg(number)
                         .arg(attempt.backendIndex + 1)
                         .arg(result));
    }
    return parts.join(QStringLiteral("; "));
}
