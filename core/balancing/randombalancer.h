#pragma once

#include "balancing/balancer.h"

#include <QRandomGenerator>

// Weighted random: each eligible instance is picked with probability weight / total eligible
// weight (the blog's "random", with weights; nginx's "random" without "two"). Seeded once at
// construction; give a seed for repeatable sequences in tests.
class RandomBalancer final : public Balancer {
public:
    RandomBalancer(QList<BackendPtr> backends, std::optional<quint64> seed);

    StrategyKind kind() const override { return StrategyKind::Random; }
    PickResult pick(const PickContext &context) override;
    PickResult preview(const PickContext &context) const override;
    QList<double> expectedShares() const override;

private:
    PickResult choose(const PickContext &context, QRandomGenerator &random) const;

    QRandomGenerator m_random;
};
