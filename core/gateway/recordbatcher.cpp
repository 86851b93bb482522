#include "gateway/recordbatcher.h"

#include <algorithm>

namespace {
constexpr int batchIntervalMs = 50;
// Room in the first list, and at least in every later one (a few requests per tick).
constexpr qsizetype minimumBatchCapacity = 256;

// Empties pending into the returned batch and leaves room in it for twice as many items.
template <typename Item> QList<Item> takeBatch(QList<Item> &pending) {
    QList<Item> batch;
    batch.swap(pending);
    pending.reserve(std::max(minimumBatchCapacity, 2 * batch.size()));
    return batch;
}

template <typename Item> bool isFull(const QList<Item> &pending) {
    return pending.size() == pending.capacity();
}
} // namespace

RecordBatcher::RecordBatcher(QObject *parent)
    : QObject(parent)
    , m_timer(this) // a child moves threads with its parent
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(batchIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &RecordBatcher::flush);
    m_pending.reserve(minimumBatchCapacity);
    m_pendingCaptures.reserve(minimumBatchCapacity);
}

void RecordBatcher::append(RequestRecord &&record) {
    if (isFull(m_pending))
        flush();
    m_pending.append(std::move(record));
    armTimer();
}

void RecordBatcher::append(CapturedExchange &&exchange) {
    // Its record comes next: when that would not fit either, both start the next batch.
    if (isFull(m_pendingCaptures) || isFull(m_pending))
        flush();
    m_pendingCaptures.append(std::move(exchange));
    armTimer();
}

void RecordBatcher::armTimer() {
    if (!m_timer.isActive())
        m_timer.start();
}

void RecordBatcher::flush() {
    m_timer.stop();
    if (!m_pending.isEmpty())
        Q_EMIT batchReady(takeBatch(m_pending));
    if (!m_pendingCaptures.isEmpty())
        Q_EMIT capturesReady(takeBatch(m_pendingCaptures));
}
