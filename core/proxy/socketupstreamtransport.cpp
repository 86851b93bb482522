#include "proxy/socketupstreamtransport.h"

#include "http/httpinputbuffer.h"
#include "proxy/socketbuffers.h"

SocketUpstreamTransport::SocketUpstreamTransport() {
    m_socket.setReadBufferSize(SocketBuffers::socketReadLimit);
    // The socket is the context: it dies with this transport, and with it the connections.
    QObject::connect(&m_socket, &QTcpSocket::connected, &m_socket, [this] {
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_listener->transportConnected();
    });
    QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket,
                     [this] { m_listener->transportReadable(); });
    QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket,
                     [this] { m_listener->transportDisconnected(); });
    QObject::connect(&m_socket, &QTcpSocket::errorOccurred, &m_socket,
                     [this](QAbstractSocket::SocketError error) {
                         m_listener->transportFailed(error, m_socket.errorString());
                     });
    QObject::connect(&m_socket, &QTcpSocket::bytesWritten, &m_socket,
                     [this] { m_listener->transportWritten(); });
}

SocketUpstreamTransport::~SocketUpstreamTransport() {
    m_socket.disconnect();
    m_socket.abort();
}

bool SocketUpstreamTransport::refill(HttpInputBuffer &input) {
    return input.refill(m_socket);
}

bool SocketUpstreamTransport::isConnected() const {
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

void SocketUpstreamTransport::connectTo(const QString &host, quint16 port) {
    m_socket.connectToHost(host, port);
}
