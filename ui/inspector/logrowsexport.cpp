#include "inspector/logrowsexport.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVariant>

namespace {
// The fields in their order; values as JSON would give them.
QList<std::pair<QString, QVariant>> fieldsOf(const RequestRecord &record) {
    auto ms = [](qint64 us) { return us < 0 ? QVariant() : QVariant(double(us) / 1000.0); };
    return {
        {QStringLiteral("id"), QString::number(record.id)},
        {QStringLiteral("time"),
         QDateTime::fromMSecsSinceEpoch(record.startedAtMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("client"), QString::fromLatin1(record.clientAddress)},
        {QStringLiteral("method"), QString::fromLatin1(record.method)},
        {QStringLiteral("path"), QString::fromUtf8(record.target)},
        {QStringLiteral("route"), record.routeId},
        {QStringLiteral("instance"), record.backendName},
        {QStringLiteral("instance_url"), QString::fromUtf8(record.backendUrl)},
        {QStringLiteral("upstream_path"), QString::fromUtf8(record.upstreamTarget())},
        {QStringLiteral("status"), record.status},
        {QStringLiteral("outcome"), QString::fromLatin1(outcomeName(record.outcome))},
        {QStringLiteral("bytes_in"), record.bytesIn},
        {QStringLiteral("bytes_out"), record.bytesOut},
        {QStringLiteral("ttfb_ms"), ms(record.timeToFirstByteUs)},
        {QStringLiteral("total_ms"), ms(record.totalUs)},
        {QStringLiteral("attempts"), int(record.attempts.size())},
        {QStringLiteral("reason"), QString::fromUtf8(formatReason(record))},
    };
}

QByteArray csvField(const QVariant &value) {
    QByteArray text = value.isNull() ? QByteArray() : value.toString().toUtf8();
    if (text.contains(',') || text.contains('"') || text.contains('\n') || text.contains('\r'))
        text = '"' + text.replace("\"", "\"\"") + '"';
    return text;
}
} // namespace

QByteArray logRowsCsv(const QList<RequestRecord> &records) {
    QByteArrayList header;
    for (const auto &field : fieldsOf(RequestRecord()))
        header << field.first.toLatin1();
    QByteArray csv = header.join(',') + "\r\n";
    for (const RequestRecord &record : records) {
        QByteArrayList line;
        for (const auto &field : fieldsOf(record))
            line << csvField(field.second);
        csv += line.join(',') + "\r\n";
    }
    return csv;
}

QByteArray logRowsJsonLines(const QList<RequestRecord> &records) {
    QByteArray lines;
    for (const RequestRecord &record : records) {
        // QJsonObject sorts its keys; the fields are written in their order instead.
        QByteArrayList members;
        for (const auto &field : fieldsOf(record)) {
            const QByteArray value =
                QJsonDocument(
                    QJsonObject{{QStringLiteral("v"), QJsonValue::fromVariant(field.second)}})
                    .toJson(QJsonDocument::Compact);
            // {"v":VALUE} → VALUE
            members << '"' + field.first.toLatin1() + "\":" + value.mid(5, value.size() - 6);
        }
        lines += '{' + members.join(',') + "}\n";
    }
    return lines;
}
