#include "inspect/harimport.h"

#include "inspect/contentcoding.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// Keeps the first error; a read that fails returns false and its callers stop there.
struct Reader {
    QString error;

    bool fail(const QString &message) {
        if (error.isEmpty())
            error = message;
        return false;
    }
};

QByteArray bytes(const QJsonValue &value) {
    return value.toString().toUtf8();
}

qint64 microseconds(const QJsonValue &milliseconds) {
    return qRound64(milliseconds.toDouble() * 1000.0);
}

// "HTTP/1.0" → 1, 0; anything else (HTTP/2, "h3", "") as HTTP/1.1.
void readVersion(const QJsonValue &value, CapturedHead &head) {
    const QByteArray version = bytes(value).toUpper();
    if (version.startsWith("HTTP/1.") && version.size() == 8 && version[7] >= '0' &&
        version[7] <= '9') {
        head.versionMajor = 1;
        head.versionMinor = version[7] - '0';
    }
}

bool readHeaders(const QJsonValue &value, CapturedHead &head, const QString &where,
                 Reader &reader) {
    if (!value.isArray())
        return reader.fail(where + QStringLiteral(".headers: expected an array"));
    for (const QJsonValue &header : value.toArray()) {
        const QJsonObject field = header.toObject();
        if (!field.value("name").isString() || !field.value("value").isString())
            return reader.fail(where + QStringLiteral(".headers: expected {name, value} strings"));
        head.headers.append({bytes(field.value("name")), bytes(field.value("value"))});
    }
    return true;
}

// "http://host:port/p?q" → "/p?q"; a URL without a path → "/".
QByteArray targetOf(const QByteArray &url) {
    const qsizetype scheme = url.indexOf("://");
    if (scheme < 0)
        return url;
    const qsizetype path = url.indexOf('/', scheme + 3);
    return path < 0 ? QByteArray("/") : url.sliced(path);
}

CapturedBody bodyOf(const QJsonObject &object, const char *encodingKey) {
    const QByteArray text = bytes(object.value("text"));
    CapturedBody body;
    body.bytes = object.value(QLatin1String(encodingKey)).toString() == QLatin1String("base64")
                     ? QByteArray::fromBase64(text)
                     : text;
    body.wholeSize = object.value("_truncated").toBool() ? qint64(object.value("_size").toDouble())
                                                         : body.bytes.size();
    body.evicted = object.value("_evicted").toBool();
    return body;
}

bool readRequest(const QJsonObject &request, CapturedExchangeParts &parts, const QString &where,
                 Reader &reader) {
    if (!request.value("method").isString())
        return reader.fail(where + QStringLiteral(".method: expected a string"));
    if (!request.value("url").isString())
        return reader.fail(where + QStringLiteral(".url: expected a string"));
    CapturedHead &head = parts.requestReceived;
    head.method = bytes(request.value("method"));
    head.target = targetOf(bytes(request.value("url")));
    readVersion(request.value("httpVersion"), head);
    if (!readHeaders(request.value("headers"), head, where, reader))
        return false;
    if (request.value("postData").isObject())
        parts.requestBody = bodyOf(request.value("postData").toObject(), "_encoding");
    return true;
}

bool readResponse(const QJsonObject &response, CapturedExchangeParts &parts, const QString &where,
                  Reader &reader) {
    if (!response.value("status").isDouble())
        return reader.fail(where + QStringLiteral(".status: expected a number"));
    CapturedHead &head = parts.responseSent;
    head.status = response.value("status").toInt();
    head.reason = bytes(response.value("statusText"));
    readVersion(response.value("httpVersion"), head);
    if (!readHeaders(response.value("headers"), head, where, reader))
        return false;
    const QJsonObject content = response.value("content").toObject();
    parts.responseBody = bodyOf(content, "encoding");
    const ContentCoding coding = head.contentCoding();
    if (!content.value("_contentEncoded").toBool() && !parts.responseBody.bytes.isEmpty() &&
        (coding == ContentCoding::Gzip || coding == ContentCoding::Deflate)) {
        parts.responseBody.bytes = encodeContent(parts.responseBody.bytes, coding);
        parts.responseBody.wholeSize = parts.responseBody.bytes.size();
    }
    return true;
}

