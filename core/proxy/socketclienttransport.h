#pragma once

#include "proxy/clienttransport.h"
#include "proxy/descriptortransport.h"
#include "proxy/idleparking.h"

#include <QObject>
#include <memory>

// A client connection's transport in the gateway: the accepted descriptor as a DescriptorStream
// (read(2) and send(2) under the worker's event loop, the QTcpSocket contract the connection
// relies on), plus what only the client side does: its address, the lingering close's
// shutdown(2) and FIONREAD, a reset when asked, and parking (docs/ARCHITECTURE.md, "Idle
// connections"): while parked the descriptor rests in the server's IdleParking, with no
// buffers. Worker thread only.
class SocketClientTransport final : private DescriptorStream::Owner,
                                    public DescriptorTransport<ClientTransport>,
                                    private ParkedConnection {
public:
    SocketClientTransport(qintptr socketDescriptor, DescriptorPoller &poller, IdleParking &parking);
    ~SocketClientTransport() override;
    SocketClientTransport(const SocketClientTransport &) = delete;
    SocketClientTransport &operator=(const SocketClientTransport &) = delete;

    void setListener(ClientTransportListener *listener) override { m_listener = listener; }
    void abort() override;

    QByteArray peerAddress() const override;
    void closeAfterWriting() override;
    void shutDownWriting() override;
    void resetOnClose() override;
    bool hasBytesInTransit() const override;
    bool park() override;
    void unpark() override;

private:
    void streamReadable() override { m_listener->transportReadable(); }
    void streamWritten() override { m_listener->transportWritten(); }
    void streamEnded(DescriptorStream::End, int) override { m_listener->transportDisconnected(); }
    void wakeFromParking() override;
    // Tells the listener it is closed on the event loop's next pass.
    void reportClosedLater();

    IdleParking &m_parking;
    ClientTransportListener *m_listener = nullptr;
    // The context of reportClosedLater()'s call, which goes with the transport; made only then,
    // so that a parked connection holds no QObject.
    std::unique_ptr<QObject> m_closedReportContext;
};
