#include "model/capturedmessage.h"

std::optional<QByteArray> CapturedHead::value(QByteArrayView name) const {
    for (const CapturedHeader &header : headers) {
        if (header.name.compare(name, Qt::CaseInsensitive) == 0)
            return header.value;
    }
    return std::nullopt;
}

QList<QByteArray> CapturedHead::values(QByteArrayView name) const {
    QList<QByteArray> found;
    for (const CapturedHeader &header : headers) {
        if (header.name.compare(name, Qt::CaseInsensitive) == 0)
            found.append(header.value);
    }
    return found;
}

ContentCoding CapturedHead::contentCoding() const {
    const QList<QByteArray> codings = values("Content-Encoding");
    if (codings.isEmpty())
        return ContentCoding::Identity;
    // Several codings (in one field or in several) would have to be undone in reverse order;
    // servers do not send them in practice, so they are shown as they came.
    if (codings.size() > 1 || codings.first().contains(','))
        return ContentCoding::Other;
    const QByteArray coding = codings.first().trimmed().toLower();
    if (coding.isEmpty() || coding == "identity")
        return ContentCoding::Identity;
    if (coding == "gzip" || coding == "x-gzip")
        return ContentCoding::Gzip;
    if (coding == "deflate")
        return ContentCoding::Deflate;
    return ContentCoding::Other;
}

QByteArray CapturedHead::versionText() const {
    return "HTTP/" + QByteArray::number(versionMajor) + '.' + QByteArray::number(versionMinor);
}

void CapturedBody::append(QByteArrayView piece, qint64 limit) {
    wholeSize += piece.size();
    const qint64 room = limit - bytes.size();
    if (room > 0)
        bytes.append(piece.first(qMin<qint64>(room, piece.size())));
}

CapturedBody CapturedBody::fromBytes(const QByteArray &bytes, qint64 limit) {
    CapturedBody body;
    body.wholeSize = bytes.size();
    body.bytes = bytes.size() <= limit ? bytes : bytes.first(qMax<qint64>(limit, 0));
    return body;
}
