#include "proxy/socketclienttransport.h"

#include "http/httpinputbuffer.h"
#include "proxy/phasetable.h"
#include "proxy/socketbuffers.h"

#include <QHostAddress>
#include <array>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Whether errno after a read or send means "nothing now, try when the notifier says so".
bool wouldBlock() {
    return errno == EAGAIN || errno == EWOULDBLOCK;
}

} // namespace

const char *SocketClientTransport::phaseName(Phase phase) {
    switch (phase) {
    case Phase::Open:
        return "Open";
    case Phase::Parked:
        return "Parked";
    case Phase::Closing:
        return "Closing";
    case Phase::Closed:
        return "Closed";
    }
    return "?";
}

void SocketClientTransport::transitionTo(Phase next) {
    using Transition = PhaseMove<Phase>;
    static constexpr std::array allowed{
        Transition{Phase::Open, Phase::Parked},    Transition{Phase::Parked, Phase::Open},
        Transition{Phase::Open, Phase::Closing},   Transition{Phase::Open, Phase::Closed},
        Transition{Phase::Closing, Phase::Closed}, Transition{Phase::Parked, Phase::Closed},
    };
    movePhase(m_phase, next, allowed, "client transport", phaseName);
}

SocketClientTransport::SocketClientTransport(qintptr socketDescriptor, IdleParking &parking)
    : m_parking(parking)
    , m_descriptor(int(socketDescriptor)) {
    // The acceptor's descriptors block; every call here must return at once.
    const int flags = fcntl(m_descriptor, F_GETFL);
    if (flags < 0 || fcntl(m_descriptor, F_SETFL, flags | O_NONBLOCK) != 0) {
        ::close(m_descriptor);
        m_descriptor = -1;
        transitionTo(Phase::Closed);
        // The connection does not exist for its listener yet: told on the next pass.
        QMetaObject::invokeMethod(
            &m_context, [this] { m_listener->transportDisconnected(); }, Qt::QueuedConnection);
        return;
    }
    // Our answers go out as written, not held back for more (as QTcpSocket's LowDelayOption).
    const int noDelay = 1;
    ::setsockopt(m_descriptor, IPPROTO_TCP, TCP_NODELAY, &noDelay, sizeof noDelay);
    watch();
}

SocketClientTransport::~SocketClientTransport() {
    // The notifiers go before the descriptor they watch.
    m_readNotifier.reset();
    m_writeNotifier.reset();
    if (isParked())
        m_parking.leave(m_descriptor, this);
    if (m_descriptor >= 0)
        ::close(m_descriptor);
}

void SocketClientTransport::watch() {
    m_readNotifier = std::make_unique<QSocketNotifier>(m_descriptor, QSocketNotifier::Read);
    QObject::connect(m_readNotifier.get(), &QSocketNotifier::activated, &m_context,
                     [this] { readable(); });
    m_writeNotifier = std::make_unique<QSocketNotifier>(m_descriptor, QSocketNotifier::Write);
    m_writeNotifier->setEnabled(bytesToWrite() > 0);
    QObject::connect(m_writeNotifier.get(), &QSocketNotifier::activated, &m_context,
                     [this] { sendQueued(); });
}

// One read per wake-up, into a buffer of the worker's that every connection shares, so that a
// connection keeps only what it received (a small request keeps a small buffer); while more
// waits in the kernel the notifier (level-triggered) fires again.
void SocketClientTransport::readable() {
    const qint64 room = SocketBuffers::socketReadLimit - m_received.size();
    if (room <= 0) {
        m_readNotifier->setEnabled(false); // refill() takes some and turns it back on
        return;
    }
    static thread_local std::array<char, SocketBuffers::readChunk> chunk;
    const size_t wanted = size_t(std::min<qint64>(room, qint64(chunk.size())));
    ssize_t read = 0;
    do
        read = ::read(m_descriptor, chunk.data(), wanted);
    while (read < 0 && errno == EINTR);
    if (read > 0) {
        m_received.append(chunk.data(), read);
        if (m_received.size() >= SocketBuffers::socketReadLimit)
            m_readNotifier->setEnabled(false);
        m_listener->transportReadable();
        return;
    }
    if (read < 0 && wouldBlock())
        return;
    if (read == 0) {
        peerClosed();
        return;
    }
    // A reset or another error: the connection is gone, and what was queued with it.
    m_queued.clear();
    m_queuedFrom = 0;
    finishClose();
}

// QTcpSocket's way: the peer's FIN closes our side too once what is queued went out.
void SocketClientTransport::peerClosed() {
    m_readNotifier->setEnabled(false);
    if (bytesToWrite() == 0) {
        finishClose();
        return;
    }
    transitionTo(Phase::Closing);
}

bool SocketClientTransport::refill(HttpInputBuffer &input) {
    const bool hasBytes = input.refillFrom(m_received);
    if (m_phase == Phase::Open && !m_readNotifier->isEnabled() &&
        m_received.size() < SocketBuffers::socketReadLimit)
        m_readNotifier->setEnabled(true);
    return hasBytes;
}

