#include "inspect/harexport.h"

#include "inspect/contentcoding.h"
#include "inspect/rawhttp.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <QUtf8StringView>

namespace {

// A response decoded for HAR stops here: far more than any body the capture keeps by default,
// and a bound on what a compressed body may inflate to (contentcoding.h).
constexpr qint64 maxDecodedSize = 64 * 1024 * 1024;

QString text(QByteArrayView bytes) {
    return QString::fromUtf8(bytes);
}

bool isUtf8Text(QByteArrayView bytes) {
    return QUtf8StringView(bytes).isValidUtf8() && !bytes.contains('\0');
}

double milliseconds(qint64 microseconds) {
    return double(microseconds) / 1000.0;
}

QJsonArray headersJson(const CapturedHead &head, const HeaderMask &mask) {
    QJsonArray headers;
    for (const CapturedHead::Field field : head.fields()) {
        headers.append(QJsonObject{{"name", text(field.name)},
                                   {"value", text(mask.shown(field.name, field.value))}});
    }
    return headers;
}

// Cookie: "a=1; b=2" → [{a, 1}, {b, 2}]; Set-Cookie: "a=1; Path=/" → [{a, 1}]. The attributes
// of Set-Cookie stay in the header; HAR's cookie fields for them are optional.
QJsonArray cookiesJson(const CapturedHead &head, QByteArrayView field, const HeaderMask &mask) {
    QJsonArray cookies;
    const bool masked = !mask.includesSecrets() && mask.masks(field);
    for (const QByteArrayView value : head.values(field)) {
        const QList<QByteArray> pairs = field.compare("Cookie", Qt::CaseInsensitive) == 0
                                            ? value.toByteArray().split(';')
                                            : QList{value.toByteArray().split(';').first()};
        for (const QByteArray &pair : pairs) {
            const qsizetype equals = pair.indexOf('=');
            if (equals <= 0)
                continue;
            cookies.append(
                QJsonObject{{"name", text(pair.first(equals).trimmed())},
                            {"value", masked ? text(HeaderMask::maskedValue)
                                             : text(pair.sliced(equals + 1).trimmed())}});
        }
    }
    return cookies;
}

QJsonArray queryJson(QByteArrayView target) {
    QJsonArray items;
    const qsizetype question = target.indexOf('?');
    if (question < 0)
        return items;
    const QUrlQuery query(text(target.sliced(question + 1)));
    for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded))
        items.append(QJsonObject{{"name", name}, {"value", value}});
    return items;
}

QByteArray urlOf(const CapturedHead &head, const QByteArray &gatewayOrigin) {
    const QByteArray target = head.target().toByteArray();
    if (!target.startsWith('/'))
        return target; // absolute form already
    if (const std::optional<QByteArrayView> host = head.value("Host"))
        return "http://" + host->toByteArray() + target;
    return gatewayOrigin + target;
}

qint64 headSize(const CapturedHead &head, const HeaderMask &mask) {
    return rawHttp(head, {}, mask).size();
}

// The body's bytes as HAR text: UTF-8 as it is, anything else as base64. Sets _truncated,
// _size and _evicted when the capture kept less than the whole body.
void putBody(QJsonObject &object, const QByteArray &bytes, const CapturedBody &body,
             const char *encodingKey) {
    if (isUtf8Text(bytes)) {
        object["text"] = text(bytes);
    } else {
        object["text"] = QString::fromLatin1(bytes.toBase64());
        object[QLatin1String(encodingKey)] = "base64";
    }
    if (body.isTruncated()) {
        object["_truncated"] = true;
        object["_size"] = body.wholeSize;
    }
    if (body.evicted)
        object["_evicted"] = true;
}

QJsonObject requestJson(const CapturedExchange &exchange, const HarExportOptions &options) {
    const CapturedHead &head = exchange.requestReceived();
    const CapturedBody &body = exchange.requestBody();
    QJsonObject request{
        {"method", text(head.method())},
        {"url", text(urlOf(head, options.gatewayOrigin))},
        {"httpVersion", text(head.versionText())},
        {"cookies", cookiesJson(head, "Cookie", options.mask)},
        {"headers", headersJson(head, options.mask)},
        {"queryString", queryJson(head.target())},
        {"headersSize", headSize(head, options.mask)},
        {"bodySize", body.wholeSize},
    };
    if (body.wholeSize > 0) {
        QJsonObject postData{{"mimeType", text(head.value("Content-Type").value_or(""))}};
        putBody(postData, body.bytes, body, "_encoding");
        request["postData"] = postData;
    }
    return request;
}

QJsonObject contentJson(const CapturedHead &head, const CapturedBody &body) {
    QJsonObject content{{"mimeType", text(head.value("Content-Type").value_or(""))}};
    const ContentCoding coding = head.contentCoding();
    if (body.isComplete() && coding != ContentCoding::Identity) {
        const DecodedContent decoded = decodeContent(body.bytes, coding, maxDecodedSize);
        if (decoded.status == DecodedContent::Status::Decoded) {
            content["size"] = decoded.bytes.size();
            content["compression"] = decoded.bytes.size() - body.bytes.size();
            putBody(content, decoded.bytes, body, "encoding");
            return content;
        }
    }
    // Identity, or a coded body that was cut or would not decode: the bytes as captured.
    content["size"] = body.wholeSize;
    putBody(content, body.bytes, body, "encoding");
    if (coding != ContentCoding::Identity)
        content["_contentEncoded"] = true;
    return content;
}

