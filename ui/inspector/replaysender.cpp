#include "inspector/replaysender.h"

namespace {
// Enough for any status line; the rest of the response is read and dropped.
constexpr qsizetype keptBytes = 4096;
// A replay waits as long as a slow instance may take; the gateway's own deadlines end it first.
constexpr int deadlineMs = 60000;
} // namespace

ReplaySender::ReplaySender(QObject *parent)
    : QObject(parent) {
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(deadlineMs);
    connect(&m_deadline, &QTimer::timeout, this,
            [this] { fail(tr("no complete response within %1 s").arg(deadlineMs / 1000)); });
    connect(&m_socket, &QTcpSocket::connected, this, [this] {
        setPhase(Phase::Waiting);
        m_socket.write(m_request);
    });
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
        const QByteArray bytes = m_socket.readAll();
        m_responseStart += bytes.left(keptBytes - m_responseStart.size());
    });
    connect(&m_socket, &QTcpSocket::disconnected, this, &ReplaySender::finish);
    connect(&m_socket, &QTcpSocket::errorOccurred, this,
            [this](QAbstractSocket::SocketError error) {
                // The server closing after its response is the end we wait for, not an error.
                if (error == QAbstractSocket::RemoteHostClosedError && m_phase == Phase::Waiting)
                    return;
                fail(m_socket.errorString());
            });
}

ReplaySender::~ReplaySender() {
    // The socket, destroyed after the members declared below it, closes itself and would report
    // disconnected() to a sender already half destroyed (a replay still waiting when its parent
    // goes away).
    m_socket.disconnect(this);
}

void ReplaySender::send(const QString &host, quint16 port, const QByteArray &request) {
    Q_ASSERT(m_phase == Phase::Idle);
    m_request = request;
    setPhase(Phase::Connecting);
    m_deadline.start();
    m_socket.connectToHost(host, port);
}

void ReplaySender::setPhase(Phase phase) {
    // Idle → Connecting → Waiting → Done; any phase but Done may end in Done (a failure).
    Q_ASSERT((m_phase == Phase::Idle && phase == Phase::Connecting) ||
             (m_phase == Phase::Connecting && phase == Phase::Waiting) ||
             (m_phase != Phase::Done && phase == Phase::Done));
    m_phase = phase;
}

void ReplaySender::finish() {
    if (m_phase != Phase::Waiting)
        return;
    m_responseStart += m_socket.readAll().left(keptBytes - m_responseStart.size());
    const qsizetype lineEnd = m_responseStart.indexOf("\r\n");
    if (lineEnd <= 0) {
        fail(tr("the connection closed without a response"));
        return;
    }
    setPhase(Phase::Done);
    m_deadline.stop();
    Q_EMIT finished(m_responseStart.left(lineEnd));
    deleteLater();
}

void ReplaySender::fail(const QString &error) {
    if (m_phase == Phase::Done)
        return;
    setPhase(Phase::Done);
    m_deadline.stop();
    m_socket.abort();
    Q_EMIT failed(error);
    deleteLater();
}
