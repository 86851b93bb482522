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

void PassiveHealth::recordAttempt(const BackendPtr &backend, qsizetype routeInstances,
                                  const PassiveHealthConfig &config, bool failed) {
    if (config.maxFails <= 0 || routeInstances < 2) {
        // Off, or a lone instance (also after a reload made it one): nothing may hold it out.
        release(*backend);
        return;
    }
    std::shared_ptr<State> &slot = m_states[backend->id];
    if (!slot) {
        slot = std::make_shared<State>();
        slot->backend = backend;
    }
    State &state = *slot;
    switch (backend->passiveState) {
    case PassiveState::Ejected:
        // Sent before the ejection, or in panic: the ejection lasts its fail_timeout whatever
        // they bring.
        return;
    case PassiveState::Probation:
        if (failed) {
            eject(state, *backend, config.failTimeout);
            return;
        }
        state.failures = 0;
        backend->setPassiveState(PassiveState::Clear);
        qCInfo(lcPassiveHealth) << backend->name << "back: a request succeeded on probation";
        Q_EMIT changed(backend->id);
        return;
    case PassiveState::Clear:
        break;
    }
    if (!failed)
        return;
    const qint64 now = nowMs();
    if (state.failures == 0 || now - state.windowStartMs >= config.failTimeout.count()) {
        state.failures = 0;
        state.windowStartMs = now;
    }
    if (++state.failures >= config.maxFails)
        eject(state, *backend, config.failTimeout);
}

void PassiveHealth::eject(State &state, Backend &backend, Milliseconds duration) {
    qCInfo(lcPassiveHealth) << backend.name << "ejected for" << duration.count() << "ms after"
                            << (backend.passiveState == PassiveState::Probation ? 1
                                                                                : state.failures)
                            << "failed requests";
    state.failures = 0;
    // The Backend is shared with the balancer; marking it is what takes it out of rotation.
    backend.setPassiveState(PassiveState::Ejected);
    const quint64 ejection = ++m_lastEjection;
    state.ejection = ejection;
    const quint64 backendId = backend.id;
    QTimer::singleShot(duration, this,
                       [this, backendId, ejection] { endEjection(backendId, ejection); });
    Q_EMIT ejected(backendId);
    Q_EMIT changed(backendId);
}

void PassiveHealth::endEjection(quint64 backendId, quint64 ejection) {
    const std::shared_ptr<State> state = m_states.value(backendId);
    if (!state || state->ejection != ejection)
        return; // cleared meanwhile
    const BackendPtr backend = state->backend.lock();
    if (!backend) {
        m_states.remove(backendId);
        return;
    }
    if (backend->passiveState != PassiveState::Ejected)
        return;
    // Whatever the probes say: with them down the instance stays out anyway, and once they
    // pass a real request still has to succeed.
    backend->setPassiveState(PassiveState::Probation);
    qCInfo(lcPassiveHealth) << backend->name << "on probation: the next request decides";
    Q_EMIT changed(backendId);
}

void PassiveHealth::release(Backend &backend) {
    m_states.remove(backend.id);
    if (backend.passiveState == PassiveState::Clear)
        return;
    backend.setPassiveState(PassiveState::Clear);
    Q_EMIT changed(backend.id);
}

void PassiveHealth::clear() {
    const QHash<quint64, std::shared_ptr<State>> states = std::exchange(m_states, {});
    for (const std::shared_ptr<State> &state : states) {
        if (const BackendPtr backend = state->backend.lock())
            backend->setPassiveState(PassiveState::Clear);
    }
}
