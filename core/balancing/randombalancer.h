#pragma once

#include "balancing/randomizedbalancer.h"

// Weighted random: each eligible instance is picked with probability weight / total eligible
// weight (the blog's "random", with weights; nginx's "random" without "two"). Seeded once at
// construction; give a seed for repeatable sequences in tests.
class RandomBalancer final : public RandomizedBalancer {
public:
    RandomBalancer(QList<BackendPtr> backends, std::optional<quint64> seed)
        : RandomizedBalancer(std::move(backends), seed) {}

    StrategyKind kind() const override { return StrategyKind::Random; }

private:
    PickResult choose(const PickContext &context, QRandomGenerator &random) const override;
};
