#include "randombalancer.h"

PickResult RandomBalancer::choose(const PickContext &context, QRandomGenerator &random) const {
    PickResult result;
    PickExplanation &explanation = result.explanation;
    explanation.strategy = kind();

    quint64 total = 0;
    for (int index = 0; index < backends().size(); ++index) {
        PickCandidate entry = candidate(index, context);
        if (entry.eligible) {
            entry.verdict = CandidateVerdict::Passed;
            total += quint64(entry.weight);
        } else {
            entry.verdict = CandidateVerdict::Skipped;
        }
        explanation.candidates.append(entry);
    }
    if (total == 0)
        return result;
    explanation.totalWeight = qint64(total);

    // Walk the eligible instances until the draw falls inside one's share of the total.
    quint64 draw = random.bounded(total);
    for (PickCandidate &entry : explanation.candidates) {
        if (!entry.eligible)
            continue;
        const quint64 weight = quint64(entry.weight);
        if (draw < weight) {
            entry.verdict = CandidateVerdict::Chosen;
            explanation.chosenIndex = entry.index;
            result.index = entry.index;
            result.backend = backends()[entry.index];
            return result;
        }
        draw -= weight;
    }
    Q_UNREACHABLE();
    return result;
}
