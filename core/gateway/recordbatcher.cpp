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

template <typename Item> void RecordBatcher::appendPending(QList<Item> &pending, Item &&item) {
    // A full list is handed over before the item that does not fit, which starts the next
    // batch: an exchange's capture, appended right after its record, still travels with it.
    if (pending.size() == pending.capacity())
        flush();
    pending.append(std::move(item));
    if (!m_timer.isActive())
        m_timer.start();
}

void RecordBatcher::append(RequestRecord &&record) {
    appendPending(m_pending, std::move(record));
}

void RecordBatcher::append(CapturedExchange &&exchange) {
    appendPending(m_pendingCaptures, std::move(exchange));
}

void RecordBatcher::flush() {
    m_timer.stop();
    if (!m_pending.isEmpty())
        Q_EMIT batchReady(takeBatch(m_pending));
    if (!m_pendingCaptures.isEmpty())
        Q_EMIT capturesReady(takeBatch(m_pendingCaptures));
}
