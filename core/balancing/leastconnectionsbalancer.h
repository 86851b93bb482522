#pragma once

#include "balancing/rotatingbalancer.h"

// Weighted least connections, as nginx's least_conn (src/http/modules/
// ngx_http_upstream_least_conn_module.c): the eligible instance with the fewest active requests
// relative to its weight wins, compared without division (active_a * weight_b <
// active_b * weight_a). Ties go round robin: the scan starts after the last pick, so equally
// loaded instances take turns instead of the first one taking everything.
class LeastConnectionsBalancer final : public RotatingBalancer {
public:
    explicit LeastConnectionsBalancer(QList<BackendPtr> backends);

    StrategyKind kind() const override { return StrategyKind::LeastConnections; }
    // weight / eligible weight: under concurrent load with equal latency, comparing
    // active / weight keeps each instance's active requests, and so its share, proportional to
    // its weight. With one request at a time every instance is idle, ties go round robin and the
    // observed shares are equal instead; a slower instance holds more active requests and gets
    // less.
    QList<double> expectedShares() const override;

protected:
    PickResult choose(const PickContext &context, const RotationCursor &cursor) const override;
};
