#include "gateway/recordbatcher.h"

namespace {
constexpr int batchIntervalMs = 50;
} // namespace

RecordBatcher::RecordBatcher(QObject *parent)
    : QObject(parent)
    , m_timer(this) // a child moves threads with its parent
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(batchIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &RecordBatcher::flush);
}

void RecordBatcher::append(RequestRecord &&record) {
    m_pending.append(std::move(record));
    if (!m_timer.isActive())
        m_timer.start();
}

void RecordBatcher::append(CapturedExchange &&exchange) {
    m_pendingCaptures.append(std::move(exchange));
    if (!m_timer.isActive())
        m_timer.start();
}

void RecordBatcher::flush() {
    m_timer.stop();
    if (!m_pending.isEmpty()) {
        QList<RequestRecord> batch;
        batch.swap(m_pending);
        // The next batch is likely as large: room for it up front instead of regrowing as it
        // fills.
        m_pending.reserve(batch.size());
        Q_EMIT batchReady(batch);
    }
    if (!m_pendingCaptures.isEmpty()) {
        QList<CapturedExchange> captures;
        captures.swap(m_pendingCaptures);
        m_pendingCaptures.reserve(captures.size());
        Q_EMIT capturesReady(captures);
    }
}
