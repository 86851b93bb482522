#include "inmemoryupstreamtransport.h"

InMemoryUpstreamTransport::InMemoryUpstreamTransport()
    : StreamTransport([this] { m_listener->transportWritten(); }) {}

void InMemoryUpstreamTransport::peerAccepts() {
    m_connecting = false;
    m_connected = true;
    m_listener->transportConnected();
}

void InMemoryUpstreamTransport::peerRefuses() {
    m_connecting = false;
    m_listener->transportFailed(QAbstractSocket::ConnectionRefusedError,
                                QStringLiteral("Connection refused"));
}

void InMemoryUpstreamTransport::peerSends(QByteArrayView bytes) {
    if (!m_connected)
        return;
    m_stream.receive(bytes);
    m_listener->transportReadable();
}

void InMemoryUpstreamTransport::peerCloses() {
    if (!m_connected)
        return;
    m_connected = false;
    m_stream.dropQueued();
    m_listener->transportFailed(QAbstractSocket::RemoteHostClosedError,
                                QStringLiteral("The remote host closed the connection"));
    m_listener->transportDisconnected();
}

void InMemoryUpstreamTransport::abort() {
    m_stream.dropQueued();
    m_stream.dropInbound(); // QIODevice::close() drops the read buffer
    if (std::exchange(m_connected, false))
        m_listener->transportDisconnected();
}
