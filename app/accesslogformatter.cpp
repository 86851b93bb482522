#include "accesslog.h"

#include "model/requestresult.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QByteArray isoTime(qint64 msecsSinceEpoch) {
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC)
        .toString(Qt::ISODateWithMs)
        .toLatin1();
}

QByteArray millis(qint64 micros) {
    return QByteArray::number(double(micros) / 1000.0, 'f', 2) + "ms";
}

QByteArray attemptsText(const RequestRecord &record) {
    QByteArray text;
    for (qsizetype i = 0; i < record.attempts.size(); ++i) {
        const AttemptRecord &attempt = record.attempts[i];
        if (!text.isEmpty())
            text += "; ";
        text += "attempt " + QByteArray::number(i + 1) + " -> #" +
                QByteArray::number(attempt.backendIndex + 1) + ' ' +
                (attempt.error.isEmpty() ? QByteArray::number(attempt.status) : attempt.error);
    }
    return text;
}

} // namespace

QByteArray formatAccessLogText(const RequestRecord &record) {
    QByteArray line = isoTime(record.startedAtMs) + ' ' + record.clientAddress + ' ' +
                      record.method + ' ' + record.target + " -> ";
    if (record.routeId.isEmpty())
        line += '-';
    else
        line += record.routeId.toUtf8();
    if (record.backendIndex >= 0)
        line +=
            " #" + QByteArray::number(record.backendIndex + 1) + ' ' + record.backendName.toUtf8();
    line += ' ' + QByteArray::number(record.status) + ' ' + millis(record.totalUs) +
            " out=" + QByteArray::number(record.bytesOut) + "B " + outcomeName(record.outcome) +
            " result=" + resultName(resultOf(record));
    if (record.attempts.size() > 1)
        line += " [" + attemptsText(record) + ']';
    if (const QByteArray reason = formatReason(record); !reason.isEmpty())
        line += " reason=\"" + reason + '"';
    return line;
}

QByteArray formatAccessLogJson(const RequestRecord &record) {
    QJsonObject object{
        {QStringLiteral("id"), qint64(record.id)},
        {QStringLiteral("time"), QString::fromLatin1(isoTime(record.startedAtMs))},
        {QStringLiteral("client"), QString::fromLatin1(record.clientAddress)},
        {QStringLiteral("method"), QString::fromLatin1(record.method)},
        {QStringLiteral("target"), QString::fromUtf8(record.target)},
        {QStringLiteral("route"), record.routeId},
        {QStringLiteral("instance_index"), record.backendIndex},
        {QStringLiteral("instance"), record.backendName},
        {QStringLiteral("instance_url"), QString::fromUtf8(record.backendUrl)},
        {QStringLiteral("upstream_target"), QString::fromUtf8(record.upstreamTarget)},
        {QStringLiteral("status"), record.status},
        {QStringLiteral("bytes_in"), record.bytesIn},
        {QStringLiteral("bytes_out"), record.bytesOut},
        {QStringLiteral("ttfb_us"), record.timeToFirstByteUs},
        {QStringLiteral("duration_us"), record.totalUs},
        {QStringLiteral("outcome"), QString::fromLatin1(outcomeName(record.outcome))},
        {QStringLiteral("result"), QString::fromLatin1(resultName(resultOf(record)))},
        {QStringLiteral("response_cut"), isResponseCut(record)},
        {QStringLiteral("reason"), QString::fromUtf8(formatReason(record))},
    };
    QJsonArray attempts;
    for (const AttemptRecord &attempt : record.attempts) {
        attempts.append(QJsonObject{{QStringLiteral("instance_index"), attempt.backendIndex},
                                    {QStringLiteral("instance"), attempt.backendName},
                                    {QStringLiteral("status"), attempt.status},
                                    {QStringLiteral("error"), QString::fromUtf8(attempt.error)}});
    }
    object.insert(QStringLiteral("attempts"), attempts);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray formatEventJson(QByteArrayView event, const QString &url) {
    const QJsonObject object{
        {QStringLiteral("event"), QString::fromLatin1(event)},
        {QStringLiteral("time"), QString::fromLatin1(isoTime(QDateTime::currentMSecsSinceEpoch()))},
        {QStringLiteral("url"), url},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}
