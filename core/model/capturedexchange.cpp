#include "model/capturedexchange.h"

#include "model/heapbytes.h"
#include "model/recordfootprint.h"

#include <algorithm>
#include <iterator>

namespace {

void evict(CapturedBody &body) {
    if (body.bytes.isEmpty())
        return;
    body.bytes.clear();
    body.evicted = true;
}

// The four heads' allocations, a buffer they share counted once (ExchangeCapture writes them
// into one).
qint64 headsBytes(const CapturedExchangeParts &parts) {
    const CapturedHead *const heads[] = {&parts.requestReceived, &parts.requestSent,
                                         &parts.responseReceived, &parts.responseSent};
    qint64 bytes = 0;
    for (auto head = std::begin(heads); head != std::end(heads); ++head) {
        const bool counted =
            std::any_of(std::begin(heads), head, [head](const CapturedHead *earlier) {
                return earlier->sharesBufferWith(**head);
            });
        if (!counted)
            bytes += (*head)->allocatedBytes();
    }
    return bytes;
}

} // namespace

CapturedExchange::Draft::Draft()
    : m_block(std::make_shared<Block>()) {}

CapturedExchangeParts &CapturedExchange::Draft::parts() {
    return m_block->parts;
}

CapturedExchange CapturedExchange::Draft::seal() && {
    return CapturedExchange(std::shared_ptr<const Block>(std::move(m_block)));
}

CapturedExchange::CapturedExchange()
    : m_block(std::make_shared<const Block>()) {}

CapturedExchange::CapturedExchange(CapturedExchangeParts parts)
    : m_block(std::make_shared<const Block>(std::move(parts))) {}

qint64 CapturedExchange::footprintBytes() const {
    qint64 footprint = m_block->footprint.load(std::memory_order_relaxed);
    if (footprint >= 0)
        return footprint;
    // make_shared's one block: the control block's vtable pointer and reference counts in front
    // of the parts.
    constexpr qint64 sharedBlockBytes = qint64(sizeof(Block)) + 16 + heapBlockOverhead;
    const CapturedExchangeParts &p = m_block->parts;
    footprint = qint64(sizeof(CapturedExchange)) + sharedBlockBytes + recordHeapBytes(p.record) +
                headsBytes(p) + heapBytes(p.requestBody.bytes) + heapBytes(p.responseBody.bytes);
    m_block->footprint.store(footprint, std::memory_order_relaxed);
    return footprint;
}

qint64 CapturedExchange::bodyBytes() const {
    return m_block->parts.requestBody.bytes.size() + m_block->parts.responseBody.bytes.size();
}

CapturedExchange CapturedExchange::withoutBodies() const {
    CapturedExchangeParts parts = m_block->parts;
    evict(parts.requestBody);
    evict(parts.responseBody);
    return CapturedExchange(std::move(parts));
}
