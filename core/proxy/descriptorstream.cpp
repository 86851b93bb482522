#include "proxy/descriptorstream.h"

#include "http/httpinputbuffer.h"
#include "proxy/phasetable.h"
#include "proxy/socketbuffers.h"

#include <array>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Whether errno after a read or send means "nothing now": the next edge says when to try again.
bool wouldBlock() {
    return errno == EAGAIN || errno == EWOULDBLOCK;
}

} // namespace

const char *DescriptorStream::phaseName(Phase phase) {
    switch (phase) {
    case Phase::Unopened:
        return "Unopened";
    case Phase::Open:
        return "Open";
    case Phase::Resting:
        return "Resting";
    case Phase::Closing:
        return "Closing";
    case Phase::Closed:
        return "Closed";
    }
    return "?";
}

void DescriptorStream::transitionTo(Phase next) {
    using Move = PhaseMove<Phase>;
    static constexpr std::array allowed{
        Move{Phase::Unopened, Phase::Open},  Move{Phase::Unopened, Phase::Closed},
        Move{Phase::Open, Phase::Resting},   Move{Phase::Resting, Phase::Open},
        Move{Phase::Open, Phase::Closing},   Move{Phase::Open, Phase::Closed},
        Move{Phase::Closing, Phase::Closed}, Move{Phase::Resting, Phase::Closed},
    };
    movePhase(m_phase, next, allowed, "descriptor stream", phaseName);
}

DescriptorStream::~DescriptorStream() {
    unwatch(); // before the descriptor it watches
    if (m_descriptor >= 0)
        ::close(m_descriptor);
}

bool DescriptorStream::open(int descriptor) {
    m_descriptor = descriptor;
    // Accepted and duplicated descriptors block; every call here must return at once.
    const int flags = fcntl(m_descriptor, F_GETFL);
    if (flags < 0 || fcntl(m_descriptor, F_SETFL, flags | O_NONBLOCK) != 0 || !watch()) {
        const int error = errno;
        ::close(m_descriptor);
        m_descriptor = -1;
        transitionTo(Phase::Closed);
        errno = error;
        return false;
    }
    // What is written goes out as written, not held back for more (QTcpSocket's LowDelayOption).
    const int noDelay = 1;
    ::setsockopt(m_descriptor, IPPROTO_TCP, TCP_NODELAY, &noDelay, sizeof noDelay);
    transitionTo(Phase::Open);
    return true;
}

bool DescriptorStream::watch() {
    m_readReady = m_writeReady = m_hungUp = false;
    m_watched = m_poller.watch(m_descriptor, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, this);
    m_reading = m_watched;
    return m_watched;
}

void DescriptorStream::unwatch() {
    if (std::exchange(m_watched, false))
        m_poller.unwatch(m_descriptor, this);
    m_reading = false;
}

void DescriptorStream::descriptorReady(quint32 events) {
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
        m_readReady = true;
    if (events & (EPOLLRDHUP | EPOLLHUP))
        m_hungUp = true;
    if (events & (EPOLLOUT | EPOLLHUP | EPOLLERR))
        m_writeReady = true;
    const bool canRead = m_readReady && m_reading;
    if (m_writeReady && bytesToWrite() > 0 &&
        (m_phase == Phase::Open || m_phase == Phase::Closing)) {
        // Sending first: a stream that always has more to read must not hold back what its owner
        // wrote (a tunnel's other direction). The owner may end and delete the stream when told
        // it was written: a read waiting too comes as a turn at the end of this pass, which the
        // stream's end cancels.
        if (canRead)
            m_poller.schedule(this);
        sendQueued();
    } else if (canRead) {
        readable();
    }
}

