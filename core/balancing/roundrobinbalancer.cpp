#include "roundrobinbalancer.h"

RoundRobinBalancer::RoundRobinBalancer(QList<BackendPtr> backends)
    : RotatingBalancer(std::move(backends)) {}

PickResult RoundRobinBalancer::choose(const PickContext &context,
                                      const RotationCursor &cursor) const {
    PickResult result;
    PickExplanation &explanation = result.explanation;
    explanation.strategy = kind();
    explanation.previousIndex = cursor.lastIndex();
    const int count = int(backends().size());
    if (count == 0)
        return result;

    // The scan stops at the first eligible instance; the rest are still listed (NotReached) so
    // that the details show every instance's state.
    const int start = cursor.nextStart(count);
    for (int step = 0; step < count; ++step) {
        const int index = (start + step) % count;
        PickCandidate entry = candidate(index, context);
        if (result.backend) {
            entry.verdict = CandidateVerdict::NotReached;
        } else if (!entry.eligible) {
            entry.verdict = CandidateVerdict::Skipped;
        } else {
            entry.verdict = CandidateVerdict::Chosen;
            result.backend = backends()[index];
            result.index = index;
            explanation.chosenIndex = index;
        }
        explanation.candidates.append(entry);
    }
    return result;
}
