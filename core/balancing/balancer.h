#pragma once

#include "balancing/backend.h"
#include "balancing/pickresult.h"
#include "balancing/strategykind.h"

#include <QList>
#include <memory>
#include <optional>

// The blog's LoadBalancer interface done as nginx and Envoy do it: pick() returns the instance
// with the reason; add/remove/list manage the instances; release() tells the strategy a request
// finished. One subclass per strategy, one file each.
//
// Counters belong to the proxy, not to the strategies: the proxy increments
// Backend::activeRequests when it sends a picked request and decrements it before calling
// release() when the exchange ends. Strategies only read activeRequests and weight, so none of
// the current ones overrides release(); it is the hook for a strategy with per-request state.
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
    virtual void release(const BackendPtr &backend);

    const QList<BackendPtr> &backends() const { return m_backends; }
    void addBackend(BackendPtr backend);
    // Removes by position; in-flight requests keep their BackendPtr. Returns false if out of range.
    bool removeBackend(int index);

protected:
    // Eligibility, written once for every strategy: accepts new requests and not excluded.
    // Returns nullopt when eligible, otherwise why not. The operator's state is reported before
    // health, and both before AlreadyTried, so the log names the lasting cause.
    static std::optional<SkipReason> ineligibility(const Backend &backend, int index,
                                                   const PickContext &context);
    // The candidate entry for an instance as it stands: index, effective weight, active requests
    // and eligibility; the strategy sets the verdict and its own values.
    PickCandidate candidate(int index, const PickContext &context) const;
    // expectedShares() by effective weight among the instances accepting new requests.
    QList<double> sharesByWeight() const;
    // The weight the weighted strategies use (see above).
    static int effectiveWeight(const Backend &backend);
    // Called after the backend list changed (add/remove), e.g. to rebuild a hash ring. Not
    // called from the constructor: a subclass with derived state builds it in its own.
    virtual void backendsChanged();

private:
    QList<BackendPtr> m_backends;
};

// Creates the balancer for a strategy over the given instances (keeping their state).
// randomSeed makes the random strategies (random, power_of_two) repeatable, for tests; without
// it they are seeded from QRandomGenerator::global(). The other strategies are deterministic.
std::unique_ptr<Balancer> createBalancer(StrategyKind kind, QList<BackendPtr> backends,
                                         std::optional<quint64> randomSeed = std::nullopt);
