#include "proxy/proxyserver.h"

#include "proxy/clientconnection.h"
#include "proxy/messagerewriter.h"
#include "proxy/monotonicclock.h"
#include "proxy/socketclienttransport.h"
#include "proxy/upstreamconnection.h"
#include "proxy/upstreampool.h"

#include <QLoggingCategory>
#include <cerrno>

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
    , m_poller(this)
    , m_pool(new UpstreamPool(m_poller, this))
    , m_parking(m_poller)
    , m_sweepTimer(this)
    , m_acceptor(
          *this, [this] { return !m_shuttingDown && connectionCount() < m_limits.maxConnections; },
          this)
    , m_viaPseudonym(newViaPseudonym()) {
    setListenBacklogSize(limits.listenBacklog());
    m_sweepTimer.setInterval(sweepIntervalMs);
    connect(&m_sweepTimer, &QTimer::timeout, this, &ProxyServer::sweep);
    m_sweepTimer.start();
    connect(&m_acceptor, &BackoffAcceptor::accepted, this, &ProxyServer::incomingConnection);
    connect(&m_acceptor, &BackoffAcceptor::acceptFailed, this, &ProxyServer::acceptFailed);
}

ProxyServer::~ProxyServer() {
    closeAllConnections();
    // Its connections unwatch their descriptors as they go: now, while the poller is there, not
    // among the children QObject deletes after the members.
    delete m_pool;
}

bool ProxyServer::listen(const QHostAddress &address, quint16 port) {
    // Every connection it accepted would be closed at once.
    if (!m_poller.isAvailable() || !QTcpServer::listen(address, port))
        return false;
    m_acceptor.start();
    return true;
}

// Logged once until an accept succeeds; BackoffAcceptor has paused accepting.
void ProxyServer::acceptFailed(int error) {
    qCWarning(lcProxy).nospace()
        << "cannot accept a connection (" << qt_error_string(error) << ") with "
        << connectionCount() << " open; "
        << (error == EMFILE || error == ENFILE
                ? "out of file descriptors: raise the limit (ulimit -n) or lower "
                  "limits.max_connections; "
                : "")
        << "accepting again in " << acceptRetryMs << " ms or when a connection closes";
}

void ProxyServer::incomingConnection(qintptr socketDescriptor) {
    auto *connection = new ClientConnection(
        std::make_unique<SocketClientTransport>(socketDescriptor, m_poller, m_parking), *this);
    m_connections.insert(connection);
    connect(connection, &ClientConnection::closed, this, &ProxyServer::onConnectionClosed);
}

void ProxyServer::onConnectionClosed(ClientConnection *connection) {
    if (m_connections.erase(connection) == 0)
        return;
    connection->deleteLater();
    m_acceptor.connectionClosed();
    // Queued: the last connection may close from deep inside an exchange's callbacks, and the
    // owner deletes this server (and every connection) when it hears drained().
    if (m_shuttingDown && m_connections.empty())
        QMetaObject::invokeMethod(this, &ProxyServer::drained, Qt::QueuedConnection);
}

void ProxyServer::sweep() {
    const qint64 now = monotonicMillis();
    // Copy: a deadline may close a connection, which erases it from the set.
    const std::vector<ClientConnection *> connections(m_connections.begin(), m_connections.end());
    for (ClientConnection *connection : connections) {
        if (!m_connections.count(connection))
            continue;
        connection->checkDeadlines(now);
        if (!m_shuttingDown && m_connections.count(connection))
            connection->parkIfResting(now);
    }
    m_pool->closeIdleOlderThan(upstreamIdleLimitMs);
}

void ProxyServer::beginShutdown() {
    m_shuttingDown = true;
    m_acceptor.stop(); // before the descriptor it watches is closed
    close();           // stop listening
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

QString ProxyServer::listenError() const {
    return m_poller.isAvailable() ? errorString() : m_poller.unavailableReason();
}

UpstreamLink *ProxyServer::acquireUpstream(const BackendPtr &backend) {
    return m_pool->acquire(backend);
}

void ProxyServer::releaseUpstream(UpstreamLink *link) {
    // Every link this server hands out is one of its pool's connections.
    m_pool->release(static_cast<UpstreamConnection *>(link));
}