QJsonObject responseJson(const CapturedExchange &exchange, const HeaderMask &mask) {
    const CapturedHead &head = exchange.responseSent();
    const CapturedBody &body = exchange.responseBody();
    return QJsonObject{
        {"status", head.isPresent() ? head.status() : exchange.record().status},
        {"statusText", text(head.reason())},
        {"httpVersion", text(head.versionText())},
        {"cookies", cookiesJson(head, "Set-Cookie", mask)},
        {"headers", headersJson(head, mask)},
        {"content", contentJson(head, body)},
        {"redirectURL", text(head.value("Location").value_or(""))},
        {"headersSize", head.isPresent() ? headSize(head, mask) : -1},
        {"bodySize", body.wholeSize},
    };
}

// HAR's phases from the two times the record has: the wait is up to the first response byte,
// the receive the rest. Nothing is known of sending, so send is 0.
QJsonObject timingsJson(const RequestRecord &record) {
    const qint64 wait = record.timeToFirstByteUs >= 0 ? record.timeToFirstByteUs : record.totalUs;
    return QJsonObject{{"send", 0},
                       {"wait", milliseconds(wait)},
                       {"receive", milliseconds(record.totalUs - wait)}};
}

QJsonObject upstreamRequestJson(const CapturedHead &head, const HeaderMask &mask) {
    return QJsonObject{{"method", text(head.method())},
                       {"target", text(head.target())},
                       {"httpVersion", text(head.versionText())},
                       {"headers", headersJson(head, mask)}};
}

QJsonObject upstreamResponseJson(const CapturedHead &head, const HeaderMask &mask) {
    return QJsonObject{{"status", head.status()},
                       {"statusText", text(head.reason())},
                       {"httpVersion", text(head.versionText())},
                       {"headers", headersJson(head, mask)}};
}

QJsonArray attemptsJson(const RequestRecord &record) {
    QJsonArray attempts;
    for (const AttemptRecord &attempt : record.attempts) {
        attempts.append(QJsonObject{{"instance", attempt.backendName},
                                    {"instanceId", QString::number(attempt.backendId)},
                                    {"index", attempt.backendIndex},
                                    {"status", attempt.status},
                                    {"error", text(attempt.error)},
                                    {"instanceFault", attempt.instanceFault}});
    }
    return attempts;
}

QJsonObject entryJson(const CapturedExchange &exchange, const HarExportOptions &options) {
    const RequestRecord &record = exchange.record();
    QJsonObject entry{
        {"startedDateTime",
         QDateTime::fromMSecsSinceEpoch(record.startedAtMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {"time", milliseconds(record.totalUs)},
        {"request", requestJson(exchange, options)},
        {"response", responseJson(exchange, options.mask)},
        {"cache", QJsonObject()},
        {"timings", timingsJson(record)},
        // Ids go as strings: a JSON number is a double, exact only up to 2^53.
        {"_id", QString::number(record.id)},
        {"_client", text(record.clientAddress)},
        {"_route", record.routeId},
        {"_outcome", text(outcomeName(record.outcome))},
        {"_reason", text(formatReason(record))},
        {"_attempts", attemptsJson(record)},
        {"_timing",
         QJsonObject{{"totalUs", record.totalUs}, {"timeToFirstByteUs", record.timeToFirstByteUs}}},
        {"_bytes", QJsonObject{{"in", record.bytesIn}, {"out", record.bytesOut}}},
    };
    if (record.backendId != 0) {
        entry["_instance"] = QJsonObject{{"id", QString::number(record.backendId)},
                                         {"index", record.backendIndex},
                                         {"name", record.backendName},
                                         {"url", text(record.backendUrl)}};
    }
    if (exchange.requestSent().isPresent())
        entry["_upstreamRequest"] = upstreamRequestJson(exchange.requestSent(), options.mask);
    if (exchange.responseReceived().isPresent())
        entry["_upstreamResponse"] =
            upstreamResponseJson(exchange.responseReceived(), options.mask);
    return entry;
}

} // namespace

QByteArray harDocument(const QList<CapturedExchange> &exchanges, const HarExportOptions &options) {
    QJsonArray entries;
    for (const CapturedExchange &exchange : exchanges)
        entries.append(entryJson(exchange, options));
    const QJsonObject log{
        {"version", "1.2"},
        {"creator", QJsonObject{{"name", "Gateway Console"}, {"version", options.creatorVersion}}},
        {"pages", QJsonArray()},
        {"entries", entries},
        {"_secretsIncluded", options.mask.includesSecrets()},
    };
    return QJsonDocument(QJsonObject{{"log", log}}).toJson(QJsonDocument::Indented);
}
