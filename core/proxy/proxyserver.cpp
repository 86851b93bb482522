#include "proxy/proxyserver.h"

#include "proxy/clientconnection.h"
#include "proxy/messagerewriter.h"
#include "proxy/monotonicclock.h"
#include "proxy/upstreampool.h"

#include <QLoggingCategory>

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
    , m_viaPseudonym(newViaPseudonym()) {
    setListenBacklogSize(limits.listenBacklog());
    m_sweepTimer.setInterval(sweepIntervalMs);
    connect(&m_sweepTimer, &QTimer::timeout, this, &ProxyServer::sweep);
    m_sweepTimer.start();
    connect(this, &QTcpServer::acceptError, this, &ProxyServer::onAcceptError);
}

// QTcpServer pauses accepting after an error it does not consider temporary, EMFILE (out of
// file descriptors) included; the sweep resumes it, so that the listener recovers once
// descriptors are free again instead of staying deaf.
void ProxyServer::onAcceptError(QAbstractSocket::SocketError error) {
    m_acceptFailed = true;
    if (!std::exchange(m_acceptErrorReported, true)) { // once until an accept succeeds
        qCWarning(lcProxy).nospace()
            << "cannot accept a connection (" << errorString() << ") with " << connectionCount()
            << " open; "
            << (error == QAbstractSocket::SocketResourceError
                    ? "out of file descriptors: raise the limit (ulimit -n) or lower "
                      "limits.max_connections; "
                    : "")
            << "retrying every " << sweepIntervalMs << " ms";
    }
}

ProxyServer::~ProxyServer() {
    closeAllConnections();
}

void ProxyServer::incomingConnection(qintptr socketDescriptor) {
    m_acceptErrorReported = false;
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
    if (m_acceptFailed && !m_shuttingDown && connectionCount() < m_limits.maxConnections) {
        m_acceptFailed = false;
        resumeAccepting();
    }
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
