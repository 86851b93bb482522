#pragma once

#include "inmemorystream.h"
#include "proxy/streamtransport.h"
#include "proxy/upstreamtransport.h"

// A connection to an instance held in memory, for driving the real UpstreamConnection without
// sockets (docs/ARCHITECTURE.md, "The transport seam"). The test plays the instance with the
// peer*() calls, which report to the connection at once, and reads what the instance received.
// Reports as SocketUpstreamTransport's QTcpSocket does: the instance's close is an error
// (RemoteHostClosedError) and then the disconnection, with received bytes still readable.
class InMemoryUpstreamTransport final : public StreamTransport<UpstreamTransport, InMemoryStream> {
public:
    InMemoryUpstreamTransport();

    // The instance's side.
    void peerAccepts();
    void peerRefuses();
    void peerSends(QByteArrayView bytes);
    void peerCloses();
    const QByteArray &peerReceived() const { return m_stream.delivered(); }
    bool isConnecting() const { return m_connecting; }

    // UpstreamTransport, beyond the reads and writes.
    void setListener(UpstreamTransportListener *listener) override { m_listener = listener; }
    bool isConnected() const override { return m_connected; }
    void abort() override;
    void connectTo(const QString &, quint16) override { m_connecting = true; }

private:
    UpstreamTransportListener *m_listener = nullptr;
    bool m_connecting = false;
    bool m_connected = false;
};
