#include "proxy/proxyserver.h"

#include "proxy/clientconnection.h"
#include "proxy/monotonicclock.h"
#include "proxy/upstreampool.h"

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
    , m_sweepTimer(this) {
    m_sweepTimer.setInterval(sweepIntervalMs);
    connect(&m_sweepTimer, &QTimer::timeout, this, &ProxyServer::sweep);
    m_sweepTimer.start();
}

ProxyServer::~ProxyServer() {
    closeAllConnections();
}

void ProxyServer::incomingConnection(qintptr socketDescriptor) {
    auto *connection = new ClientConnection(socketDescriptor, *this);
    m_connections.insert(connection);
    connect(connection, &ClientConnection::closed, this, &ProxyServer::onConnectionClosed);
    if (connectionCount() >= m_limits.maxConnections)
        pauseAccepting();
}

void ProxyServer::onConnectionClosed(ClientConnection *connection) {
    if (m_connections.erase(connection) == 0)
        return;
    connection->deleteLater();
    if (!m_shuttingDown && connectionCount() < m_limits.maxConnections)
        resumeAccepting();
    // Queued: the last connection may close from deep inside an exchange's callbacks, and the
    // owner deletes this server (and every connection) when it hears drained().
    if (m_shuttingDown && m_connections.empty())
        QMetaObject::invokeMethod(this, &ProxyServer::drained, Qt::QueuedConnection);
}

int ProxyServer::exchangesInFlight() const {
    int count = 0;
    for (const ClientConnection *connection : m_connections)
        count += connection->hasExchangeInFlight() ? 1 : 0;
    return count;
}

void ProxyServer::sweep() {
    const qint64 now = monotonicMillis();
    // Copy: a deadline may close a connection, which erases it from the set.
    const std::vector<ClientConnection *> connections(m_connections.begin(), m_connections.end());
    for (ClientConnection *connection : connections) {
        if (m_connections.count(connection))
            connection->checkDeadlines(now);
    }
    m_pool->closeIdleOlderThan(upstreamIdleLimitMs);
}

void ProxyServer::beginShutdown() {
    m_shuttingDown = true;
    close(); // stop listening
    if (m_connections.empty()) {
        QMetaObject::invokeMethod(this, &ProxyServer::drained, Qt::QueuedConnection);
        return;
    }
    const std::vector<ClientConnection *> connections(m_connections.begin(), m_connections.end());
    for (ClientConnection *connection : connections)
        connection->closeWhenIdle();
}

void ProxyServer::closeAllConnections() {
    const std::vector<ClientConnection *> connections(m_connections.begin(), m_connections.end());
    m_connections.clear();
    for (ClientConnection *connection : connections)
        delete connection;
    m_pool->closeAll();
}
