#pragma once

#include "balancing/backend.h"
#include "config/gatewayconfig.h"

#include <QHash>
#include <QObject>
#include <memory>

// Passive health, as nginx's max_fails/fail_timeout: the proxy reports every attempt, and
// max_fails failures within fail_timeout of the first one eject the instance for fail_timeout.
// A failure is a connect error, a timeout, a reset or a bad response; a 5xx response only when
// the route asks for it (count_5xx; PassiveHealthConfig::countsAsFailure()). When the time is
// up the instance goes on probation: it takes one request at a time (Backend::isHeldOutByHealth)
// and the first attempt that finishes decides, a success clears it, a failure ejects it for
// another fail_timeout at once. Successes outside probation do not clear the count: as in
// nginx, only the window's end does.
//
// It writes Backend::passiveState only, never the active checks' verdict (README, "Passive
// health"): the two are independent, and the instance is out when either holds it out. A route
// with a single instance is never ejected (nginx ignores max_fails for a lone server), and
// max_fails 0 turns passive health off for the route. Worker thread only.
class PassiveHealth final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PassiveHealth)

public:
    explicit PassiveHealth(QObject *parent = nullptr);
    ~PassiveHealth() override;

    // One attempt to the instance finished; routeInstances is how many instances its route has.
    void recordAttempt(const BackendPtr &backend, qsizetype routeInstances,
                       const PassiveHealthConfig &config, bool failed);
    // Drops every window and ejection, and clears the passive state of the instances still
    // alive (the gateway stopped: nothing would end their ejection).
    void clear();

Q_SIGNALS:
    void ejected(quint64 backendId);
    // An instance's passive state changed (ejected, on probation, cleared).
    void changed(quint64 backendId);

private:
    struct State {
        std::weak_ptr<Backend> backend;
        int failures = 0;
        qint64 windowStartMs = 0;
        // Tells the timer of the current ejection from those of earlier ones.
        quint64 ejection = 0;
    };

    void eject(State &state, Backend &backend, Milliseconds duration);
    void endEjection(quint64 backendId, quint64 ejection);
    void release(Backend &backend);

    QHash<quint64, std::shared_ptr<State>> m_states;
    quint64 m_lastEjection = 0;
};
