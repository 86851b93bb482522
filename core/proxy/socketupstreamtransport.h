#pragma once

#include "proxy/descriptortransport.h"
#include "proxy/upstreamtransport.h"

#include <QTcpSocket>
#include <memory>

// An upstream connection's transport in the gateway. Connecting is QTcpSocket's job (host names,
// the connect errors the records name); once connected, the transport takes the descriptor
// (a duplicate; the socket is dropped, which leaves the connection open) and reads and writes
// it as a DescriptorStream, like the client side: no ioctl(FIONREAD) per read and no ring
// buffer in between, on a pooled connection that carries many requests. Worker thread only.
class SocketUpstreamTransport final : private DescriptorStream::Owner,
                                      public DescriptorTransport<UpstreamTransport> {
public:
    explicit SocketUpstreamTransport(DescriptorPoller &poller);
    ~SocketUpstreamTransport() override;
    SocketUpstreamTransport(const SocketUpstreamTransport &) = delete;
    SocketUpstreamTransport &operator=(const SocketUpstreamTransport &) = delete;

    void setListener(UpstreamTransportListener *listener) override { m_listener = listener; }
    void abort() override;
    void connectTo(const QString &host, quint16 port) override;

private:
    void connected();
    void streamReadable() override { m_listener->transportReadable(); }
    void streamWritten() override { m_listener->transportWritten(); }
    void streamEnded(DescriptorStream::End end, int error) override;
    // Stops the connecting socket from reporting or holding anything.
    void silenceConnectingSocket();

    UpstreamTransportListener *m_listener = nullptr;
    // Until connected; aborted and kept (not deleted inside its own signals) when connecting
    // ends otherwise.
    std::unique_ptr<QTcpSocket> m_connecting;
};
