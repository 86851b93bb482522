#include "recordedmessage.h"

#include "http/headerrules.h"

RecordedMessage RecordedMessage::fromHead(const HttpMessageHead &head) {
    RecordedMessage message;
    message.method = head.method().toByteArray();
    message.target = head.target().toByteArray();
    if (const std::optional<QByteArrayView> authority = head.authority())
        message.authority = authority->toByteArray();
    message.status = head.statusCode();
    message.reason = head.reasonPhrase().toByteArray();
    message.versionMinor = head.versionMinor();
    message.headers.reserve(head.headerCount());
    for (qsizetype i = 0; i < head.headerCount(); ++i)
        message.headers.append(
            {head.headerName(i).toByteArray(), head.headerValue(i).toByteArray()});
    message.framing = head.framing();
    message.contentLength = head.contentLength();
    message.upgrade = head.isUpgrade();
    return message;
}

QList<QByteArray> RecordedMessage::values(QByteArrayView name) const {
    QList<QByteArray> found;
    for (const RecordedHeader &header : headers) {
        if (equalsIgnoringCase(header.name, name))
            found.append(header.value);
    }
    return found;
}

QByteArray describeHeaders(const QList<RecordedHeader> &headers) {
    QByteArray text;
    for (const RecordedHeader &header : headers)
        text += "  [" + header.name + "]: [" + header.value + "]\n";
    return text;
}

QByteArray RecordedMessage::describe() const {
    static const char *const framingNames[] = {"none", "content-length", "chunked", "until-close"};
    QByteArray text;
    text += "method [" + method + "] target [" + target + "] status " + QByteArray::number(status) +
            " reason [" + reason + "]\n";
    text += describeHeaders(headers);
    text += "framing " + QByteArray(framingNames[int(framing)]) + " content-length " +
            QByteArray::number(contentLength) + " upgrade " + QByteArray::number(upgrade) +
            " complete " + QByteArray::number(complete) + "\n";
    text += "body (" + QByteArray::number(body.size()) + " bytes) [" + body.toHex(' ') + "]\n";
    return text;
}
