#pragma once

#include "admin/adminconnection.h"
#include "admin/adminrouter.h"
#include "config/gatewayconfig.h"
#include "net/backoffacceptor.h"

#include <QObject>
#include <QTcpServer>
#include <unordered_set>

class AdminTarget;

// The admin API's listener: JSON state and commands under /api/ and Prometheus /metrics
// (endpoints in adminhandlers.cpp, documented in the README's "Admin API"). Lives in the gateway's
// worker thread next to the AdminTarget it serves and calls it directly; every public member must
// be called in that thread. Serves at most AdminLimits::maxConnections at once: a connection
// past them is answered 503 and closed (rather than left in the backlog, where a client cannot
// tell a full API from a dead one), and a listener beyond loopback is logged as a warning, since
// the API has no authentication. Accepts through a BackoffAcceptor, so that a gateway out of
// descriptors pauses its admin API as it pauses its proxy listener instead of spinning on
// accept() (README, "Out of descriptors").
class AdminServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdminServer)

public:
    // target must outlive the server.
    explicit AdminServer(AdminTarget &target, QObject *parent = nullptr);
    ~AdminServer() override;

    // Applies to connections accepted afterwards.
    void setLimits(const AdminLimits &limits) { m_limits = limits; }

    // Port 0 picks a free port (see url()). On failure returns false and, if error is not null,
    // sets it to a sentence naming the address ("cannot listen on 127.0.0.1:8090: ...").
    bool listen(const ListenAddress &address, QString *error);
    bool isListening() const;
    // "http://127.0.0.1:8090" while listening, empty otherwise.
    QString url() const;
    // Stops listening and closes every connection at once.
    void close();
    // Times accepting paused because accept() failed (out of descriptors), since construction.
    quint64 acceptPauses() const { return m_acceptor.pauses(); }

private:
    void onAccepted(qintptr descriptor);
    void acceptFailed(int error);
    // Answers 503 and closes: AdminLimits::maxConnections are open.
    void refuse(QTcpSocket *socket);
    void onConnectionClosed(AdminConnection *connection);

    QTcpServer m_server;
    BackoffAcceptor m_acceptor;
    AdminRouter m_router;
    AdminLimits m_limits;
    std::unordered_set<AdminConnection *> m_connections;
    bool m_refusalReported = false; // logged once until a connection is served again
};
