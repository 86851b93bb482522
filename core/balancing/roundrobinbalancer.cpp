#include "roundrobinbalancer.h"

RoundRobinBalancer::RoundRobinBalancer(QList<BackendPtr> backends)
    : Balancer(std::move(backends)) {}

PickResult RoundRobinBalancer::pick(const PickContext &context) {
    PickResult result = choose(context);
    if (result.backend)
        m_cursor.picked(result.index, *result.backend);
    return result;
}

PickResult RoundRobinBalancer::preview(const PickContext &context) const {
    return choose(context);
}

PickResult RoundRobinBalancer::choose(const PickContext &context) const {
    PickResult result;
    PickExplanation &explanation = result.explanation;
    explanation.strategy = kind();
    explanation.previousIndex = m_cursor.lastIndex();
    const int count = int(backends().size());
    if (count == 0)
        return result;

    // The scan stops at the first eligible instance; the rest are still listed (NotReached) so
    // that the details show every instance's state.
    const int start = m_cursor.nextStart(count);
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

void RoundRobinBalancer::backendsChanged() {
    m_cursor.backendsChanged(backends());
}
