#pragma once

#include "balancing/backend.h"
#include "config/gatewayconfig.h"

#include <QHash>
#include <QObject>
#include <functional>
#include <memory>

// Passive health, as nginx's max_fails/fail_timeout: the proxy reports every attempt, and
// max_fails failures (connect errors, timeouts, resets, 5xx) within fail_timeout of the first
// one mark the instance down for fail_timeout. When that time is up the instance becomes
// eligible again with health `unknown`, on probation: the next attempt that finishes decides, a
// success marks it up, a failure marks it down for another fail_timeout at once (nginx lets one
// request through per fail_timeout in the same way). Successes outside probation do not clear
// the count: as in nginx, only the window's end does.
//
// With active checks on the route (see HealthChecker), the two are combined:
// - passive marking works the same and also makes the probes earn `rise` fresh successes
//   (markedDown → HealthChecker::restartRise), so a check brings the instance back early only
//   after rise passing probes since the marking;
// - the probes marking it up clears the passive state (forget());
// - at the window's end the instance goes on probation only if the probes do not hold it down
//   themselves (the activelyDown predicate); otherwise it stays down until the probes pass.
// max_fails 0 turns passive marking off for the route. Worker thread only.
class PassiveHealth final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PassiveHealth)

public:
    explicit PassiveHealth(QObject *parent = nullptr);
    ~PassiveHealth() override;

    // Whether active checks currently hold the instance down (by Backend id).
    void setActivelyDown(std::function<bool(quint64 backendId)> activelyDown) {
        m_activelyDown = std::move(activelyDown);
    }

    // One attempt to the instance finished.
    void recordAttempt(const BackendPtr &backend, const PassiveHealthConfig &config, bool failed);
    // Drops what is known about the instance (its window, probation, pending revival).
    void forget(quint64 backendId);
    void clear();

    bool isMarkedDown(quint64 backendId) const;
    bool isOnProbation(quint64 backendId) const;

Q_SIGNALS:
    void markedDown(quint64 backendId);
    // Health of an instance changed through passive marking, probation or its end.
    void changed(quint64 backendId);

private:
    struct State {
        std::weak_ptr<Backend> backend;
        int failures = 0;
        qint64 windowStartMs = 0;
        bool down = false;
        bool probation = false;
        // Tells the revival timer of the current down time from those of earlier ones.
        quint64 downTime = 0;
    };

    void markDown(quint64 backendId, State &state, const Backend &backend, Milliseconds duration);
    void endDownTime(quint64 backendId, quint64 downTime);

    QHash<quint64, std::shared_ptr<State>> m_states;
    std::function<bool(quint64)> m_activelyDown;
    quint64 m_lastDownTime = 0;
};
