#include "model/heapbytes.h"

qsizetype heapBytes(const QByteArray &bytes) {
    return bytes.capacity() > 0 ? bytes.capacity() + heapBlockOverhead : 0;
}

qsizetype heapBytes(const QString &text) {
    return text.capacity() > 0 ? text.capacity() * qsizetype(sizeof(QChar)) + heapBlockOverhead : 0;
}
