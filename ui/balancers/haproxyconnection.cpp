#include "balancers/haproxyconnection.h"

#include "haproxy/haproxysession.h"

HaproxyConnection::HaproxyConnection(QObject *parent)
    : QObject(parent)
    , m_pollIntervalMs(HaproxySession::defaultPollIntervalMs) {}

HaproxyConnection::~HaproxyConnection() = default;

void HaproxyConnection::connectTo(const RuntimeApiAddress &address, quint16 logPort) {
    if (m_attempt || m_session)
        return;
    m_address = address;
    m_attempt = std::make_unique<HaproxySession>(address);
    m_attempt->setPollIntervalMs(m_pollIntervalMs);
    QString error;
    if (!m_attempt->listenForLogs(logPort, &error)) {
        finishAttempt(false, error);
        return;
    }
    connect(m_attempt.get(), &HaproxySession::started, this,
            [this] { finishAttempt(true, QString()); });
    connect(m_attempt.get(), &HaproxySession::startFailed, this,
            [this](const QString &message) { finishAttempt(false, message); });
    m_attempt->start();
}

void HaproxyConnection::finishAttempt(bool succeeded, const QString &message) {
    // Deleted from the event loop: this runs inside the attempt's own signal.
    std::unique_ptr<HaproxySession> attempt = std::move(m_attempt);
    if (!succeeded) {
        attempt.release()->deleteLater();
        Q_EMIT connectFailed(message);
        return;
    }
    m_session = std::move(attempt);
    Q_EMIT connected(*m_session);
}

void HaproxyConnection::disconnectFromHaproxy() {
    if (!m_session)
        return;
    m_session->stop();
    m_session.release()->deleteLater();
    Q_EMIT disconnected();
}
