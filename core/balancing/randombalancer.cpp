#include "randombalancer.h"

RandomBalancer::RandomBalancer(QList<BackendPtr> backends, std::optional<quint64> seed)
    : Balancer(std::move(backends))
    , m_random(makeRandomGenerator(seed)) {}

PickResult RandomBalancer::pick(const PickContext &context) {
    PickResult result;
    result.strategy = kind();

    quint64 total = 0;
    for (int index = 0; index < backends().size(); ++index) {
        const Backend &backend = *backends()[index];
        if (const auto reason = ineligibility(backend, index, context))
            result.skipped.append({index, *reason});
        else
            total += quint64(effectiveWeight(backend));
    }
    if (total == 0)
        return result;

    // Walk the eligible instances until the draw falls inside one's share of the total.
    quint64 draw = m_random.bounded(total);
    for (int index = 0; index < backends().size(); ++index) {
        const Backend &backend = *backends()[index];
        if (ineligibility(backend, index, context))
            continue;
        const quint64 weight = quint64(effectiveWeight(backend));
        if (draw < weight) {
            result.backend = backends()[index];
            result.index = index;
            result.detail =
                "weight " + QByteArray::number(weight) + " of " + QByteArray::number(total);
            return result;
        }
        draw -= weight;
    }
    Q_UNREACHABLE();
    return result;
}
