#include "net/backoffacceptor.h"

#include <QTcpServer>
#include <cerrno>
#include <sys/socket.h>
#include <utility>

BackoffAcceptor::BackoffAcceptor(QTcpServer &server, RoomCheck hasRoom, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_hasRoom(std::move(hasRoom))
    , m_retryTimer(this) {
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(retryMs);
    connect(&m_retryTimer, &QTimer::timeout, this, &BackoffAcceptor::resumeAfterError);
}

BackoffAcceptor::~BackoffAcceptor() = default;

// QTcpServer's socket engine keeps only the first error it ever sets, and the first accept()
// that finds the backlog empty sets a temporary one (EAGAIN). From then on EMFILE looks
// temporary too, so QTcpServer neither pauses nor emits acceptError() and polls the
// still-readable listener again at once (strace: tens of thousands of EMFILE a second); when
// the first error is EMFILE, it pauses and never resumes. So its notifier stays off.
void BackoffAcceptor::start() {
    m_server.pauseAccepting(); // for good: QTcpServer's own notifier
    m_notifier =
        std::make_unique<QSocketNotifier>(m_server.socketDescriptor(), QSocketNotifier::Read, this);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &BackoffAcceptor::acceptPending);
}

void BackoffAcceptor::stop() {
    m_retryTimer.stop();
    m_notifier.reset();
}

void BackoffAcceptor::setAccepting(bool accepting) {
    if (m_notifier)
        m_notifier->setEnabled(accepting);
}

void BackoffAcceptor::acceptPending() {
    while (m_notifier && m_notifier->isEnabled()) {
        if (!hasRoom()) {
            setAccepting(false); // the rest wait in the kernel's backlog
            return;
        }
        const int descriptor =
            ::accept4(int(m_server.socketDescriptor()), nullptr, nullptr, SOCK_CLOEXEC);
        if (descriptor >= 0) {
            m_failureReported = false;
            Q_EMIT accepted(descriptor);
            continue;
        }
        switch (errno) {
        case EINTR:
        case ECONNABORTED: // the client gave up while waiting in the backlog
        case EPROTO:
            continue;
        case EAGAIN:
#if EWOULDBLOCK != EAGAIN
        case EWOULDBLOCK:
#endif
            return;
        default:
            pause(errno);
            return;
        }
    }
}

// Out of descriptors (EMFILE, ENFILE) or memory: accepting again at once would fail again at
// once as long as nothing is freed. It resumes when a connection closes (which frees its
// descriptors) or after retryMs, as nginx does, so the listener recovers without spinning.
void BackoffAcceptor::pause(int error) {
    setAccepting(false);
    ++m_pauses;
    m_retryTimer.start();
    if (!std::exchange(m_failureReported, true))
        Q_EMIT acceptFailed(error);
}

void BackoffAcceptor::resumeAfterError() {
    m_retryTimer.stop();
    if (hasRoom())
        setAccepting(true);
}

void BackoffAcceptor::connectionClosed() {
    if (!m_notifier)
        return;
    // Queued: the closed connection's descriptors are free once it is deleted (deleteLater()),
    // which should happen before the next accept is tried.
    if (m_retryTimer.isActive())
        QMetaObject::invokeMethod(this, &BackoffAcceptor::resumeAfterError, Qt::QueuedConnection);
    else if (hasRoom())
        setAccepting(true);
}
