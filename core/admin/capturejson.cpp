#include "admin/capturejson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonValue>
#include <QStringDecoder>

namespace {

QJsonValue headToJson(const CapturedHead &head, const HeaderMask &mask) {
    if (!head.isPresent())
        return QJsonValue::Null;
    QJsonObject object;
    if (head.status() == 0) {
        object.insert(QLatin1String("method"), QString::fromLatin1(head.method()));
        object.insert(QLatin1String("target"), QString::fromUtf8(head.target()));
    } else {
        object.insert(QLatin1String("status"), head.status());
        object.insert(QLatin1String("reason"), QString::fromLatin1(head.reason()));
    }
    object.insert(QLatin1String("version"), QString::fromLatin1(head.versionText()));
    QJsonArray headers;
    for (const CapturedHead::Field field : head.fields()) {
        headers.append(QJsonObject{
            {QLatin1String("name"), QString::fromLatin1(field.name)},
            {QLatin1String("value"), QString::fromLatin1(mask.shown(field.name, field.value))}});
    }
    object.insert(QLatin1String("headers"), headers);
    return object;
}

// Bytes as a JSON string when they are UTF-8, otherwise base64 (which JSON strings cannot carry
// as they are). The content coding is kept: a gzip body is binary here.
void insertBytes(QJsonObject &object, const QByteArray &bytes) {
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(bytes);
    if (!decoder.hasError()) {
        object.insert(QLatin1String("encoding"), QLatin1String("utf-8"));
        object.insert(QLatin1String("data"), text);
    } else {
        object.insert(QLatin1String("encoding"), QLatin1String("base64"));
        object.insert(QLatin1String("data"), QString::fromLatin1(bytes.toBase64()));
    }
}

QJsonObject bodyToJson(const CapturedBody &body, CapturedBodies bodies) {
    QJsonObject object{
        {QLatin1String("size"), body.wholeSize},
        {QLatin1String("captured"), qint64(body.bytes.size())},
        {QLatin1String("truncated"), body.isTruncated() && !body.evicted},
        {QLatin1String("evicted"), body.evicted},
    };
    if (bodies == CapturedBodies::Included)
        insertBytes(object, body.bytes);
    return object;
}

} // namespace

QJsonObject capturedExchangeToJson(const CapturedExchange &exchange, const HeaderMask &mask,
                                   CapturedBodies bodies) {
    const RequestRecord &record = exchange.record();
    QJsonValue instance = QJsonValue::Null;
    if (record.backendIndex >= 0)
        instance = QJsonObject{{QLatin1String("index"), record.backendIndex},
                               {QLatin1String("name"), record.backendName},
                               {QLatin1String("url"), QString::fromUtf8(record.backendUrl)}};
    return QJsonObject{
        {QLatin1String("id"), qint64(record.id)},
        {QLatin1String("started_at"),
         QDateTime::fromMSecsSinceEpoch(record.startedAtMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QLatin1String("client"), QString::fromLatin1(record.clientAddress)},
        {QLatin1String("method"), QString::fromLatin1(record.method)},
        {QLatin1String("target"), QString::fromUtf8(record.target)},
        {QLatin1String("route"),
         record.routeId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(record.routeId)},
        {QLatin1String("instance"), instance},
        {QLatin1String("status"), record.status},
        {QLatin1String("outcome"), QString::fromLatin1(outcomeName(record.outcome))},
        {QLatin1String("reason"), QString::fromUtf8(formatReason(record))},
        {QLatin1String("total_us"), record.totalUs},
        {QLatin1String("request"),
         QJsonObject{{QLatin1String("received"), headToJson(exchange.requestReceived(), mask)},
                     {QLatin1String("sent"), headToJson(exchange.requestSent(), mask)},
                     {QLatin1String("body"), bodyToJson(exchange.requestBody(), bodies)}}},
        {QLatin1String("response"),
         QJsonObject{{QLatin1String("received"), headToJson(exchange.responseReceived(), mask)},
                     {QLatin1String("sent"), headToJson(exchange.responseSent(), mask)},
                     {QLatin1String("body"), bodyToJson(exchange.responseBody(), bodies)}}},
    };
}
