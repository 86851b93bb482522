#include "poweroftwobalancer.h"

#include <QVarLengthArray>

PickResult PowerOfTwoBalancer::choose(const PickContext &context, QRandomGenerator &random) const {
    PickResult result;
    PickExplanation &explanation = result.explanation;
    explanation.strategy = kind();

    QVarLengthArray<int, 32> eligible;
    for (int index = 0; index < backends().size(); ++index) {
        PickCandidate entry = candidate(index, context);
        if (entry.eligible) {
            entry.verdict = CandidateVerdict::NotReached;
            eligible.append(index);
        } else {
            entry.verdict = CandidateVerdict::Skipped;
        }
        explanation.candidates.append(entry);
    }
    if (eligible.isEmpty())
        return result;

    int winner = eligible.front();
    if (eligible.size() > 1) {
        // Two distinct draws: the second skips over the first's position.
        const int count = int(eligible.size());
        const int first = random.bounded(count);
        int second = random.bounded(count - 1);
        if (second >= first)
            ++second;

        winner = eligible[first];
        int loser = eligible[second];
        const PickCandidate *winning = &explanation.candidates[winner];
        const PickCandidate *losing = &explanation.candidates[loser];
        if (qint64(losing->activeRequests) * winning->weight <
            qint64(winning->activeRequests) * losing->weight)
            std::swap(winner, loser);

        PickCandidate &lost = explanation.candidates[loser];
        lost.sampled = true;
        lost.verdict = CandidateVerdict::Skipped;
        lost.reason = SkipReason::NotChosen;
        explanation.candidates[winner].sampled = true;
    }
    explanation.candidates[winner].verdict = CandidateVerdict::Chosen;
    explanation.chosenIndex = winner;
    result.index = winner;
    result.backend = backends()[winner];
    return result;
}
