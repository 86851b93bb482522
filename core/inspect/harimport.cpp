#include "inspect/harimport.h"

#include "inspect/contentcoding.h"
#include "model/capturedheadbuilder.h"

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

// "HTTP/1.0" → 0, the minor version; anything else (HTTP/2, "h3", "") as HTTP/1.1.
int minorVersionOf(const QJsonValue &value) {
    const QByteArray version = bytes(value).toUpper();
    if (version.startsWith("HTTP/1.") && version.size() == 8 && version[7] >= '0' &&
        version[7] <= '9') {
        return version[7] - '0';
    }
    return 1;
}

// The fields of a head whose start line the builder has.
bool readHeaders(const QJsonValue &value, CapturedHeadBuilder &head, const QString &where,
                 Reader &reader) {
    if (!value.isArray())
        return reader.fail(where + QStringLiteral(".headers: expected an array"));
    for (const QJsonValue &header : value.toArray()) {
        const QJsonObject field = header.toObject();
        if (!field.value("name").isString() || !field.value("value").isString())
            return reader.fail(where + QStringLiteral(".headers: expected {name, value} strings"));
        head.field(bytes(field.value("name")), bytes(field.value("value")));
    }
    return true;
}

// A request head from HAR's {method, target or url, httpVersion, headers}.
bool readRequestHead(const QJsonObject &object, const QByteArray &target, CapturedHead &head,
                     const QString &where, Reader &reader) {
    CapturedHeadBuilder builder;
    builder.requestLine(bytes(object.value("method")), target, 1,
                        minorVersionOf(object.value("httpVersion")));
    const bool read = readHeaders(object.value("headers"), builder, where, reader);
    head = builder.build();
    return read;
}

// A response head from HAR's {status, statusText, httpVersion, headers}.
bool readResponseHead(const QJsonObject &object, CapturedHead &head, const QString &where,
                      Reader &reader) {
    CapturedHeadBuilder builder;
    builder.statusLine(object.value("status").toInt(), bytes(object.value("statusText")), 1,
                       minorVersionOf(object.value("httpVersion")));
    const bool read = readHeaders(object.value("headers"), builder, where, reader);
    head = builder.build();
    return read;
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
    if (!readRequestHead(request, targetOf(bytes(request.value("url"))), parts.requestReceived,
                         where, reader)) {
        return false;
    }
    if (request.value("postData").isObject())
        parts.requestBody = bodyOf(request.value("postData").toObject(), "_encoding");
    return true;
}

bool readResponse(const QJsonObject &response, CapturedExchangeParts &parts, const QString &where,
                  Reader &reader) {
    if (!response.value("status").isDouble())
        return reader.fail(where + QStringLiteral(".status: expected a number"));
    if (!readResponseHead(response, parts.responseSent, where, reader))
        return false;
    const CapturedHead &head = parts.responseSent;
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
        readRequestHead(sent, bytes(sent.value("target")), parts.requestSent, where, reader);
        record.setUpstreamTarget(parts.requestSent.target().toByteArray());
    }
    if (const QJsonObject got = entry.value("_upstreamResponse").toObject(); !got.isEmpty()) {
        readResponseHead(got, parts.responseReceived, QStringLiteral("_upstreamResponse"), reader);
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
    record.method = parts.requestReceived.method().toByteArray();
    record.target = parts.requestReceived.target().toByteArray();
    record.status = parts.responseSent.status();
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
