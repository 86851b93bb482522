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
    if (m_block.isNull() || m_used + taken > m_block.size()) {
        m_block = QByteArray(m_blockBytes, Qt::Uninitialized);
        m_used = partAlignment; // not at the block's start: isPart()
    }
    // A copy of the block's pointer is one more reference to it; narrowed to the part, it is the
    // part. Written through the pointer, not QByteArray::data(), which would detach the block.
    QByteArray::DataPointer part = m_block.data_ptr();
    part.ptr += m_used;
    part.size = bytes.size();
    std::memcpy(part.ptr, bytes.data(), size_t(bytes.size()));
    part.ptr[bytes.size()] = '\0';
    m_used += taken;
    return QByteArray(std::move(part));
}

bool ByteArena::isPart(const QByteArray &bytes) {
    // data_ptr() is not const in Qt 6.4; reading where the data begins changes nothing.
    return const_cast<QByteArray &>(bytes).data_ptr().freeSpaceAtBegin() > 0;
}
