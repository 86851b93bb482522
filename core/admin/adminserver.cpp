#include "admin/adminserver.h"

#include "admin/adminhandlers.h"

#include <QLoggingCategory>
#include <QThread>

Q_LOGGING_CATEGORY(lcAdmin, "gateway.admin")

AdminServer::AdminServer(AdminTarget &target, QObject *parent)
    : QObject(parent) {
    addAdminEndpoints(m_router, target);
    connect(&m_server, &QTcpServer::newConnection, this, &AdminServer::acceptPendingConnections);
}

AdminServer::~AdminServer() {
    close();
}

bool AdminServer::listen(const ListenAddress &address, QString *error) {
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_server.listen(address.address, address.port)) {
        qCInfo(lcAdmin) << "admin API on" << url();
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
    m_server.close();
    // Aborted now, so that a closed server answers nothing more, but deleted later: close() may
    // run inside a handler of one of these connections.
    for (AdminConnection *connection : m_connections) {
        connection->abort();
        connection->deleteLater();
    }
    m_connections.clear();
}

void AdminServer::acceptPendingConnections() {
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *connection = new AdminConnection(socket, m_router, m_limits, this);
        m_connections.insert(connection);
        connect(connection, &AdminConnection::closed, this, &AdminServer::onConnectionClosed);
    }
}

void AdminServer::onConnectionClosed(AdminConnection *connection) {
    if (m_connections.erase(connection) != 0)
        connection->deleteLater();
}
