#include "model/heapbytes.h"

#include "model/bytearena.h"

qsizetype heapBytes(const QByteArray &bytes) {
    if (ByteArena::isPart(bytes))
        return ByteArena::partBytes(bytes.size());
    return bytes.capacity() > 0 ? bytes.capacity() + heapBlockOverhead : 0;
}

qsizetype heapBytes(const QString &text) {
    return text.capacity() > 0 ? text.capacity() * qsizetype(sizeof(QChar)) + heapBlockOverhead : 0;
}
