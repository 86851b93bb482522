#include "health/passivehealth.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcPassiveHealth, "gateway.health.passive")

namespace {

qint64 nowMs() {
    return QDeadlineTimer::current().deadline();
}

} // namespace

PassiveHealth::PassiveHealth(QObject *parent)
    : QObject(parent) {}

PassiveHealth::~PassiveHealth() = default;

void PassiveHealth::recordAttempt(const BackendPtr &backend, const PassiveHealthConfig &config,
                                  bool failed) {
    if (config.maxFails <= 0)
        return;
    std::shared_ptr<State> &slot = m_states[backend->id];
    if (!slot) {
        slot = std::make_shared<State>();
        slot->backend = backend;
    }
    State &state = *slot;
    if (state.down)
        return; // requests sent before the marking are still finishing: already counted
    if (!failed) {
        if (state.probation) {
            state.probation = false;
            state.failures = 0;
            backend->setHealth(Health::Up);
            qCInfo(lcPassiveHealth) << backend->name << "up: a request succeeded on probation";
            Q_EMIT changed(backend->id);
        }
        return;
    }
    if (state.probation) {
        markDown(backend->id, state, *backend, config.failTimeout);
        return;
    }
    const qint64 now = nowMs();
    if (state.failures == 0 || now - state.windowStartMs >= config.failTimeout.count()) {
        state.failures = 0;
        state.windowStartMs = now;
    }
    if (++state.failures >= config.maxFails)
        markDown(backend->id, state, *backend, config.failTimeout);
}

void PassiveHealth::markDown(quint64 backendId, State &state, const Backend &backend,
                             Milliseconds duration) {
    qCInfo(lcPassiveHealth) << backend.name << "down for" << duration.count() << "ms after"
                            << (state.probation ? 1 : state.failures) << "failed requests";
    state.down = true;
    state.probation = false;
    state.failures = 0;
    // The Backend is shared with the balancer; marking it is what takes it out of rotation.
    if (const BackendPtr shared = state.backend.lock())
        shared->setHealth(Health::Down);
    const quint64 downTime = ++m_lastDownTime;
    state.downTime = downTime;
    QTimer::singleShot(duration, this,
                       [this, backendId, downTime] { endDownTime(backendId, downTime); });
    Q_EMIT markedDown(backendId);
    Q_EMIT changed(backendId);
}

void PassiveHealth::endDownTime(quint64 backendId, quint64 downTime) {
    const std::shared_ptr<State> state = m_states.value(backendId);
    if (!state || !state->down || state->downTime != downTime)
        return; // forgotten, or brought up by the probes meanwhile
    state->down = false;
    const BackendPtr backend = state->backend.lock();
    if (!backend) {
        m_states.remove(backendId);
        return;
    }
    if (m_activelyDown && m_activelyDown(backendId)) {
        // The probes fail too: they, not a live request, decide when it comes back.
        m_states.remove(backendId);
        return;
    }
    state->probation = true;
    backend->setHealth(Health::Unknown);
    qCInfo(lcPassiveHealth) << backend->name << "on probation: the next request decides";
    Q_EMIT changed(backendId);
}

void PassiveHealth::forget(quint64 backendId) {
    m_states.remove(backendId);
}

void PassiveHealth::clear() {
    m_states.clear();
}

bool PassiveHealth::isMarkedDown(quint64 backendId) const {
    const std::shared_ptr<State> state = m_states.value(backendId);
    return state && state->down;
}

bool PassiveHealth::isOnProbation(quint64 backendId) const {
    const std::shared_ptr<State> state = m_states.value(backendId);
    return state && state->probation;
}
