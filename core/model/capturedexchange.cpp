#include "model/capturedexchange.h"

namespace {

qint64 headBytes(const CapturedHead &head) {
    qint64 bytes = head.method.size() + head.target.size() + head.reason.size();
    for (const CapturedHeader &header : head.headers)
        bytes += header.name.size() + header.value.size();
    return bytes;
}

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

qint64 CapturedExchange::capturedBytes() const {
    const CapturedExchangeParts &p = *m_parts;
    return headBytes(p.requestReceived) + headBytes(p.requestSent) + headBytes(p.responseReceived) +
           headBytes(p.responseSent) + bodyBytes();
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
