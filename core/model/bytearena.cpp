#include "model/bytearena.h"

#include <cstring>

ByteArena::ByteArena(qsizetype blockBytes)
    : m_blockBytes(blockBytes) {
    Q_ASSERT(blockBytes >= 4 * partAlignment);
}

QByteArray ByteArena::copy(QByteArrayView bytes) {
    const qsizetype taken = partBytes(bytes.size());
    if (bytes.isEmpty() || taken > m_blockBytes / 4)
        return bytes.toByteArray();
    // A copy of the block's pointer is one more reference to it; narrowed to the part, it is the
    // part. Written through the pointer, not QByteArray::data(), which would detach the block.
    const qsizetype at = take(taken);
    QByteArray::DataPointer part = m_block.data_ptr();
    part.ptr += at;
    part.size = bytes.size();
    std::memcpy(part.ptr, bytes.data(), size_t(bytes.size()));
    part.ptr[bytes.size()] = '\0';
    return QByteArray(std::move(part));
}

ByteArena::Room ByteArena::allocate(qsizetype bytes, qsizetype alignment) {
    // Offsets are multiples of partAlignment from the block's data, which Qt aligns as malloc
    // does (16 bytes on x86-64).
    Q_ASSERT(alignment <= partAlignment && partAlignment % alignment == 0);
    Q_ASSERT(bytes <= m_blockBytes / 4);
    const qsizetype at = take(roomBytes(bytes));
    char *const memory = m_block.data_ptr().data() + at;
    Q_ASSERT(quintptr(memory) % quintptr(alignment) == 0);
    return {memory, m_block};
}

qsizetype ByteArena::take(qsizetype bytes) {
    if (m_block.isNull() || m_used + bytes > m_block.size()) {
        m_block = QByteArray(m_blockBytes, Qt::Uninitialized);
        m_used = partAlignment; // not at the block's start: isPart()
    }
    const qsizetype at = m_used;
    m_used += bytes;
    return at;
}

bool ByteArena::isPart(const QByteArray &bytes) {
    // data_ptr() is not const in Qt 6.4; reading where the data begins changes nothing.
    return const_cast<QByteArray &>(bytes).data_ptr().freeSpaceAtBegin() > 0;
}
