#include "admin/adminserver.h"

#include "admin/adminhandlers.h"
#include "admin/capturehandlers.h"

#include <QLoggingCategory>
#include <QThread>
#include <QTimer>
#include <unistd.h>
#include <utility>

Q_LOGGING_CATEGORY(lcAdmin, "gateway.admin")

AdminServer::AdminServer(AdminTarget &target, QObject *parent)
    : QObject(parent)
    , m_acceptor(m_server, {}, this) {
    addAdminEndpoints(m_router, target);
    addCaptureEndpoints(m_router, target);
    m_server.setListenBacklogSize(minimumListenBacklog);
    connect(&m_acceptor, &BackoffAcceptor::accepted, this, &AdminServer::onAccepted);
    connect(&m_acceptor, &BackoffAcceptor::acceptFailed, this, &AdminServer::acceptFailed);
}

AdminServer::~AdminServer() {
    close();
}

bool AdminServer::listen(const ListenAddress &address, QString *error) {
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_server.listen(address.address, address.port)) {
        m_acceptor.start();
        qCInfo(lcAdmin) << "admin API on" << url();
        if (!address.address.isLoopback()) {
            qCWarning(lcAdmin).noquote()
                << "warning: the admin API listens on" << address.toString()
                << "beyond loopback, without authentication: anyone who can reach it can "
                   "change the gateway (README, \"Admin API\")";
        }
        return true;
    }
    if (error) {
        *error = QStringLiteral("cannot listen on %1: %2")
                     .arg(address.toString(), m_server.errorString());
    }
    return false;
}

bool AdminServer::isListening() const {
    Q_ASSERT(QThread::currentThread() == thread());
    return m_server.isListening();
}

QString AdminServer::url() const {
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_server.isListening())
        return QString();
    return QStringLiteral("http://%1")
        .arg(ListenAddress{m_server.serverAddress(), m_server.serverPort()}.toString());
}

void AdminServer::close() {
    Q_ASSERT(QThread::currentThread() == thread());
    m_acceptor.stop(); // before the descriptor it watches is closed
    m_server.close();
    // Aborted now, so that a closed server answers nothing more, but deleted later: close() may
    // run inside a handler of one of these connections.
    for (AdminConnection *connection : m_connections) {
        connection->abort();
        connection->deleteLater();
    }
    m_connections.clear();
}

void AdminServer::onAccepted(qintptr descriptor) {
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        ::close(int(descriptor));
        delete socket;
        return;
    }
    if (qsizetype(m_connections.size()) >= m_limits.maxConnections) {
        refuse(socket);
        return;
    }
    m_refusalReported = false;
    auto *connection = new AdminConnection(socket, m_router, m_limits, this);
    m_connections.insert(connection);
    connect(connection, &AdminConnection::closed, this, &AdminServer::onConnectionClosed);
}

// Logged once until an accept succeeds; BackoffAcceptor has paused accepting.
void AdminServer::acceptFailed(int error) {
    qCWarning(lcAdmin).nospace() << "admin API: cannot accept a connection ("
                                 << qt_error_string(error) << ") with " << m_connections.size()
                                 << " open; accepting again in " << BackoffAcceptor::retryMs
                                 << " ms or when a connection closes";
}

void AdminServer::refuse(QTcpSocket *socket) {
    if (!std::exchange(m_refusalReported, true)) {
        qCWarning(lcAdmin).nospace() << "admin API: " << m_connections.size()
                                     << " connections open (the limit); answering 503 to more";
    }
    socket->setParent(this);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    // The answer fits in the kernel's send buffer, so the close follows at once; a client that
    // does not even take that is cut off after the request timeout.
    QTimer::singleShot(m_limits.requestTimeout, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    socket->write(AdminResponse::error(503, QStringLiteral("the admin API serves at most %1 "
                                                           "connections at once; try again when "
                                                           "one has closed")
                                                .arg(m_limits.maxConnections))
                      .serialize(AdminResponse::Connection::Close, AdminResponse::Body::Include));
    socket->disconnectFromHost();
}

void AdminServer::onConnectionClosed(AdminConnection *connection) {
    if (m_connections.erase(connection) == 0)
        return;
    connection->deleteLater();
    m_acceptor.connectionClosed();
}
