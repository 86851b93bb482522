#pragma once

#include "balancing/balancer.h"

#include <QList>

// Client-address affinity on a consistent-hash ring, laid out as libketama does (the memcached
// client library; also nginx's "hash $remote_addr consistent"): every instance owns
// pointsPerWeight × weight points, four per MD5 digest of "<url>-<n>", and a client goes to the
// owner of the first point clockwise from the MD5 of its address. The points are keyed by the
// instance's URL, not its position, so adding or removing one instance moves only the clients
// of that instance; an ineligible owner is walked past clockwise, so disabling, draining or
// losing one instance remaps only its own clients, and they come back when it does.
//
// MD5 rather than qHash: the ring must be the same in every run and every Qt version, or
// clients would move on each restart. The ring follows the weights as of its construction:
// a route's balancer is rebuilt when its instances or their weights change (Gateway::
// setBackendWeight), so a weight set at runtime moves clients, and setting it back returns them.
class IpHashBalancer final : public Balancer {
public:
    static constexpr int pointsPerWeight = 160;

    explicit IpHashBalancer(QList<BackendPtr> backends);

    StrategyKind kind() const override { return StrategyKind::IpHash; }
    // Hashes PickContext::clientAddress; the explanation holds the hash and the ring point.
    PickResult pick(const PickContext &context) override;
    PickResult preview(const PickContext &context) const override;
    QList<double> expectedShares() const override;

private:
    struct Point {
        quint32 hash;
        int index; // into backends()
    };

    void buildRing();

    QList<Point> m_ring; // sorted by hash
};
