#include "inmemorystream.h"

#include "http/httpinputbuffer.h"

#include <algorithm>

InMemoryStream::InMemoryStream(std::function<void()> written)
    : m_wentOut(std::move(written)) {}

bool InMemoryStream::refill(HttpInputBuffer &input) {
    if (input.hasPending())
        return true;
    input.clear();
    if (m_inbound.isEmpty())
        return false;
    const qsizetype size = std::min(m_inbound.size(), qsizetype(input.readChunk()));
    input.append(QByteArrayView(m_inbound).first(size));
    m_inbound.remove(0, size);
    return true;
}

void InMemoryStream::write(QByteArrayView bytes) {
    m_queued.append(bytes);
    m_everWritten.append(bytes);
    if (std::exchange(m_deliveryPosted, true))
        return;
    QMetaObject::invokeMethod(
        &m_context,
        [this] {
            m_deliveryPosted = false;
            flush();
        },
        Qt::QueuedConnection);
}

void InMemoryStream::flush() {
    if (m_queued.isEmpty())
        return;
    m_delivered.append(m_queued);
    m_queued.clear();
    m_wentOut();
}
