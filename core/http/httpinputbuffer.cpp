#include "http/httpinputbuffer.h"

#include <cstring>

#include <QIODevice>
#include <algorithm>

bool HttpInputBuffer::refill(QIODevice &device) {
    if (hasPending())
        return true;
    const qint64 available = device.bytesAvailable();
    if (available <= 0) {
        clear();
        return false;
    }
    m_bytes.resize(std::min(available, m_readChunk));
    const qint64 read = device.read(m_bytes.data(), m_bytes.size());
    m_bytes.resize(read > 0 ? read : 0);
    m_offset = 0;
    return read > 0;
}

bool HttpInputBuffer::refillFrom(QByteArray &held) {
    if (hasPending())
        return true;
    m_offset = 0;
    if (held.size() <= m_readChunk) {
        m_bytes.resize(0);
        m_bytes.swap(held);
        return !m_bytes.isEmpty();
    }
    m_bytes.resize(m_readChunk);
    std::memcpy(m_bytes.data(), held.constData(), size_t(m_readChunk));
    held.remove(0, m_readChunk);
    return true;
}

void HttpInputBuffer::append(QByteArrayView bytes) {
    if (m_offset > 0) {
        m_bytes.remove(0, m_offset);
        m_offset = 0;
    }
    m_bytes.append(bytes);
}

HttpParser::Result HttpInputBuffer::feed(HttpParser &parser) {
    const HttpParser::Result result = parser.feed(pending());
    m_offset += result.consumed;
    return result;
}

void HttpInputBuffer::clear() {
    m_bytes.resize(0);
    m_offset = 0;
}

void HttpInputBuffer::release() {
    m_bytes = QByteArray();
    m_offset = 0;
}
