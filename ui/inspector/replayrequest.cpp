#include "inspector/replayrequest.h"

namespace {
bool isReplacedField(QByteArrayView name) {
    for (const char *replaced : {"content-length", "transfer-encoding", "expect", "connection",
                                 "keep-alive", "x-gateway-replay-of"}) {
        if (name.compare(replaced, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}
} // namespace

QByteArray replayRequestBytes(const CapturedHead &head, const QByteArray &body,
                              std::optional<quint64> linkTo) {
    const bool hadBody = !body.isEmpty() || head.value("Content-Length").has_value() ||
                         head.value("Transfer-Encoding").has_value();
    QByteArray bytes = head.method().toByteArray();
    bytes += ' ';
    bytes += head.target();
    bytes += ' ';
    bytes += head.versionText();
    bytes += "\r\n";
    for (const CapturedHead::Field field : head.fields()) {
        if (isReplacedField(field.name))
            continue;
        bytes += field.name;
        bytes += ": ";
        bytes += field.value;
        bytes += "\r\n";
    }
    if (hadBody)
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    bytes += "Connection: close\r\n";
    if (linkTo)
        bytes += replayOfHeader.toByteArray() + ": " + QByteArray::number(*linkTo) + "\r\n";
    bytes += "\r\n";
    bytes += body;
    return bytes;
}

std::optional<quint64> replayOriginOf(const CapturedHead &head) {
    const std::optional<QByteArrayView> value = head.value(replayOfHeader);
    if (!value)
        return std::nullopt;
    bool ok = false;
    const quint64 id = value->trimmed().toULongLong(&ok);
    return ok ? std::optional<quint64>(id) : std::nullopt;
}
