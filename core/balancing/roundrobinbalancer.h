#pragma once

#include "balancing/rotatingbalancer.h"

// Round robin, the blog's strategy done right: the blog's Go loop retries the next index
// until it finds a live backend and spins forever when none is; here one pass over the
// instances, starting after the last pick, either finds the next eligible one or returns a null
// backend (→ 503) at once. Weights are ignored (see weighted_round_robin).
class RoundRobinBalancer final : public RotatingBalancer {
public:
    explicit RoundRobinBalancer(QList<BackendPtr> backends);

    StrategyKind kind() const override { return StrategyKind::RoundRobin; }

protected:
    PickResult choose(const PickContext &context, const RotationCursor &cursor) const override;
};
