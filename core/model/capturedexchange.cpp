#include "model/capturedexchange.h"

#include "model/heapbytes.h"
#include "model/recordfootprint.h"

namespace {

void evict(CapturedBody &body) {
    if (body.bytes.isEmpty())
        return;
    body.bytes.clear();
    body.evicted = true;
}

} // namespace

CapturedExchange::CapturedExchange()
    : m_parts(std::make_shared<const CapturedExchangeParts>()) {}

CapturedExchange::CapturedExchange(CapturedExchangeParts parts)
    : m_parts(std::make_shared<const CapturedExchangeParts>(std::move(parts))) {}

qint64 CapturedExchange::footprintBytes() const {
    // make_shared's one block: the control block's vtable pointer and reference counts in front
    // of the parts.
    constexpr qint64 sharedBlockBytes =
        qint64(sizeof(CapturedExchangeParts)) + 16 + heapBlockOverhead;
    const CapturedExchangeParts &p = *m_parts;
    return qint64(sizeof(CapturedExchange)) + sharedBlockBytes + recordHeapBytes(p.record) +
           p.requestReceived.allocatedBytes() + p.requestSent.allocatedBytes() +
           p.responseReceived.allocatedBytes() + p.responseSent.allocatedBytes() +
           heapBytes(p.requestBody.bytes) + heapBytes(p.responseBody.bytes);
}

qint64 CapturedExchange::bodyBytes() const {
    return m_parts->requestBody.bytes.size() + m_parts->responseBody.bytes.size();
}

CapturedExchange CapturedExchange::withoutBodies() const {
    CapturedExchangeParts parts = *m_parts;
    evict(parts.requestBody);
    evict(parts.responseBody);
    return CapturedExchange(std::move(parts));
}
