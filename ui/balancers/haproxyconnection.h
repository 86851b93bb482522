#pragma once

#include "haproxy/runtimeapiaddress.h"

#include <QObject>
#include <memory>

class HaproxySession;

// The window's HAProxy, if it shows one (File → Connect to HAProxy…, --haproxy): tries a
// connection with a session of its own and swaps it in only once HAProxy answered, so that a
// failed attempt (nothing listening, not HAProxy, the log port taken) leaves the window on
// what it had. Idle → Connecting → Connected → (disconnectFromHaproxy) Idle: one HAProxy at a
// time, as the log port (the export's 5140) can be held by one session only.
class HaproxyConnection final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HaproxyConnection)

public:
    explicit HaproxyConnection(QObject *parent = nullptr);
    ~HaproxyConnection() override;

    // Polls address's runtime API and receives HAProxy's log on 127.0.0.1:logPort (0: a free
    // port, for tests). Answered by connected() or connectFailed(). Ignored unless idle.
    void connectTo(const RuntimeApiAddress &address, quint16 logPort);
    // Stops the session shown; disconnected() follows at once. Nothing when none is shown.
    void disconnectFromHaproxy();

    bool isConnecting() const { return m_attempt != nullptr; }
    // The HAProxy last asked for: the one being tried, else the one shown.
    const RuntimeApiAddress &address() const { return m_address; }
    // The session shown, or null.
    HaproxySession *session() const { return m_session.get(); }
    void setPollIntervalMs(int ms) { m_pollIntervalMs = ms; }

Q_SIGNALS:
    // session() answered and is now the one shown.
    void connected(HaproxySession &session);
    // message is English (HaproxySession's words) and names the address.
    void connectFailed(const QString &message);
    void disconnected();

private:
    void finishAttempt(bool succeeded, const QString &message);

    std::unique_ptr<HaproxySession> m_session;
    std::unique_ptr<HaproxySession> m_attempt;
    RuntimeApiAddress m_address;
    int m_pollIntervalMs;
};
