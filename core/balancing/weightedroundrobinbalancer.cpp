#include "weightedroundrobinbalancer.h"

WeightedRoundRobinBalancer::WeightedRoundRobinBalancer(QList<BackendPtr> backends)
    : Balancer(std::move(backends)) {
    backendsChanged();
}

PickResult WeightedRoundRobinBalancer::pick(const PickContext &context) {
    PickResult result;
    result.strategy = kind();
    const QByteArray before = currentWeights();

    qint64 total = 0;
    int best = -1;
    for (int index = 0; index < backends().size(); ++index) {
        const Backend &backend = *backends()[index];
        if (const auto reason = ineligibility(backend, index, context)) {
            result.skipped.append({index, *reason});
            continue;
        }
        const int weight = effectiveWeight(backend);
        m_peers[index].currentWeight += weight;
        total += weight;
        if (best < 0 || m_peers[index].currentWeight > m_peers[best].currentWeight)
            best = index;
    }
    if (best < 0)
        return result;

    m_peers[best].currentWeight -= total;
    result.backend = backends()[best];
    result.index = best;
    result.detail = "current " + before + " → " + currentWeights();
    return result;
}

void WeightedRoundRobinBalancer::backendsChanged() {
    // Instances that stay keep their current weight, so adding one does not restart the
    // sequence of the others; a new instance starts at zero, as in nginx.
    QList<Peer> peers;
    peers.reserve(backends().size());
    for (const BackendPtr &backend : backends()) {
        qint64 current = 0;
        for (const Peer &peer : std::as_const(m_peers)) {
            if (peer.backendId == backend->id) {
                current = peer.currentWeight;
                break;
            }
        }
        peers.append({backend->id, current});
    }
    m_peers = std::move(peers);
}

QByteArray WeightedRoundRobinBalancer::currentWeights() const {
    QByteArray text;
    for (const Peer &peer : m_peers) {
        if (!text.isEmpty())
            text += ',';
        text += QByteArray::number(peer.currentWeight);
    }
    return text;
}
