#include "weightedroundrobinbalancer.h"

WeightedRoundRobinBalancer::WeightedRoundRobinBalancer(QList<BackendPtr> backends)
    : Balancer(std::move(backends)) {
    m_peers.reserve(this->backends().size());
    for (const BackendPtr &backend : this->backends())
        m_peers.append({backend->id, 0});
}

PickResult WeightedRoundRobinBalancer::pick(const PickContext &context) {
    PickResult result = choose(context);
    // The explanation's "after" values are the new state, computed once for both uses.
    for (const PickCandidate &entry : std::as_const(result.explanation.candidates))
        m_peers[entry.index].currentWeight = entry.currentWeightAfter;
    return result;
}

PickResult WeightedRoundRobinBalancer::preview(const PickContext &context) const {
    return choose(context);
}

QList<double> WeightedRoundRobinBalancer::expectedShares() const {
    return sharesByWeight();
}

PickResult WeightedRoundRobinBalancer::choose(const PickContext &context) const {
    PickResult result;
    PickExplanation &explanation = result.explanation;
    explanation.strategy = kind();

    qint64 total = 0;
    int best = -1;
    for (int index = 0; index < backends().size(); ++index) {
        PickCandidate entry = candidate(index, context);
        entry.currentWeightBefore = m_peers[index].currentWeight;
        entry.currentWeightAfter = entry.currentWeightBefore;
        if (!entry.eligible) {
            entry.verdict = CandidateVerdict::Skipped;
        } else {
            entry.verdict = CandidateVerdict::Passed;
            entry.currentWeightAfter += entry.weight;
            total += entry.weight;
            if (best < 0 ||
                entry.currentWeightAfter > explanation.candidates[best].currentWeightAfter)
                best = index;
        }
        explanation.candidates.append(entry);
    }
    if (best < 0)
        return result;

    PickCandidate &chosen = explanation.candidates[best];
    chosen.currentWeightAfter -= total;
    chosen.verdict = CandidateVerdict::Chosen;
    explanation.chosenIndex = best;
    explanation.totalWeight = total;
    result.backend = backends()[best];
    result.index = best;
    return result;
}

void WeightedRoundRobinBalancer::continueFrom(const Balancer &previous) {
    Q_ASSERT(previous.kind() == kind()); // the same strategy, so the same class
    // Instances that stay keep their current weight, so adding one does not restart the
    // sequence of the others; a new instance starts at zero, as in nginx.
    const QList<Peer> &previousPeers =
        static_cast<const WeightedRoundRobinBalancer &>(previous).m_peers;
    for (Peer &peer : m_peers) {
        for (const Peer &previousPeer : previousPeers) {
            if (previousPeer.backendId == peer.backendId) {
                peer.currentWeight = previousPeer.currentWeight;
                break;
            }
        }
    }
}
