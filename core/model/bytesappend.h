#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <cstring>

// Appending a piece to a line being written: the access log's lines, the reason text. Qt 6.4's
// QByteArray::append() takes every piece, a single character too, through the out-of-line
// insert(), some sixty instructions for a few bytes, and a JSON access-log line is some forty
// pieces (docs/BENCHMARKS.md, "What valgrind says per access-log record"). When the buffer is
// its own and has room, these copy the bytes and move its end themselves, as append() would;
// otherwise they are append(), which makes the room.
inline void appendBytes(QByteArray &out, QByteArrayView bytes) {
    QByteArray::DataPointer &data = out.data_ptr();
    const qsizetype size = bytes.size();
    if (data.needsDetach() || data.freeSpaceAtEnd() < size) {
        out.append(bytes);
        return;
    }
    char *const end = data.data() + data.size;
    if (size > 0)
        std::memcpy(end, bytes.data(), size_t(size));
    data.size += size;
    end[size] = '\0'; // Qt's room for the terminator is beyond the capacity
}

inline void appendByte(QByteArray &out, char byte) {
    appendBytes(out, QByteArrayView(&byte, 1));
}
