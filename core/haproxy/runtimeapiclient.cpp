#include "haproxy/runtimeapiclient.h"

#include <QLocalSocket>
#include <QTcpSocket>

RuntimeApiClient::RuntimeApiClient(const RuntimeApiAddress &address, QObject *parent)
    : QObject(parent)
    , m_address(address) {
    qRegisterMetaType<RuntimeApiAnswer>();
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        fail(RuntimeApiAnswer::Error::Timeout,
             QStringLiteral("no answer from %1 within %2 ms (is it HAProxy's stats socket?)")
                 .arg(m_address.toString())
                 .arg(m_timeoutMs));
    });
}

RuntimeApiClient::~RuntimeApiClient() {
    // Its signals must not reach this half-destroyed object.
    if (m_socket)
        m_socket->disconnect(this);
}

void RuntimeApiClient::transitionTo(Phase phase) {
    const bool allowed = (m_phase == Phase::Idle && phase == Phase::Connecting) ||
                         (m_phase == Phase::Connecting && phase == Phase::Reading) ||
                         (m_phase != Phase::Idle && phase == Phase::Idle);
    Q_ASSERT(allowed);
    if (!allowed)
        qCritical("RuntimeApiClient: phase %d to %d is not allowed", int(m_phase), int(phase));
    m_phase = phase;
}

void RuntimeApiClient::send(const QByteArray &command) {
    m_queue.append(command);
    if (m_phase == Phase::Idle)
        postStartNext();
}

void RuntimeApiClient::postStartNext() {
    // From the event loop, so that answered() is never emitted inside send() (a socket may
    // report a missing path while connecting) and a receiver may delete the client in it.
    QMetaObject::invokeMethod(this, &RuntimeApiClient::startNext, Qt::QueuedConnection);
}

void RuntimeApiClient::startNext() {
    if (m_phase != Phase::Idle || m_queue.isEmpty())
        return;
    transitionTo(Phase::Connecting);
    m_text.clear();
    m_deadline.start(m_timeoutMs);
    const auto errorText = [this](const QString &error) {
        return QStringLiteral("%1 (%2)").arg(error, m_address.toString());
    };
    if (m_address.kind == RuntimeApiAddress::Kind::Unix) {
        auto *socket = new QLocalSocket;
        m_socket.reset(socket);
        connect(socket, &QLocalSocket::connected, this, &RuntimeApiClient::onConnected);
        connect(socket, &QLocalSocket::readyRead, this, &RuntimeApiClient::onReadable);
        connect(socket, &QLocalSocket::disconnected, this, &RuntimeApiClient::onClosed);
        connect(socket, &QLocalSocket::errorOccurred, this,
                [this, socket, errorText](QLocalSocket::LocalSocketError error) {
                    // Qt's texts for these name its own function ("QLocalSocket::
                    // connectToServer: Invalid name" for a missing file).
                    switch (error) {
                    case QLocalSocket::PeerClosedError:
                        return; // disconnected() follows
                    case QLocalSocket::ServerNotFoundError:
                        fail(RuntimeApiAnswer::Error::Unreachable,
                             errorText(QStringLiteral("no such socket")));
                        return;
                    case QLocalSocket::ConnectionRefusedError:
                        fail(RuntimeApiAnswer::Error::Unreachable,
                             errorText(QStringLiteral("nothing listens on the socket")));
                        return;
                    case QLocalSocket::SocketAccessError:
                        fail(RuntimeApiAnswer::Error::Unreachable,
                             errorText(QStringLiteral("no permission to open the socket")));
                        return;
                    default:
                        fail(RuntimeApiAnswer::Error::Unreachable,
                             errorText(socket->errorString()));
                    }
                });
        socket->connectToServer(m_address.path);
    } else {
        auto *socket = new QTcpSocket;
        m_socket.reset(socket);
        connect(socket, &QTcpSocket::connected, this, &RuntimeApiClient::onConnected);
        connect(socket, &QTcpSocket::readyRead, this, &RuntimeApiClient::onReadable);
        connect(socket, &QTcpSocket::disconnected, this, &RuntimeApiClient::onClosed);
        connect(socket, &QTcpSocket::errorOccurred, this,
                [this, socket, errorText](QAbstractSocket::SocketError error) {
                    if (error == QAbstractSocket::RemoteHostClosedError)
                        return; // disconnected() follows
                    fail(RuntimeApiAnswer::Error::Unreachable, errorText(socket->errorString()));
                });
        socket->connectToHost(m_address.host, m_address.port);
    }
}

void RuntimeApiClient::onConnected() {
    if (m_phase != Phase::Connecting)
        return;
    transitionTo(Phase::Reading);
    m_socket->write(m_queue.first() + '\n');
}

void RuntimeApiClient::onReadable() {
    if (m_phase != Phase::Reading)
        return;
    m_text += m_socket->readAll();
    if (m_text.size() > maxAnswerBytes)
        fail(RuntimeApiAnswer::Error::TooLarge,
             QStringLiteral("%1 sent more than %2 bytes without closing: not HAProxy's runtime API")
                 .arg(m_address.toString())
                 .arg(maxAnswerBytes));
}

void RuntimeApiClient::onClosed() {
    if (m_phase == Phase::Idle)
        return;
    if (m_phase == Phase::Connecting) {
        fail(RuntimeApiAnswer::Error::Unreachable,
             QStringLiteral("%1 closed the connection at once").arg(m_address.toString()));
        return;
    }
    onReadable();
    if (m_phase != Phase::Reading)
        return; // failed as too large
    RuntimeApiAnswer answer;
    answer.command = m_queue.first();
    answer.text = m_text;
    finish(std::move(answer));
}

void RuntimeApiClient::fail(RuntimeApiAnswer::Error error, const QString &message) {
    if (m_phase == Phase::Idle)
        return;
    RuntimeApiAnswer answer;
    answer.command = m_queue.first();
    answer.error = error;
    answer.message = message;
    finish(std::move(answer));
}

void RuntimeApiClient::finish(RuntimeApiAnswer answer) {
    m_deadline.stop();
    m_queue.removeFirst();
    transitionTo(Phase::Idle);
    m_text.clear();
    // Deleted later: this may run inside one of the socket's own signals.
    QIODevice *socket = m_socket.release();
    socket->disconnect(this);
    if (auto *local = qobject_cast<QLocalSocket *>(socket))
        local->abort();
    else if (auto *tcp = qobject_cast<QTcpSocket *>(socket))
        tcp->abort();
    socket->deleteLater();
    if (!m_queue.isEmpty())
        postStartNext();
    Q_EMIT answered(answer);
}
