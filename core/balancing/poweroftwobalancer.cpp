#include "poweroftwobalancer.h"

#include <QVarLengthArray>

namespace {

QByteArray describeLoad(const Backend &backend, int weight) {
    return "active " + QByteArray::number(backend.activeRequests) + "/weight " +
           QByteArray::number(weight);
}

} // namespace

PowerOfTwoBalancer::PowerOfTwoBalancer(QList<BackendPtr> backends, std::optional<quint64> seed)
    : Balancer(std::move(backends))
    , m_random(makeRandomGenerator(seed)) {}

PickResult PowerOfTwoBalancer::pick(const PickContext &context) {
    PickResult result;
    result.strategy = kind();

    QVarLengthArray<int, 32> eligible;
    for (int index = 0; index < backends().size(); ++index) {
        if (const auto reason = ineligibility(*backends()[index], index, context))
            result.skipped.append({index, *reason});
        else
            eligible.append(index);
    }
    if (eligible.isEmpty())
        return result;
    if (eligible.size() == 1) {
        result.index = eligible.front();
        result.backend = backends()[result.index];
        result.detail = "only eligible instance";
        return result;
    }

    // Two distinct draws: the second skips over the first's position.
    const int count = int(eligible.size());
    const int first = m_random.bounded(count);
    int second = m_random.bounded(count - 1);
    if (second >= first)
        ++second;

    int winner = eligible[first];
    int loser = eligible[second];
    const Backend *winning = backends()[winner].get();
    const Backend *losing = backends()[loser].get();
    int winnerWeight = effectiveWeight(*winning);
    int loserWeight = effectiveWeight(*losing);
    if (qint64(losing->activeRequests) * winnerWeight <
        qint64(winning->activeRequests) * loserWeight) {
        std::swap(winner, loser);
        std::swap(winning, losing);
        std::swap(winnerWeight, loserWeight);
    }

    result.index = winner;
    result.backend = backends()[winner];
    result.skipped.append({loser, SkipReason::NotChosen});
    result.detail = describeLoad(*winning, winnerWeight) + " vs #" + QByteArray::number(loser + 1) +
                    ' ' + describeLoad(*losing, loserWeight);
    return result;
}
