#pragma once

#include "config/gatewayconfig.h"
#include "model/bytearena.h"
#include "net/backoffacceptor.h"
#include "proxy/exchangeenvironment.h"
#include "proxy/idleparking.h"

#include <QTcpServer>
#include <QTimer>
#include <memory>
#include <unordered_set>

class ClientConnection;
class ExchangeObserver;
class RouteTable;
class UpstreamPool;

// The client-facing listener. Owns the client connections and the upstream pool, enforces
// max_connections (by pausing accept, as HAProxy's maxconn does: new clients wait in the
// kernel's backlog and connections already open are untouched) and runs the one periodic sweep
// that enforces every connection's deadlines and parks the resting ones. When accept() fails
// for want of descriptors it pauses accepting for acceptRetryMs or until a connection closes,
// whichever comes first (BackoffAcceptor; docs/ARCHITECTURE.md, "Running out of descriptors").
// Worker thread only.
class ProxyServer final : public QTcpServer, public ExchangeEnvironment {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyServer)

public:
    ProxyServer(const LimitsConfig &limits, ExchangeObserver &observer, QObject *parent = nullptr);
    ~ProxyServer() override;

    // QTcpServer::listen(), then accepting through a BackoffAcceptor instead of QTcpServer's
    // own notifier (see BackoffAcceptor::start() for why). Hides the base's non-virtual listen().
    // False, with listenError(), also when the server has no epoll set to watch connections in.
    bool listen(const QHostAddress &address, quint16 port);
    QString listenError() const;

    void setRoutes(std::shared_ptr<RouteTable> routes) { m_routes = std::move(routes); }
    const std::shared_ptr<RouteTable> &routes() const { return m_routes; }
    void setLimits(const LimitsConfig &limits) { m_limits = limits; }
    const LimitsConfig &limits() const override { return m_limits; }
    UpstreamPool &pool() { return *m_pool; }
    IdleParking &parking() { return m_parking; }
    ExchangeObserver &observer() override { return m_observer; }
    void setCaptureBodyLimit(std::optional<qint64> bodyLimit) { m_captureBodyLimit = bodyLimit; }
    std::optional<qint64> captureBodyLimit() const override { return m_captureBodyLimit; }
    ByteArena &recordArena() override { return m_recordArena; }
    ByteArena &captureArena() override { return m_captureArena; }
    std::shared_ptr<RouteTable> currentRoutes() const override { return m_routes; }
    UpstreamLink *acquireUpstream(const BackendPtr &backend) override;
    void releaseUpstream(UpstreamLink *link) override;

    quint64 nextRequestId() override { return ++m_lastRequestId; }
    // This listener's name in the Via header of what it forwards (newViaPseudonym()); a request
    // that already names it has come back around a loop (docs/ARCHITECTURE.md, "The request
    // path").
    const QByteArray &viaPseudonym() const override { return m_viaPseudonym; }
    int connectionCount() const { return int(m_connections.size()); }
    // Of connectionCount(): those resting in the IdleParking.
    int parkedConnectionCount() const { return m_parking.parkedCount(); }
    // Times accepting was paused because accept() failed (out of descriptors), since the start.
    quint64 acceptPauses() const { return m_acceptor.pauses(); }

    static constexpr int acceptRetryMs = BackoffAcceptor::retryMs;

    // Stops accepting and closes idle connections; busy ones close after their exchange.
    // drained() is emitted when the last connection is gone.
    void beginShutdown();
    // Ends every remaining connection now, each exchange under way with a record whose outcome
    // is Shutdown and whose failure says reason (end of the grace period, or a stop without one).
    void cutAllConnections(const QByteArray &reason);
    // Closes every remaining connection at once, recording nothing (the server's destruction).
    void closeAllConnections();

Q_SIGNALS:
    void drained();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void onConnectionClosed(ClientConnection *connection);
    void acceptFailed(int error);
    void sweep();

    LimitsConfig m_limits;
    ExchangeObserver &m_observer;
    std::shared_ptr<RouteTable> m_routes;
    std::optional<qint64> m_captureBodyLimit; // nullopt: capture off
    ByteArena m_recordArena;
    ByteArena m_captureArena;
    // The connections' descriptors, watched: made first, so that it outlives every connection.
    DescriptorPoller m_poller;
    UpstreamPool *m_pool; // deleted by the destructor, before the poller
    IdleParking m_parking;
    std::unordered_set<ClientConnection *> m_connections;
    QTimer m_sweepTimer;
    BackoffAcceptor m_acceptor;
    const QByteArray m_viaPseudonym;
    quint64 m_lastRequestId = 0;
    bool m_shuttingDown = false;
};
