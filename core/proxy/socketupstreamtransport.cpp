#include "proxy/socketupstreamtransport.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>

SocketUpstreamTransport::SocketUpstreamTransport(DescriptorPoller &poller)
    : DescriptorTransport(static_cast<DescriptorStream::Owner &>(*this), poller) {}

SocketUpstreamTransport::~SocketUpstreamTransport() {
    if (m_connecting)
        silenceConnectingSocket();
    // The stream closes the descriptor without reporting it.
}

void SocketUpstreamTransport::silenceConnectingSocket() {
    m_connecting->disconnect();
    m_connecting->abort();
}

void SocketUpstreamTransport::connectTo(const QString &host, quint16 port) {
    m_connecting = std::make_unique<QTcpSocket>();
    QTcpSocket *socket = m_connecting.get();
    QObject::connect(socket, &QTcpSocket::connected, socket, [this] { connected(); });
    QObject::connect(socket, &QTcpSocket::errorOccurred, socket,
                     [this, socket](QAbstractSocket::SocketError error) {
                         m_listener->transportFailed(error, socket->errorString());
                     });
    socket->connectToHost(host, port);
}

void SocketUpstreamTransport::connected() {
    // A duplicate outlives the socket's close of the original: the connection stays open.
    const int descriptor = fcntl(int(m_connecting->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    const int dupError = errno;
    QTcpSocket *socket = m_connecting.release();
    socket->disconnect();
    socket->abort();
    socket->deleteLater(); // inside its own signal
    if (descriptor < 0) {
        m_listener->transportFailed(dupError == EMFILE || dupError == ENFILE
                                        ? QAbstractSocket::SocketResourceError
                                        : QAbstractSocket::NetworkError,
                                    QString::fromLocal8Bit(std::strerror(dupError)));
        return;
    }
    if (!m_stream.open(descriptor)) {
        const int error = errno;
        m_listener->transportFailed(error == ENOMEM || error == ENOSPC
                                        ? QAbstractSocket::SocketResourceError
                                        : QAbstractSocket::NetworkError,
                                    QStringLiteral("cannot watch the connection: %1")
                                        .arg(QString::fromLocal8Bit(std::strerror(error))));
        return;
    }
    m_listener->transportConnected();
}

void SocketUpstreamTransport::abort() {
    if (m_connecting)
        silenceConnectingSocket(); // QTcpSocket reports nothing for an abort while connecting
    m_stream.abort();
}

// As QTcpSocket reported them: a close or a reset by the instance is RemoteHostClosedError (the
// records say "connection closed by backend"), then disconnected.
void SocketUpstreamTransport::streamEnded(DescriptorStream::End end, int error) {
    switch (end) {
    case DescriptorStream::End::Local:
        break;
    case DescriptorStream::End::PeerClosed:
        m_listener->transportFailed(QAbstractSocket::RemoteHostClosedError,
                                    QStringLiteral("The remote host closed the connection"));
        break;
    case DescriptorStream::End::Failed:
        if (error == ECONNRESET || error == EPIPE)
            m_listener->transportFailed(QAbstractSocket::RemoteHostClosedError,
                                        QStringLiteral("The remote host closed the connection"));
        else
            m_listener->transportFailed(QAbstractSocket::NetworkError,
                                        QString::fromLocal8Bit(std::strerror(error)));
        break;
    }
    m_listener->transportDisconnected();
}