void SocketClientTransport::write(QByteArrayView bytes) {
    if (m_phase != Phase::Open && m_phase != Phase::Closing)
        return;
    // What went out is dropped once it is half of the queue, so that a queue that never empties
    // (a long download to a slow reader) does not keep everything it ever held.
    if (m_queuedFrom > 0 && m_queuedFrom >= m_queued.size() / 2) {
        m_queued.remove(0, m_queuedFrom);
        m_queuedFrom = 0;
    }
    m_queued.append(bytes.data(), bytes.size());
    // Out on the event loop's next pass unless flush() sends it first.
    if (!m_writeNotifier->isEnabled())
        m_writeNotifier->setEnabled(true);
}

void SocketClientTransport::flush() {
    if (m_phase == Phase::Open || m_phase == Phase::Closing)
        sendQueued();
}

void SocketClientTransport::sendQueued() {
    qint64 sent = 0;
    while (m_queuedFrom < m_queued.size()) {
        const ssize_t written = ::send(m_descriptor, m_queued.constData() + m_queuedFrom,
                                       size_t(m_queued.size() - m_queuedFrom), MSG_NOSIGNAL);
        if (written > 0) {
            m_queuedFrom += written;
            sent += written;
        } else if (written < 0 && errno == EINTR) {
            continue;
        } else if (written < 0 && wouldBlock()) {
            break;
        } else {
            // The peer is gone (EPIPE, a reset): what is queued cannot go anywhere.
            m_queued.clear();
            m_queuedFrom = 0;
            finishClose();
            return;
        }
    }
    const bool drained = m_queuedFrom == m_queued.size();
    if (drained) {
        m_queued.resize(0); // keeps the memory for the next answer
        m_queuedFrom = 0;
    }
    if (m_writeNotifier->isEnabled() == drained)
        m_writeNotifier->setEnabled(!drained);
    // Like QTcpSocket's bytesWritten(): once per send, not again from inside a listener that
    // writes and flushes while it is told.
    if (sent > 0 && !m_announcingWritten) {
        m_announcingWritten = true;
        m_listener->transportWritten();
        m_announcingWritten = false;
    }
    if (m_phase == Phase::Closing && bytesToWrite() == 0)
        finishClose();
}

void SocketClientTransport::finishClose() {
    if (m_readNotifier) {
        m_readNotifier->setEnabled(false);
        m_writeNotifier->setEnabled(false);
    }
    if (isParked())
        m_parking.leave(m_descriptor, this);
    ::close(m_descriptor);
    m_descriptor = -1;
    transitionTo(Phase::Closed);
    m_listener->transportDisconnected();
}

void SocketClientTransport::abort() {
    m_queued.clear();
    m_queuedFrom = 0;
    if (m_phase != Phase::Closed)
        finishClose();
}

QByteArray SocketClientTransport::peerAddress() const {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (m_descriptor < 0 ||
        ::getpeername(m_descriptor, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return {};
    return QHostAddress(reinterpret_cast<const sockaddr *>(&address)).toString().toLatin1();
}

void SocketClientTransport::closeAfterWriting() {
    switch (m_phase) {
    case Phase::Open:
        m_readNotifier->setEnabled(false);
        if (bytesToWrite() == 0)
            finishClose();
        else
            transitionTo(Phase::Closing); // sendQueued() closes once it is out
        return;
    case Phase::Closed:
        // Already closed (an error came first): told again on the next pass, as the caller
        // expects a transportDisconnected() to follow.
        QMetaObject::invokeMethod(
            &m_context, [this] { m_listener->transportDisconnected(); }, Qt::QueuedConnection);
        return;
    case Phase::Parked:  // the connection takes a parked transport back before closing it
    case Phase::Closing: // on its way already
        return;
    }
}

// shutdown(2): our FIN now, reading goes on (a lingering close).
void SocketClientTransport::shutDownWriting() {
    if (m_descriptor >= 0)
        ::shutdown(m_descriptor, SHUT_WR);
}

void SocketClientTransport::resetOnClose() {
    // SO_LINGER with a zero timeout makes close() reset.
    const linger option{1, 0};
    if (m_descriptor >= 0)
        ::setsockopt(m_descriptor, SOL_SOCKET, SO_LINGER, &option, sizeof(option));
}

bool SocketClientTransport::hasBytesInTransit() const {
    if (!isConnected())
        return false;
    int unreadInKernel = 0;
    if (::ioctl(m_descriptor, FIONREAD, &unreadInKernel) != 0)
        return false;
    return unreadInKernel > 0;
}

bool SocketClientTransport::park() {
    if (m_phase != Phase::Open)
        return false;
    // In the parking's epoll set only: no notifiers for Qt's dispatcher to poll.
    m_readNotifier.reset();
    m_writeNotifier.reset();
    if (!m_parking.park(m_descriptor, this)) {
        watch();
        return false;
    }
    transitionTo(Phase::Parked);
    m_received = QByteArray();
    m_queued = QByteArray();
    m_queuedFrom = 0;
    return true;
}

void SocketClientTransport::unpark() {
    m_parking.leave(m_descriptor, this);
    transitionTo(Phase::Open);
    // The read notifier reports the waiting bytes, or the peer's close, on the next pass.
    watch();
    m_listener->transportUnparked();
}

void SocketClientTransport::wakeFromParking() {
    unpark();
}
