#include "model/capturedexchange.h"

#include "model/bytearena.h"
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

CapturedExchange::Draft::Draft(ByteArena &arena) {
    ByteArena::Room room = arena.allocate(qsizetype(sizeof(Block)), qsizetype(alignof(Block)));
    Block *const block = new (room.memory) Block;
    block->storage = std::move(room.block);
    m_block.reset(block);
}

CapturedExchangeParts &CapturedExchange::Draft::parts() {
    return m_block->parts;
}

CapturedExchange CapturedExchange::Draft::seal() && {
    return CapturedExchange(std::move(m_block));
}

void CapturedExchange::Block::operator delete(Block *block, std::destroying_delete_t) {
    // Destroyed first, then the storage it kept (perhaps the arena block it is in) let go.
    const QByteArray storage = std::move(block->storage);
    const bool ownHeapBlock = storage.isNull();
    block->~Block();
    if (ownHeapBlock)
        ::operator delete(block);
}

CapturedExchange::CapturedExchange()
    : m_block(new Block) {}

CapturedExchange::CapturedExchange(CapturedExchangeParts parts)
    : m_block(new Block(std::move(parts))) {}

qint64 CapturedExchange::footprintBytes() const {
    qint64 footprint = m_block->footprint.load(std::memory_order_relaxed);
    if (footprint >= 0)
        return footprint;
    // The parts with their reference count; a heap block of their own costs its overhead too.
    const qint64 blockBytes = m_block->storage.isNull()
                                  ? qint64(sizeof(Block)) + heapBlockOverhead
                                  : ByteArena::roomBytes(qsizetype(sizeof(Block)));
    const CapturedExchangeParts &p = m_block->parts;
    footprint = qint64(sizeof(CapturedExchange)) + blockBytes + recordHeapBytes(p.record) +
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
