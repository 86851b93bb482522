#include "leastconnectionsbalancer.h"

namespace {

// Sign of active_a / weight_a - active_b / weight_b, without division or rounding.
qint64 compareLoad(const PickCandidate &a, const PickCandidate &b) {
    return qint64(a.activeRequests) * b.weight - qint64(b.activeRequests) * a.weight;
}

} // namespace

LeastConnectionsBalancer::LeastConnectionsBalancer(QList<BackendPtr> backends)
    : RotatingBalancer(std::move(backends)) {}

QList<double> LeastConnectionsBalancer::expectedShares() const {
    return sharesByWeight();
}

PickResult LeastConnectionsBalancer::choose(const PickContext &context,
                                            const RotationCursor &cursor) const {
    PickResult result;
    PickExplanation &explanation = result.explanation;
    explanation.strategy = kind();
    explanation.previousIndex = cursor.lastIndex();
    const int count = int(backends().size());
    if (count == 0)
        return result;

    qsizetype best = -1; // into explanation.candidates
    int tied = 0;
    const int start = cursor.nextStart(count);
    for (int step = 0; step < count; ++step) {
        PickCandidate entry = candidate((start + step) % count, context);
        if (!entry.eligible) {
            entry.verdict = CandidateVerdict::Skipped;
        } else {
            entry.verdict = CandidateVerdict::Passed;
            const qint64 order = best < 0 ? -1 : compareLoad(entry, explanation.candidates[best]);
            if (order < 0) {
                best = explanation.candidates.size();
                tied = 1;
            } else if (order == 0) {
                ++tied;
            }
        }
        explanation.candidates.append(entry);
    }
    if (best < 0)
        return result;

    PickCandidate &chosen = explanation.candidates[best];
    chosen.verdict = CandidateVerdict::Chosen;
    explanation.chosenIndex = chosen.index;
    explanation.tiedCount = tied;
    result.index = chosen.index;
    result.backend = backends()[chosen.index];
    return result;
}
