#include "inspect/capturestore.h"

#include <algorithm>

namespace {

CapturedBody clippedBody(const CapturedBody &body, qint64 limit, bool &truncated) {
    if (body.bytes.size() <= limit)
        return body;
    truncated = true;
    // A copy of the part kept, so that the rest is not held as the cut buffer's capacity.
    CapturedBody kept = body;
    kept.bytes = body.bytes.first(limit);
    return kept;
}

} // namespace

CaptureStore::CaptureStore(qint64 bodyLimit, qint64 memoryLimit)
    : m_bodyLimit(qMax<qint64>(bodyLimit, 0))
    , m_memoryLimit(qMax<qint64>(memoryLimit, 0)) {}

CaptureReport CaptureStore::admit(const CapturedExchange &exchange) {
    CaptureReport report;
    const CapturedExchange kept = clipped(exchange, report.truncated);
    if (m_exchanges.isEmpty() || m_exchanges.last().id() < exchange.id()) {
        m_exchanges.append(kept);
    } else {
        // Finished after an exchange that started later (a long download): into its place.
        const auto at = std::lower_bound(
            m_exchanges.begin(), m_exchanges.end(), exchange.id(),
            [](const CapturedExchange &held, quint64 id) { return held.id() < id; });
        const qsizetype index = at - m_exchanges.begin();
        m_exchanges.insert(index, kept);
        m_firstWithBody = qMin(m_firstWithBody, index);
    }
    m_memoryUsed += kept.footprintBytes();
    evictBodies(report);
    dropWhileOver(report);
    return report;
}

void CaptureStore::dropOldest(qsizetype count) {
    count = qMin(count, m_exchanges.size());
    for (qsizetype i = 0; i < count; ++i)
        m_memoryUsed -= m_exchanges.at(i).footprintBytes();
    m_exchanges.remove(0, count);
    m_firstWithBody = qMax<qsizetype>(m_firstWithBody - count, 0);
}

void CaptureStore::clear() {
    m_exchanges.clear();
    m_memoryUsed = 0;
    m_firstWithBody = 0;
}

std::optional<CapturedExchange> CaptureStore::find(quint64 id) const {
    const auto it = std::lower_bound(
        m_exchanges.cbegin(), m_exchanges.cend(), id,
        [](const CapturedExchange &exchange, quint64 wanted) { return exchange.id() < wanted; });
    if (it == m_exchanges.cend() || it->id() != id)
        return std::nullopt;
    return *it;
}

CapturedExchange CaptureStore::clipped(const CapturedExchange &exchange, bool &truncated) const {
    const CapturedExchangeParts &parts = exchange.parts();
    if (parts.requestBody.bytes.size() <= m_bodyLimit &&
        parts.responseBody.bytes.size() <= m_bodyLimit) {
        return exchange;
    }
    CapturedExchangeParts kept = parts;
    kept.requestBody = clippedBody(parts.requestBody, m_bodyLimit, truncated);
    kept.responseBody = clippedBody(parts.responseBody, m_bodyLimit, truncated);
    return CapturedExchange(std::move(kept));
}

void CaptureStore::evictBodies(CaptureReport &report) {
    while (m_memoryUsed > m_memoryLimit && m_firstWithBody < m_exchanges.size()) {
        CapturedExchange &exchange = m_exchanges[m_firstWithBody++];
        if (exchange.bodyBytes() < CapturedExchange::smallBodiesBytes)
            continue;
        const qint64 withBodies = exchange.footprintBytes();
        exchange = exchange.withoutBodies();
        m_memoryUsed -= withBodies - exchange.footprintBytes();
        report.bodiesEvicted.append(exchange.id());
    }
}

void CaptureStore::dropWhileOver(CaptureReport &report) {
    qint64 used = m_memoryUsed;
    qsizetype count = 0;
    while (used > m_memoryLimit && count < m_exchanges.size()) {
        report.dropped.append(m_exchanges.at(count).id());
        used -= m_exchanges.at(count).footprintBytes();
        ++count;
    }
    dropOldest(count);
}
