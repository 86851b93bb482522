#include "model/capturedmessage.h"

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
