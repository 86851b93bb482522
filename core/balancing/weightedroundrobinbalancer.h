#pragma once

#include "balancing/balancer.h"

#include <QList>

// Smooth weighted round robin, as nginx does it (ngx_http_upstream_get_peer() in
// src/http/ngx_http_upstream_round_robin.c): on every pick each eligible instance's current
// weight grows by its weight, the largest current weight wins (the first on a tie) and the
// winner's current weight drops by the total. Weights 5:1:1 give a a b a c a a: the heavy
// instance's turns are spread out instead of sent as a burst. Ineligible instances take no part
// and keep their current weight.
class WeightedRoundRobinBalancer final : public Balancer {
public:
    explicit WeightedRoundRobinBalancer(QList<BackendPtr> backends);

    StrategyKind kind() const override { return StrategyKind::WeightedRoundRobin; }
    // The explanation holds every instance's current weight before and after the pick.
    PickResult pick(const PickContext &context) override;
    PickResult preview(const PickContext &context) const override;
    QList<double> expectedShares() const override;

    void continueFrom(const Balancer &previous) override;

private:
    struct Peer {
        quint64 backendId;
        qint64 currentWeight;
    };

    PickResult choose(const PickContext &context) const;

    QList<Peer> m_peers; // parallel to backends()
};
