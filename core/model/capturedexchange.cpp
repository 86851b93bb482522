#include "model/capturedexchange.h"

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

qint64 CapturedExchange::capturedBytes() const {
    const CapturedExchangeParts &p = *m_parts;
    return p.requestReceived.contentBytes() + p.requestSent.contentBytes() +
           p.responseReceived.contentBytes() + p.responseSent.contentBytes() + bodyBytes();
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
