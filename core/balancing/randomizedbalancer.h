#pragma once

#include "balancing/balancer.h"

#include <QRandomGenerator>

// Base of the strategies that draw random numbers (random, power_of_two): one generator, seeded
// once; pick() draws from it and preview() from a copy, so that a preview shows exactly the
// pick that comes next without advancing the sequence.
class RandomizedBalancer : public Balancer {
public:
    PickResult pick(const PickContext &context) final;
    PickResult preview(const PickContext &context) const final;
    // weight / eligible weight: exact for random; power_of_two's header says why it holds there.
    QList<double> expectedShares() const override;

protected:
    // seed makes the sequence repeatable (tests); without it the system's generator seeds it.
    RandomizedBalancer(QList<BackendPtr> backends, std::optional<quint64> seed);

    // The strategy's pick, drawing every random number from random.
    virtual PickResult choose(const PickContext &context, QRandomGenerator &random) const = 0;

private:
    QRandomGenerator m_random;
};
