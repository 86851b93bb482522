#include "balancer.h"

#include "balancing/iphashbalancer.h"
#include "balancing/leastconnectionsbalancer.h"
#include "balancing/poweroftwobalancer.h"
#include "balancing/randombalancer.h"
#include "balancing/roundrobinbalancer.h"
#include "balancing/weightedroundrobinbalancer.h"

#include <algorithm>

Balancer::Balancer(QList<BackendPtr> backends)
    : m_backends(std::move(backends)) {}

Balancer::~Balancer() = default;

void Balancer::continueFrom(const Balancer &previous) {
    Q_ASSERT(previous.kind() == kind());
}

namespace {

// Why health holds the instance out, the probes' verdict first; nullopt when it does not.
std::optional<SkipReason> healthReason(const Backend &backend) {
    if (!backend.isHeldOutByHealth())
        return std::nullopt;
    if (backend.activeHealth == Health::Down)
        return SkipReason::Down;
    return backend.passiveState == PassiveState::Ejected ? SkipReason::Ejected
                                                         : SkipReason::ProbationBusy;
}

} // namespace

bool Balancer::inPanic() const {
    bool anyEnabled = false;
    for (const BackendPtr &backend : m_backends) {
        if (backend->adminState != AdminState::Enabled)
            continue;
        if (!backend->isHeldOutByHealth())
            return false;
        anyEnabled = true;
    }
    return anyEnabled;
}

std::optional<SkipReason> Balancer::ineligibility(const Backend &backend, int index,
                                                  const PickContext &context) const {
    switch (backend.adminState) {
    case AdminState::Disabled:
        return SkipReason::Disabled;
    case AdminState::Draining:
        return SkipReason::Draining;
    case AdminState::Enabled:
        break;
    }
    // inPanic() walks the route, so only when health holds this one out: the healthy hot path
    // never pays for it.
    if (const std::optional<SkipReason> health = healthReason(backend); health && !inPanic())
        return health;
    if (context.excludedIndexes.contains(index))
        return SkipReason::AlreadyTried;
    return std::nullopt;
}

PickCandidate Balancer::candidate(int index, const PickContext &context) const {
    const Backend &backend = *m_backends[index];
    PickCandidate entry;
    entry.index = index;
    entry.weight = effectiveWeight(backend);
    entry.activeRequests = backend.activeRequests;
    const std::optional<SkipReason> reason = ineligibility(backend, index, context);
    entry.eligible = !reason;
    if (reason) {
        entry.reason = *reason;
    } else if (const std::optional<SkipReason> health = healthReason(backend)) {
        entry.panic = true; // eligible although health holds it out: the route is in panic
        entry.reason = *health;
    }
    return entry;
}

bool Balancer::takesShare(const Backend &backend, bool panic) {
    return panic ? backend.adminState == AdminState::Enabled : backend.acceptsNewRequests();
}

QList<double> Balancer::expectedShares() const {
    QList<double> shares(m_backends.size(), 0.0);
    const bool panic = inPanic();
    const auto eligible =
        std::count_if(m_backends.cbegin(), m_backends.cend(),
                      [panic](const BackendPtr &b) { return takesShare(*b, panic); });
    for (qsizetype i = 0; i < m_backends.size(); ++i) {
        if (takesShare(*m_backends[i], panic))
            shares[i] = 1.0 / double(eligible);
    }
    return shares;
}

QList<double> Balancer::sharesByWeight() const {
    QList<double> shares(m_backends.size(), 0.0);
    const bool panic = inPanic();
    qint64 total = 0;
    for (const BackendPtr &backend : m_backends) {
        if (takesShare(*backend, panic))
            total += effectiveWeight(*backend);
    }
    for (qsizetype i = 0; i < m_backends.size(); ++i) {
        if (takesShare(*m_backends[i], panic))
            shares[i] = double(effectiveWeight(*m_backends[i])) / double(total);
    }
    return shares;
}

int Balancer::effectiveWeight(const Backend &backend) {
    return std::max(backend.weight, 1);
}

std::unique_ptr<Balancer> createBalancer(StrategyKind kind, QList<BackendPtr> backends,
                                         std::optional<quint64> randomSeed) {
    switch (kind) {
    case StrategyKind::RoundRobin:
        return std::make_unique<RoundRobinBalancer>(std::move(backends));
    case StrategyKind::WeightedRoundRobin:
        return std::make_unique<WeightedRoundRobinBalancer>(std::move(backends));
    case StrategyKind::LeastConnections:
        return std::make_unique<LeastConnectionsBalancer>(std::move(backends));
    case StrategyKind::Random:
        return std::make_unique<RandomBalancer>(std::move(backends), randomSeed);
    case StrategyKind::PowerOfTwo:
        return std::make_unique<PowerOfTwoBalancer>(std::move(backends), randomSeed);
    case StrategyKind::IpHash:
        return std::make_unique<IpHashBalancer>(std::move(backends));
    }
    Q_UNREACHABLE();
    return nullptr;
}