// One read per turn, into a buffer of the worker's that every stream shares, so that a stream
// keeps only what it received (a small request keeps a small buffer); while more may wait in
// the kernel the stream asks the poller for another turn.
void DescriptorStream::readable() {
    const qint64 room = SocketBuffers::socketReadLimit - m_received.size();
    if (room <= 0) {
        m_reading = false; // refill() takes some and turns it back on
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
        // A short read emptied the descriptor (a later byte or end is a new edge); a full one
        // may have left more, and an end seen is read to its 0.
        if (size_t(read) == wanted || m_hungUp)
            m_poller.schedule(this);
        else
            m_readReady = false;
        if (m_received.size() >= SocketBuffers::socketReadLimit)
            m_reading = false;
        m_owner.streamReadable();
        return;
    }
    if (read < 0 && wouldBlock()) {
        m_readReady = false;
        return;
    }
    if (read == 0) {
        peerClosed();
        return;
    }
    // A reset or another error: the connection is gone, and what was queued with it.
    const int error = errno;
    m_queued.clear();
    m_queuedFrom = 0;
    finish(End::Failed, error);
}

// QTcpSocket's way: the peer's FIN closes our side too once what is queued went out.
void DescriptorStream::peerClosed() {
    m_reading = false;
    if (bytesToWrite() == 0) {
        finish(End::PeerClosed, 0);
        return;
    }
    m_closingEnd = End::PeerClosed;
    transitionTo(Phase::Closing);
}

bool DescriptorStream::refill(HttpInputBuffer &input) {
    const bool hasBytes = input.refillFrom(m_received);
    if (m_phase == Phase::Open && !m_reading &&
        m_received.size() < SocketBuffers::socketReadLimit) {
        m_reading = true;
        if (m_readReady)
            m_poller.schedule(this);
    }
    return hasBytes;
}

void DescriptorStream::write(QByteArrayView bytes) {
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
    if (m_writeReady)
        m_poller.schedule(this);
}

void DescriptorStream::flush() {
    if (m_phase == Phase::Open || m_phase == Phase::Closing)
        sendQueued();
}

void DescriptorStream::sendQueued() {
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
            m_writeReady = false; // the next EPOLLOUT edge sends the rest
            break;
        } else {
            // The peer is gone (EPIPE, a reset): what is queued cannot go anywhere.
            const int error = errno;
            m_queued.clear();
            m_queuedFrom = 0;
            finish(End::Failed, error);
            return;
        }
    }
    const bool drained = m_queuedFrom == m_queued.size();
    if (drained) {
        m_queued.resize(0); // keeps the memory for the next message
        m_queuedFrom = 0;
    }
    // Like QTcpSocket's bytesWritten(): once per send, not again from inside an owner that
    // writes and flushes while it is told.
    if (sent > 0 && !m_announcingWritten) {
        m_announcingWritten = true;
        m_owner.streamWritten();
        m_announcingWritten = false;
    }
    if (m_phase == Phase::Closing && bytesToWrite() == 0)
        finish(m_closingEnd, 0);
}

void DescriptorStream::finish(End end, int error) {
    unwatch();
    ::close(m_descriptor);
    m_descriptor = -1;
    transitionTo(Phase::Closed);
    m_owner.streamEnded(end, error);
}

void DescriptorStream::abort() {
    m_queued.clear();
    m_queuedFrom = 0;
    if (isOpen() || m_phase == Phase::Closing)
        finish(End::Local, 0);
}

void DescriptorStream::closeAfterWriting() {
    if (m_phase != Phase::Open)
        return;
    m_reading = false;
    if (bytesToWrite() == 0) {
        finish(End::Local, 0);
        return;
    }
    m_closingEnd = End::Local;
    transitionTo(Phase::Closing); // sendQueued() closes once it is out
}

void DescriptorStream::rest() {
    Q_ASSERT(m_phase == Phase::Open && m_received.isEmpty() && bytesToWrite() == 0);
    unwatch();
    m_received = QByteArray();
    m_queued = QByteArray();
    m_queuedFrom = 0;
    transitionTo(Phase::Resting);
}

bool DescriptorStream::wake() {
    if (!watch())
        return false;
    transitionTo(Phase::Open);
    return true;
}
