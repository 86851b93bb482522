#include "bodypattern.h"

#include "recordedbody.h"

#include <QHash>

namespace BodyPattern {

QByteArray bytes(qint64 offset, qsizetype length) {
    QByteArray data(length, Qt::Uninitialized);
    char *out = data.data(); // not operator[]: it checks for sharing on every byte
    for (qsizetype i = 0; i < length; ++i) {
        const quint64 position = quint64(offset + i);
        out[i] = char(((position * 2654435761ULL) >> 13) ^ (position >> 20));
    }
    return data;
}

quint64 checksum(qint64 totalBytes) {
    // Tests ask for the same few sizes again and again (one per _data row).
    static QHash<qint64, quint64> known;
    if (const auto found = known.constFind(totalBytes); found != known.cend())
        return *found;
    constexpr qsizetype piece = 64 * 1024;
    RecordedBody body;
    for (qint64 offset = 0; offset < totalBytes; offset += piece)
        body.append(bytes(offset, qsizetype(qMin<qint64>(piece, totalBytes - offset))));
    known.insert(totalBytes, body.checksum());
    return body.checksum();
}

} // namespace BodyPattern
