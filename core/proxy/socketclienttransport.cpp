#include "proxy/socketclienttransport.h"

#include <QHostAddress>
#include <sys/ioctl.h>
#include <sys/socket.h>

SocketClientTransport::SocketClientTransport(qintptr socketDescriptor, DescriptorPoller &poller,
                                             IdleParking &parking)
    : DescriptorTransport(static_cast<DescriptorStream::Owner &>(*this), poller)
    , m_parking(parking) {
    // The connection does not exist for its listener yet: told on the next pass.
    if (!m_stream.open(int(socketDescriptor)))
        reportClosedLater();
}

SocketClientTransport::~SocketClientTransport() {
    if (m_stream.isResting())
        m_parking.leave(m_stream.descriptor(), this);
    // The stream closes the descriptor without reporting it.
}

void SocketClientTransport::reportClosedLater() {
    if (!m_closedReportContext)
        m_closedReportContext = std::make_unique<QObject>();
    QMetaObject::invokeMethod(
        m_closedReportContext.get(), [this] { m_listener->transportDisconnected(); },
        Qt::QueuedConnection);
}

void SocketClientTransport::abort() {
    if (m_stream.isResting())
        m_parking.leave(m_stream.descriptor(), this);
    m_stream.abort();
}

QByteArray SocketClientTransport::peerAddress() const {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(m_stream.descriptor(), reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return {};
    return QHostAddress(reinterpret_cast<const sockaddr *>(&address)).toString().toLatin1();
}

void SocketClientTransport::closeAfterWriting() {
    // Already closed (an error came first): the caller still expects a transportDisconnected().
    if (m_stream.isClosed())
        reportClosedLater();
    else
        m_stream.closeAfterWriting();
}

// shutdown(2): our FIN now, reading goes on (a lingering close).
void SocketClientTransport::shutDownWriting() {
    if (m_stream.isOpen())
        ::shutdown(m_stream.descriptor(), SHUT_WR);
}

void SocketClientTransport::resetOnClose() {
    // SO_LINGER with a zero timeout makes close() reset.
    const linger option{1, 0};
    if (m_stream.descriptor() >= 0)
        ::setsockopt(m_stream.descriptor(), SOL_SOCKET, SO_LINGER, &option, sizeof(option));
}

bool SocketClientTransport::hasBytesInTransit() const {
    if (!m_stream.isOpen())
        return false;
    int unreadInKernel = 0;
    if (::ioctl(m_stream.descriptor(), FIONREAD, &unreadInKernel) != 0)
        return false;
    return unreadInKernel > 0;
}

bool SocketClientTransport::park() {
    if (!m_stream.isOpen() || m_stream.isResting())
        return false;
    // The descriptor leaves the stream's watch for the parking's, in the same epoll set.
    m_stream.rest();
    if (m_parking.park(m_stream.descriptor(), this))
        return true;
    // Not parked: watched as a stream again, or, when even that fails, cut (disconnected inside
    // the call) rather than left unwatched until its idle timeout.
    if (!m_stream.wake())
        m_stream.abort();
    return false;
}

void SocketClientTransport::unpark() {
    m_parking.leave(m_stream.descriptor(), this);
    const bool watched = m_stream.wake();
    m_listener->transportUnparked();
    // Cut once the listener is out of parking, so that it hears of the end.
    if (!watched)
        m_stream.abort();
}

void SocketClientTransport::wakeFromParking() {
    unpark();
}
