#include "inspector/capturelog.h"

#include "config/gatewayconfig.h"

namespace {

// A gateway that started again numbers from 1: a lower id than the newest kept, but a later
// start. Comparing ids alone would take every exchange that finished out of order for one.
bool startedAgain(const QList<CapturedExchange> &kept, const CapturedExchange &exchange) {
    if (kept.isEmpty())
        return false;
    const RequestRecord &newest = kept.last().record();
    return exchange.id() <= newest.id && exchange.record().startedAtMs > newest.startedAtMs;
}

} // namespace

CaptureLog::CaptureLog(QObject *parent)
    : QObject(parent)
    , m_store(CaptureConfig().bodyLimit, CaptureConfig().memoryLimit) {}

void CaptureLog::configure(const CaptureConfig &config) {
    m_maskNames = config.maskHeaders;
    if (config.bodyLimit != m_store.bodyLimit() || config.memoryLimit != m_store.memoryLimit()) {
        m_store = CaptureStore(config.bodyLimit, config.memoryLimit);
        m_truncated = m_evicted = m_dropped = 0;
    }
    Q_EMIT changed();
}

HeaderMask CaptureLog::mask(HeaderMask::Secrets secrets) const {
    return HeaderMask(secrets, m_maskNames);
}

std::optional<CapturedExchange> CaptureLog::find(const RequestRecord &record) const {
    if (record.source != RecordSource::Gateway)
        return std::nullopt;
    std::optional<CapturedExchange> exchange = m_store.find(record.id);
    if (exchange && exchange->record().startedAtMs != record.startedAtMs)
        return std::nullopt;
    return exchange;
}

void CaptureLog::clear() {
    m_store.clear();
    m_truncated = m_evicted = m_dropped = 0;
    Q_EMIT changed();
}

void CaptureLog::addCaptures(const QList<CapturedExchange> &captures) {
    for (const CapturedExchange &exchange : captures) {
        if (startedAgain(m_store.exchanges(), exchange))
            m_store.clear();
        const CaptureReport report = m_store.admit(exchange);
        m_truncated += report.truncated ? 1 : 0;
        m_evicted += quint64(report.bodiesEvicted.size());
        m_dropped += quint64(report.dropped.size());
    }
    Q_EMIT changed();
}
