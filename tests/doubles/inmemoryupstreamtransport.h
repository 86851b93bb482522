#pragma once

#include "inmemorystream.h"
#include "proxy/upstreamtransport.h"

// A connection to an instance held in memory, for driving the real UpstreamConnection without
// sockets (docs/ARCHITECTURE.md, "The transport seam"). The test plays the instance with the
// peer*() calls, which report to the connection at once, and reads what the instance received.
// Reports as SocketUpstreamTransport's QTcpSocket does: the instance's close is an error
// (RemoteHostClosedError) and then the disconnection, with received bytes still readable.
class InMemoryUpstreamTransport final : public UpstreamTransport {
public:
    InMemoryUpstreamTransport();

    // The instance's side.
    void peerAccepts();
    void peerRefuses();
    void peerSends(QByteArrayView bytes);
    void peerCloses();
    const QByteArray &peerReceived() const { return m_stream.delivered(); }
    bool isConnecting() const { return m_connecting; }

    // UpstreamTransport.
    void setListener(UpstreamTransportListener *listener) override { m_listener = listener; }
    bool refill(HttpInputBuffer &input) override { return m_stream.refill(input); }
    qint64 bytesAvailable() const override { return m_stream.bytesAvailable(); }
    void write(QByteArrayView bytes) override { m_stream.write(bytes); }
    void flush() override { m_stream.flush(); }
    qint64 bytesToWrite() const override { return m_stream.bytesToWrite(); }
    bool isConnected() const override { return m_connected; }
    void abort() override;
    void connectTo(const QString &, quint16) override { m_connecting = true; }

private:
    InMemoryStream m_stream;
    UpstreamTransportListener *m_listener = nullptr;
    bool m_connecting = false;
    bool m_connected = false;
};
