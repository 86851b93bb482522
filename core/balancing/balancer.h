#pragma once

#include "balancing/backend.h"
#include "balancing/pickresult.h"
#include "model/strategykind.h"

#include <QList>
#include <memory>
#include <optional>

// The blog's LoadBalancer interface done as nginx and Envoy do it: pick() returns the instance
// with the reason; backends() lists the instances. One subclass per strategy, one file each.
//
// A balancer's instance list is fixed: adding or removing an instance at runtime, changing a
// weight, or a reload, builds the route's next balancer (RouteTable::build), which
// continueFrom() the previous one so that the instances both have keep their place in the
// rotation, as nginx and Envoy keep a peer's state when the upstream's members change. Requests in
// flight keep the balancer they started with, so the positions they remember
// (PickContext::excludedIndexes) stay valid.
//
// Counters belong to the proxy, not to the strategies: the proxy increments
// Backend::activeRequests when it sends a picked request and decrements it when the exchange
// ends. Strategies only read activeRequests and weight.
//
// Weights below 1 count as 1 in the weighted strategies (nginx requires weight >= 1); an
// operator takes an instance out of rotation with AdminState, not with weight 0.
//
// Lives in the worker thread; no locks.
class Balancer {
public:
    explicit Balancer(QList<BackendPtr> backends);
    virtual ~Balancer();
    Q_DISABLE_COPY_MOVE(Balancer)

    virtual StrategyKind kind() const = 0;
    // Never blocks and never loops beyond one pass over the instances: with no eligible
    // instance it returns a null backend at once (→ 503), listing why each was skipped.
    virtual PickResult pick(const PickContext &context) = 0;
    // What pick() would return now, changing nothing: neither the rotation, the smooth weights
    // nor the random generator (a copy draws), so the next pick() returns the same.
    virtual PickResult preview(const PickContext &context) const = 0;
    // The share of new requests each instance should get (parallel to backends(), summing to 1
    // over the eligible ones; 0 for an instance that is disabled, draining or down, and all 0
    // when none is eligible). round_robin: equal among the eligible; weighted_round_robin,
    // random (which draws by weight), least_connections and power_of_two (under concurrent load:
    // see their headers): weight / eligible weight; ip_hash: the fraction of the hash ring each
    // owns once ineligible owners' arcs pass on clockwise, i.e. of uniformly spread clients.
    virtual QList<double> expectedShares() const;
    // Takes over where previous, the same route's balancer of the same kind() before its
    // instance list changed, stands: each instance both lists (same Backend::id) keeps its place
    // in the rotation (round_robin and least_connections continue after the instance picked
    // last, weighted_round_robin keeps every current weight; a new instance starts at zero).
    // The other strategies have no position to keep: their default does nothing.
    virtual void continueFrom(const Balancer &previous);

    const QList<BackendPtr> &backends() const { return m_backends; }

    // Panic (Envoy's panic threshold at 100 %): at least one instance is enabled and every
    // enabled one is held out by health (Backend::isHeldOutByHealth()). Then health is ignored:
    // the enabled instances are tried anyway rather than answering 503, and the reason line
    // says so. Admin state is never ignored, so a route with no enabled instance still gets 503.
    bool inPanic() const;

protected:
    // Eligibility, written once for every strategy: enabled, not held out by health (unless the
    // route is in panic) and not excluded. Returns nullopt when eligible, otherwise why not. The
    // operator's state is reported before health, and both before AlreadyTried, so the log
    // names the lasting cause.
    std::optional<SkipReason> ineligibility(const Backend &backend, int index,
                                            const PickContext &context) const;
    // The candidate entry for an instance as it stands: index, effective weight, active requests
    // and eligibility (with panic when only panic made it eligible); the strategy sets the
    // verdict and its own values.
    PickCandidate candidate(int index, const PickContext &context) const;
    // Whether the instance gets a share of new requests (expectedShares()): accepts them, or is
    // enabled while the route is in panic.
    static bool takesShare(const Backend &backend, bool panic);
    // expectedShares() by effective weight among the instances accepting new requests.
    QList<double> sharesByWeight() const;
    // The weight the weighted strategies use (see above).
    static int effectiveWeight(const Backend &backend);

private:
    QList<BackendPtr> m_backends;
};

// Creates the balancer for a strategy over the given instances (keeping their state).
// randomSeed makes the random strategies (random, power_of_two) repeatable, for tests; without
// it they are seeded from QRandomGenerator::global(). The other strategies are deterministic.
std::unique_ptr<Balancer> createBalancer(StrategyKind kind, QList<BackendPtr> backends,
                                         std::optional<quint64> randomSeed = std::nullopt);
