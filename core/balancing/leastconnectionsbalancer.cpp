#include "leastconnectionsbalancer.h"

namespace {

// Sign of active_a / weight_a - active_b / weight_b, without division or rounding.
qint64 compareLoad(const Backend &a, int weightA, const Backend &b, int weightB) {
    return qint64(a.activeRequests) * weightB - qint64(b.activeRequests) * weightA;
}

} // namespace

LeastConnectionsBalancer::LeastConnectionsBalancer(QList<BackendPtr> backends)
    : Balancer(std::move(backends)) {}

PickResult LeastConnectionsBalancer::pick(const PickContext &context) {
    PickResult result;
    result.strategy = kind();
    const int count = int(backends().size());
    if (count == 0)
        return result;

    int best = -1;
    int bestWeight = 0;
    int tied = 0;
    const int start = m_cursor.nextStart(count);
    for (int step = 0; step < count; ++step) {
        const int index = (start + step) % count;
        const Backend &backend = *backends()[index];
        if (const auto reason = ineligibility(backend, index, context)) {
            result.skipped.append({index, *reason});
            continue;
        }
        const int weight = effectiveWeight(backend);
        const qint64 order =
            best < 0 ? -1 : compareLoad(backend, weight, *backends()[best], bestWeight);
        if (order < 0) {
            best = index;
            bestWeight = weight;
            tied = 1;
        } else if (order == 0) {
            ++tied;
        }
    }
    if (best < 0)
        return result;

    const Backend &chosen = *backends()[best];
    result.backend = backends()[best];
    result.index = best;
    result.detail = "active " + QByteArray::number(chosen.activeRequests) + ", weight " +
                    QByteArray::number(bestWeight);
    if (tied > 1)
        result.detail += ", " + QByteArray::number(tied) + "-way tie broken round robin";
    m_cursor.picked(best, chosen);
    return result;
}

void LeastConnectionsBalancer::backendsChanged() {
    m_cursor.backendsChanged(backends());
}
