#include "scriptedbackend.h"

#include "backendconnection.h"

#include <QTcpSocket>

ScriptedBackend::ScriptedBackend(const QByteArray &name, QObject *parent)
    : QObject(parent)
    , m_name(name)
    , m_handler([this](const ReceivedRequest &, BackendReply &reply) { reply.body = m_name; }) {
    connect(&m_server, &QTcpServer::newConnection, this, &ScriptedBackend::onNewConnection);
    if (!m_server.listen(QHostAddress::LocalHost, 0))
        qWarning("ScriptedBackend %s cannot listen: %s", name.constData(),
                 qPrintable(m_server.errorString()));
}

ScriptedBackend::~ScriptedBackend() {
    m_server.close();
    // Connections are children; deleting them here keeps their closed() away from a half
    // destroyed backend.
    const QList<BackendConnection *> connections = std::exchange(m_connections, {});
    qDeleteAll(connections);
}

void ScriptedBackend::answerRaw(const QByteArray &bytes) {
    setHandler([bytes](const ReceivedRequest &, BackendReply &reply) {
        reply.kind = BackendReply::Kind::Raw;
        reply.rawBytes = bytes;
    });
}

QUrl ScriptedBackend::url() const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}

bool ScriptedBackend::waitForRequests(qsizetype count, int timeoutMs) {
    return waitUntil([this, count] { return m_requests.size() >= count; }, timeoutMs);
}

void ScriptedBackend::closeConnections() {
    for (BackendConnection *connection : std::as_const(m_connections))
        connection->closeGracefully();
}

void ScriptedBackend::resetConnections() {
    const QList<BackendConnection *> connections = m_connections;
    for (BackendConnection *connection : connections)
        connection->reset();
}

BackendReply ScriptedBackend::answer(ReceivedRequest &&request) {
    m_requests.append(std::move(request));
    BackendReply reply;
    m_handler(m_requests.constLast(), reply);
    return reply;
}

void ScriptedBackend::onNewConnection() {
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *connection =
            new BackendConnection(socket, m_connectionsAccepted++, m_readLimit, *this);
        m_connections.append(connection);
        connect(connection, &BackendConnection::closed, this, [this, connection] {
            if (m_connections.removeOne(connection)) {
                ++m_connectionsClosed;
                connection->deleteLater();
            }
        });
    }
}
