#pragma once

#include "inmemorystream.h"
#include "proxy/clienttransport.h"
#include "proxy/streamtransport.h"

// A client connection held in memory, for driving the real ClientConnection without sockets
// (docs/ARCHITECTURE.md, "The transport seam"). The test plays the client with the peer*()
// calls, which report to the session at once, and reads what the client received and how the
// connection ended. Behaves as SocketClientTransport does: the peer's close ends
// the connection once what is queued went out, and bytes already received stay readable.
class InMemoryClientTransport final : public StreamTransport<ClientTransport, InMemoryStream> {
public:
    // How the connection ended, as the client saw it.
    enum class End {
        Open,
        Closed, // a FIN after everything written (closeAfterWriting(), or abort() without reset)
        Reset,  // an RST: resetOnClose() and then abort()
    };

    explicit InMemoryClientTransport(QByteArray peerAddress = "192.0.2.7");
    // What is left is dropped silently, as the socket's abort() without a listener.
    ~InMemoryClientTransport() override = default;

    // The client's side.
    void peerSends(QByteArrayView bytes);
    // The client's FIN.
    void peerCloses();
    // The client's RST: what was not read yet is lost.
    void peerResets();
    // Everything the client received, in order.
    const QByteArray &peerReceived() const { return m_stream.delivered(); }
    // Everything the session wrote, in order: what the client received, then what a reset
    // dropped (as a socket's abort() drops its write buffer) or is still queued.
    const QByteArray &sessionWrote() const { return m_stream.written(); }
    End end() const { return m_end; }
    // Our FIN went out while the connection stays open for reading (a lingering close).
    bool isWritingShutDown() const { return m_writingShutDown; }
    bool isParked() const { return m_parked; }

    // ClientTransport, beyond the reads and writes.
    void setListener(ClientTransportListener *listener) override { m_listener = listener; }
    bool isConnected() const override { return m_connected; }
    void abort() override;
    QByteArray peerAddress() const override { return m_peerAddress; }
    void closeAfterWriting() override;
    void shutDownWriting() override { m_writingShutDown = true; }
    void resetOnClose() override { m_resetOnClose = true; }
    bool hasBytesInTransit() const override { return false; } // all of it is readable at once
    bool park() override;
    void unpark() override;

private:
    void written();
    void finishClose(End end);

    ClientTransportListener *m_listener = nullptr;
    QByteArray m_peerAddress;
    End m_end = End::Open;
    bool m_connected = true;
    bool m_closing = false; // closeAfterWriting(): the close waits for what is queued
    bool m_writingShutDown = false;
    bool m_resetOnClose = false;
    bool m_parked = false;
};
