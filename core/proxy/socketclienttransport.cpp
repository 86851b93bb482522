#include "proxy/socketclienttransport.h"

#include "http/httpinputbuffer.h"
#include "proxy/socketbuffers.h"

#include <QHostAddress>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

SocketClientTransport::SocketClientTransport(qintptr socketDescriptor, IdleParking &parking)
    : m_parking(parking) {
    attachSocket(socketDescriptor);
}

SocketClientTransport::~SocketClientTransport() {
    if (!m_socket) {
        m_parking.leave(m_parkedDescriptor, this);
        ::close(m_parkedDescriptor);
        return;
    }
    m_socket->disconnect();
    m_socket->abort();
}

void SocketClientTransport::attachSocket(qintptr socketDescriptor) {
    m_socket = std::make_unique<QTcpSocket>();
    QTcpSocket *socket = m_socket.get();
    if (!socket->setSocketDescriptor(socketDescriptor))
        ::close(int(socketDescriptor)); // Qt did not take it; the connection closes below
    socket->setReadBufferSize(SocketBuffers::socketReadLimit);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // The socket is the context: it dies with this transport, and with it the connections.
    QObject::connect(socket, &QTcpSocket::readyRead, socket,
                     [this] { m_listener->transportReadable(); });
    QObject::connect(socket, &QTcpSocket::bytesWritten, socket,
                     [this] { m_listener->transportWritten(); });
    QObject::connect(socket, &QTcpSocket::disconnected, socket,
                     [this] { m_listener->transportDisconnected(); });
    if (socket->state() != QAbstractSocket::ConnectedState)
        QMetaObject::invokeMethod(
            socket, [this] { m_listener->transportDisconnected(); }, Qt::QueuedConnection);
}

bool SocketClientTransport::refill(HttpInputBuffer &input) {
    return input.refill(*m_socket);
}

bool SocketClientTransport::isConnected() const {
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

QByteArray SocketClientTransport::peerAddress() const {
    return m_socket->peerAddress().toString().toLatin1();
}

void SocketClientTransport::closeAfterWriting() {
    // Flushes what is queued, then closes; disconnected() follows.
    m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        QMetaObject::invokeMethod(
            m_socket.get(), [this] { m_listener->transportDisconnected(); }, Qt::QueuedConnection);
}

// shutdown(2), which QTcpSocket does not offer.
void SocketClientTransport::shutDownWriting() {
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
}

void SocketClientTransport::resetOnClose() {
    // SO_LINGER with a zero timeout makes close() reset.
    const linger option{1, 0};
    ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &option, sizeof(option));
}

bool SocketClientTransport::hasBytesInTransit() const {
    if (!isConnected())
        return false;
    int unreadInKernel = 0;
    if (::ioctl(int(m_socket->socketDescriptor()), FIONREAD, &unreadInKernel) != 0)
        return false;
    return unreadInKernel > 0;
}

bool SocketClientTransport::park() {
    // QTcpSocket cannot give its descriptor away: keep a duplicate, and the socket's close of
    // the original leaves the connection open (close(2), not shutdown(2)).
    const int descriptor = fcntl(int(m_socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    if (descriptor < 0)
        return false; // out of descriptors: stay in the event loop
    if (!m_parking.park(descriptor, this)) {
        ::close(descriptor);
        return false;
    }
    m_socket->disconnect();
    m_socket.reset();
    m_parkedDescriptor = descriptor;
    return true;
}

void SocketClientTransport::unpark() {
    const int descriptor = std::exchange(m_parkedDescriptor, -1);
    m_parking.leave(descriptor, this);
    // The new socket's read notifier reports the waiting bytes, or the peer's close, on the
    // event loop's next pass.
    attachSocket(descriptor);
    m_listener->transportUnparked();
}

void SocketClientTransport::wakeFromParking() {
    unpark();
}
