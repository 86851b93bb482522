#pragma once

#include "balancing/randomizedbalancer.h"

// The power of two random choices (Mitzenmacher, "The Power of Two Choices in Randomized Load
// Balancing", 2001; Envoy's least_request with choice_count 2, nginx's "random two
// least_conn"): draw two distinct eligible instances uniformly and send the request to the one
// with fewer active requests relative to its weight; on a tie the first draw wins. It avoids
// least_connections' herd onto one idle instance while staying close to its balance. The loser
// is reported as SkipReason::NotChosen.
//
// Expected shares are weight / eligible weight, as for least_connections: under concurrent load
// with equal latency, comparing active / weight tends to active requests, and so shares,
// proportional to weight (exactly so with two instances, where every pick compares both). With
// one request at a time both draws are idle, the first wins and the shares are equal; a slower
// instance holds more active requests and gets less.
class PowerOfTwoBalancer final : public RandomizedBalancer {
public:
    PowerOfTwoBalancer(QList<BackendPtr> backends, std::optional<quint64> seed)
        : RandomizedBalancer(std::move(backends), seed) {}

    StrategyKind kind() const override { return StrategyKind::PowerOfTwo; }

private:
    PickResult choose(const PickContext &context, QRandomGenerator &random) const override;
};
