#pragma once

#include "balancing/balancer.h"

#include <QRandomGenerator>

// The power of two random choices (Mitzenmacher, "The Power of Two Choices in Randomized Load
// Balancing", 2001; Envoy's least_request with choice_count 2, nginx's "random two
// least_conn"): draw two distinct eligible instances uniformly and send the request to the one
// with fewer active requests relative to its weight; on a tie the first draw wins. It avoids
// least_connections' herd onto one idle instance while staying close to its balance. The loser
// is reported as SkipReason::NotChosen.
class PowerOfTwoBalancer final : public Balancer {
public:
    PowerOfTwoBalancer(QList<BackendPtr> backends, std::optional<quint64> seed);

    StrategyKind kind() const override { return StrategyKind::PowerOfTwo; }
    PickResult pick(const PickContext &context) override;
    PickResult preview(const PickContext &context) const override;
    // weight / eligible weight, as least_connections: under concurrent load with equal latency,
    // comparing active / weight tends to active requests, and so shares, proportional to weight
    // (exactly so with two instances, where every pick compares both). With one request at a
    // time both draws are idle, the first wins and the shares are equal; a slower instance holds
    // more active requests and gets less.
    QList<double> expectedShares() const override;

private:
    PickResult choose(const PickContext &context, QRandomGenerator &random) const;

    QRandomGenerator m_random;
};
