#include "health/healthchecker.h"

#include "health/healthprobe.h"

#include <QLoggingCategory>
#include <QSet>
#include <utility>

Q_LOGGING_CATEGORY(lcHealth, "gateway.health")

HealthChecker::HealthChecker(QObject *parent)
    : QObject(parent) {}

HealthChecker::~HealthChecker() = default;

void HealthChecker::setRoutes(const QList<CheckedRoute> &routes) {
    QHash<QString, std::shared_ptr<RouteState>> previous;
    previous.swap(m_routes);
    QSet<quint64> listed;
    QStringList fresh;
    for (const CheckedRoute &route : routes) {
        std::shared_ptr<RouteState> state = previous.take(route.id);
        if (!state || state->config != route.config) {
            state = std::make_shared<RouteState>();
            state->config = route.config;
            state->timer = std::make_unique<QTimer>(this);
            state->timer->setInterval(route.config.interval);
            const QString routeId = route.id;
            connect(state->timer.get(), &QTimer::timeout, this,
                    [this, routeId] { runRound(routeId); });
            fresh.append(route.id);
        }
        state->backends = route.backends;
        for (const BackendPtr &backend : route.backends) {
            listed.insert(backend->id);
            if (!m_backends.contains(backend->id))
                fresh.append(route.id);
            m_backends[backend->id].fall = route.config.fall;
        }
        m_routes.insert(route.id, state);
    }
    for (auto it = m_backends.begin(); it != m_backends.end();) {
        if (listed.contains(it.key())) {
            ++it;
            continue;
        }
        delete it->probe;
        it = m_backends.erase(it);
    }
    // New routes and routes with new instances get a round now; the others keep their rhythm.
    fresh.removeDuplicates();
    for (const QString &routeId : std::as_const(fresh)) {
        m_routes.value(routeId)->timer->start();
        runRound(routeId);
    }
}

HealthCheckResult HealthChecker::lastResult(quint64 backendId) const {
    const auto it = m_backends.constFind(backendId);
    return it == m_backends.constEnd() ? HealthCheckResult() : it->last;
}

void HealthChecker::runRound(const QString &routeId) {
    // Held by value: a probe's result may call back into setRoutes() through the owner.
    const std::shared_ptr<RouteState> route = m_routes.value(routeId);
    if (!route)
        return;
    for (const BackendPtr &backend : std::as_const(route->backends)) {
        BackendState &state = m_backends[backend->id];
        if (state.probe)
            continue;
        auto *probe = new HealthProbe(*backend, route->config.path, route->config.timeout, this);
        state.probe = probe;
        const HealthCheckConfig config = route->config;
        connect(probe, &HealthProbe::finished, this,
                [this, backend, config, probe](const HealthCheckResult &result) {
                    probe->deleteLater();
                    const auto it = m_backends.find(backend->id);
                    if (it == m_backends.end() || it->probe != probe)
                        return;
                    it->probe = nullptr;
                    recordResult(backend, config, result);
                });
        probe->start();
    }
}

void HealthChecker::recordResult(const BackendPtr &backend, const HealthCheckConfig &config,
                                 const HealthCheckResult &result) {
    BackendState &state = m_backends[backend->id];
    // The gateway's own shortage says nothing about the instance: shown, but neither rise nor
    // fall counts it, as the proxy does not blame an instance for its 503 out_of_resources.
    if (result.noSocket) {
        if (!std::exchange(state.last, result).noSocket) {
            qCWarning(lcHealth) << backend->name << "not checked:" << result.error
                                << "; its health stays as it was until a probe gets a socket";
        }
        Q_EMIT resultRecorded(backend->id);
        return;
    }
    state.last = result;
    // Counters stop at the threshold: only "reached or not" matters, and they never overflow.
    if (result.ok) {
        state.failures = 0;
        state.successes = qMin(state.successes + 1, config.rise);
        if (state.successes >= config.rise && backend->activeHealth != Health::Up) {
            qCInfo(lcHealth) << backend->name << "up after" << config.rise << "passing checks";
            backend->setActiveHealth(Health::Up);
            Q_EMIT healthChanged(backend->id, Health::Up);
        }
    } else {
        state.successes = 0;
        state.failures = qMin(state.failures + 1, config.fall);
        if (state.failures >= config.fall && backend->activeHealth != Health::Down) {
            qCInfo(lcHealth) << backend->name << "down after" << config.fall
                             << "failed checks, last:" << result.error;
            backend->setActiveHealth(Health::Down);
            Q_EMIT healthChanged(backend->id, Health::Down);
        }
    }
    Q_EMIT resultRecorded(backend->id);
}