// Our own fields; another tool's entries have none of them and keep the defaults.
void readGatewayFields(const QJsonObject &entry, CapturedExchangeParts &parts, Reader &reader) {
    RequestRecord &record = parts.record;
    record.clientAddress = bytes(entry.value("_client"));
    record.routeId = entry.value("_route").toString();
    record.failure = bytes(entry.value("_reason"));
    const QByteArray outcome = bytes(entry.value("_outcome"));
    for (int value = 0; value <= int(Outcome::Shutdown); ++value) {
        if (outcomeName(Outcome(value)) == outcome)
            record.outcome = Outcome(value);
    }
    const QJsonObject timing = entry.value("_timing").toObject();
    if (!timing.isEmpty()) {
        record.totalUs = qint64(timing.value("totalUs").toDouble());
        record.timeToFirstByteUs = qint64(timing.value("timeToFirstByteUs").toDouble());
    }
    const QJsonObject transferred = entry.value("_bytes").toObject();
    record.bytesIn = qint64(transferred.value("in").toDouble(double(parts.requestBody.wholeSize)));
    record.bytesOut =
        qint64(transferred.value("out").toDouble(double(parts.responseBody.wholeSize)));
    const QJsonObject instance = entry.value("_instance").toObject();
    if (!instance.isEmpty()) {
        record.backendId = instance.value("id").toString().toULongLong();
        record.backendIndex = instance.value("index").toInt(-1);
        record.backendName = instance.value("name").toString();
        record.backendUrl = bytes(instance.value("url"));
    }
    for (const QJsonValue &value : entry.value("_attempts").toArray()) {
        const QJsonObject attempt = value.toObject();
        record.attempts.append(
            {attempt.value("instanceId").toString().toULongLong(), attempt.value("index").toInt(-1),
             attempt.value("instance").toString(), attempt.value("status").toInt(),
             bytes(attempt.value("error")), attempt.value("instanceFault").toBool()});
    }
    const QString where = QStringLiteral("_upstreamRequest");
    if (const QJsonObject sent = entry.value("_upstreamRequest").toObject(); !sent.isEmpty()) {
        parts.requestSent.method = bytes(sent.value("method"));
        parts.requestSent.target = bytes(sent.value("target"));
        readVersion(sent.value("httpVersion"), parts.requestSent);
        readHeaders(sent.value("headers"), parts.requestSent, where, reader);
        record.upstreamTarget = parts.requestSent.target;
    }
    if (const QJsonObject got = entry.value("_upstreamResponse").toObject(); !got.isEmpty()) {
        parts.responseReceived.status = got.value("status").toInt();
        parts.responseReceived.reason = bytes(got.value("statusText"));
        readVersion(got.value("httpVersion"), parts.responseReceived);
        readHeaders(got.value("headers"), parts.responseReceived,
                    QStringLiteral("_upstreamResponse"), reader);
    }
}

std::optional<CapturedExchange> readEntry(const QJsonValue &value, qsizetype index,
                                          Reader &reader) {
    const QString where = QStringLiteral("entry %1").arg(index + 1);
    const QJsonObject entry = value.toObject();
    if (!entry.value("request").isObject() || !entry.value("response").isObject()) {
        reader.fail(where + QStringLiteral(": expected request and response objects"));
        return std::nullopt;
    }
    CapturedExchangeParts parts;
    if (!readRequest(entry.value("request").toObject(), parts, where + QStringLiteral(": request"),
                     reader) ||
        !readResponse(entry.value("response").toObject(), parts,
                      where + QStringLiteral(": response"), reader)) {
        return std::nullopt;
    }
    RequestRecord &record = parts.record;
    // Our ids, or the entry's place in the file for another tool's HAR.
    record.id =
        entry.contains("_id") ? entry.value("_id").toString().toULongLong() : quint64(index + 1);
    const QDateTime started =
        QDateTime::fromString(entry.value("startedDateTime").toString(), Qt::ISODateWithMs);
    record.startedAtMs = started.isValid() ? started.toMSecsSinceEpoch() : 0;
    record.totalUs = microseconds(entry.value("time"));
    record.method = parts.requestReceived.method;
    record.target = parts.requestReceived.target;
    record.status = parts.responseSent.status;
    readGatewayFields(entry, parts, reader);
    if (!reader.error.isEmpty())
        return std::nullopt;
    return CapturedExchange(std::move(parts));
}

} // namespace

HarImport importHar(QByteArrayView json) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return {{},
                QStringLiteral("not JSON: %1 at offset %2")
                    .arg(parseError.errorString())
                    .arg(parseError.offset)};
    }
    const QJsonValue entries = document.object().value("log").toObject().value("entries");
    if (!entries.isArray())
        return {{}, QStringLiteral("not a HAR file: expected log.entries, an array")};
    HarImport result;
    Reader reader;
    const QJsonArray list = entries.toArray();
    for (qsizetype index = 0; index < list.size(); ++index) {
        std::optional<CapturedExchange> exchange = readEntry(list.at(index), index, reader);
        if (!exchange)
            return {{}, reader.error};
        result.exchanges.append(*exchange);
    }
    return result;
}
