#include "roundrobinbalancer.h"

RoundRobinBalancer::RoundRobinBalancer(QList<BackendPtr> backends)
    : Balancer(std::move(backends)) {}

PickResult RoundRobinBalancer::pick(const PickContext &context) {
    PickResult result;
    result.strategy = kind();
    const int count = int(backends().size());
    if (count == 0)
        return result;

    const int start = m_cursor.nextStart(count);
    for (int step = 0; step < count; ++step) {
        const int index = (start + step) % count;
        const BackendPtr &backend = backends()[index];
        if (const auto reason = ineligibility(*backend, index, context)) {
            result.skipped.append({index, *reason});
            continue;
        }
        if (m_cursor.lastIndex() < 0)
            result.detail = "first pick";
        else
            result.detail = "next after #" + QByteArray::number(m_cursor.lastIndex() + 1);
        result.backend = backend;
        result.index = index;
        m_cursor.picked(index, *backend);
        return result;
    }
    return result;
}

void RoundRobinBalancer::backendsChanged() {
    m_cursor.backendsChanged(backends());
}
