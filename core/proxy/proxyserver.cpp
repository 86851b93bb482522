#include "proxy/proxyserver.h"

#include "proxy/clientconnection.h"
#include "proxy/messagerewriter.h"
#include "proxy/monotonicclock.h"
#include "proxy/upstreamconnection.h"
#include "proxy/upstreampool.h"

#include <QLoggingCategory>
#include <cerrno>
#include <sys/socket.h>

Q_LOGGING_CATEGORY(lcProxy, "gateway.proxy")

namespace {
// Deadline resolution: timeouts fire within this much after they are due.
constexpr int sweepIntervalMs = 100;
// Idle upstream connections are closed after this long, before typical backends' own keep-alive
// timeouts (Node.js: 5 s) make them stale.
constexpr qint64 upstreamIdleLimitMs = 4000;
} // namespace

ProxyServer::ProxyServer(const LimitsConfig &limits, ExchangeObserver &observer, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_observer(observer)
    , m_pool(new UpstreamPool(this))
    , m_parking(this)
    , m_sweepTimer(this)
    , m_acceptRetryTimer(this)
    , m_viaPseudonym(newViaPseudonym()) {
    setListenBacklogSize(limits.listenBacklog());
    m_sweepTimer.setInterval(sweepIntervalMs);
    connect(&m_sweepTimer, &QTimer::timeout, this, &ProxyServer::sweep);
    m_sweepTimer.start();
    m_acceptRetryTimer.setSingleShot(true);
    m_acceptRetryTimer.setInterval(acceptRetryMs);
    connect(&m_acceptRetryTimer, &QTimer::timeout, this, &ProxyServer::resumeAcceptingAfterError);
}

ProxyServer::~ProxyServer() {
    closeAllConnections();
}

// QTcpServer cannot be left to accept: its socket engine keeps only the first error it ever
// sets, and the first accept() that finds the backlog empty sets a temporary one (EAGAIN). From
// then on EMFILE looks temporary too, so QTcpServer neither pauses nor emits acceptError() and
// polls the still-readable listener again at once: a gateway out of descriptors spun on
// accept() (strace: tens of thousands of EMFILE a second). So its notifier stays off and this
// one accepts.
bool ProxyServer::listen(const QHostAddress &address, quint16 port) {
    if (!QTcpServer::listen(address, port))
        return false;
    pauseAccepting(); // for good: QTcpServer's own notifier
    m_acceptNotifier =
        std::make_unique<QSocketNotifier>(socketDescriptor(), QSocketNotifier::Read, this);
    connect(m_acceptNotifier.get(), &QSocketNotifier::activated, this, &ProxyServer::acceptPending);
    return true;
}

void ProxyServer::setAccepting(bool accepting) {
    if (m_acceptNotifier)
        m_acceptNotifier->setEnabled(accepting);
}

void ProxyServer::acceptPending() {
    while (m_acceptNotifier && m_acceptNotifier->isEnabled()) {
        if (connectionCount() >= m_limits.maxConnections) {
            setAccepting(false); // max_connections: the rest wait in the kernel's backlog
            return;
        }
        const int descriptor = ::accept4(int(socketDescriptor()), nullptr, nullptr, SOCK_CLOEXEC);
        if (descriptor >= 0) {
            incomingConnection(descriptor);
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
            acceptFailed(errno);
            return;
        }
    }
}

// Out of descriptors (EMFILE, ENFILE) or memory: accepting again at once would fail again at
// once as long as nothing is freed. It resumes when a connection closes (which frees its
// descriptors) or after acceptRetryMs, as nginx does, so the listener recovers without spinning.
void ProxyServer::acceptFailed(int error) {
    setAccepting(false);
    ++m_acceptPauses;
    m_acceptRetryTimer.start();
    if (!std::exchange(m_acceptErrorReported, true)) { // once until an accept succeeds
        qCWarning(lcProxy).nospace()
            << "cannot accept a connection (" << qt_error_string(error) << ") with "
            << connectionCount() << " open; "
            << (error == EMFILE || error == ENFILE
                    ? "out of file descriptors: raise the limit (ulimit -n) or lower "
                      "limits.max_connections; "
                    : "")
            << "accepting again in " << acceptRetryMs << " ms or when a connection closes";
    }
}

void ProxyServer::resumeAcceptingAfterError() {
    m_acceptRetryTimer.stop();
    if (!m_shuttingDown && connectionCount() < m_limits.maxConnections)
        setAccepting(true);
}

void ProxyServer::incomingConnection(qintptr socketDescriptor) {
    m_acceptErrorReported = false;
    auto *connection = new ClientConnection(socketDescriptor, *this);
    m_connections.insert(connection);
    connect(connection, &ClientConnection::closed, this, &ProxyServer::onConnectionClosed);
    if (connectionCount() >= m_limits.maxConnections)
        setAccepting(false);
}

void ProxyServer::onConnectionClosed(ClientConnection *connection) {
    if (m_connections.erase(connection) == 0)
        return;
    connection->deleteLater();
    // Its descriptors are free once it is deleted, before the next accept is tried.
    if (m_acceptRetryTimer.isActive())
        QMetaObject::invokeMethod(this, &ProxyServer::resumeAcceptingAfterError,
                                  Qt::QueuedConnection);
    else if (!m_shuttingDown && connectionCount() < m_limits.maxConnections)
        setAccepting(true);
    // Queued: the last connection may close from deep inside an exchange's callbacks, and the
    // owner deletes this server (and every connection) when it hears drained().
    if (m_shuttingDown && m_connections.empty())
        QMetaObject::invokeMethod(this, &ProxyServer::drained, Qt::QueuedConnection);
}

void ProxyServer::sweep() {
    const qint64 now = monotonicMillis();
    // Copy: a deadline may close a connection, which erases it from the set.
    const std::vector<ClientConnection *> connections(m_connections.begin(), m_connections.end());
    const bool parking = m_parking.isAvailable() && !m_shuttingDown;
    for (ClientConnection *connection : connections) {
        if (!m_connections.count(connection))
            continue;
        connection->checkDeadlines(now);
        if (parking && m_connections.count(connection))
            connection->parkIfResting(now);
    }
    m_pool->closeIdleOlderThan(upstreamIdleLimitMs);
}

void ProxyServer::beginShutdown() {
    m_shuttingDown = true;
    m_acceptRetryTimer.stop();
    m_acceptNotifier.reset(); // before the descriptor it watches is closed
    close();                  // stop listening
    if (m_connections.empty()) {
        QMetaObject::invokeMethod(this, &ProxyServer::drained, Qt::QueuedConnection);
        return;
    }
    const std::vector<ClientConnection *> connections(m_connections.begin(), m_connections.end());
    for (ClientConnection *connection : connections)
        connection->closeWhenIdle();
}

void ProxyServer::cutAllConnections(const QByteArray &reason) {
    const std::vector<ClientConnection *> connections(m_connections.begin(), m_connections.end());
    m_connections.clear(); // a connection's closed() now changes nothing here
    for (ClientConnection *connection : connections) {
        connection->endForShutdown(reason);
        delete connection;
    }
    m_pool->closeAll();
}

void ProxyServer::closeAllConnections() {
    const std::vector<ClientConnection *> connections(m_connections.begin(), m_connections.end());
    m_connections.clear();
    for (ClientConnection *connection : connections)
        delete connection;
    m_pool->closeAll();
}

UpstreamLink *ProxyServer::acquireUpstream(const BackendPtr &backend) {
    return m_pool->acquire(backend);
}

void ProxyServer::releaseUpstream(UpstreamLink *link) {
    // Every link this server hands out is one of its pool's connections.
    m_pool->release(static_cast<UpstreamConnection *>(link));
}
