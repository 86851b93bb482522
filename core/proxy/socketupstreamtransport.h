#pragma once

#include "proxy/upstreamtransport.h"

#include <QTcpSocket>

// An upstream connection's transport in the gateway: a QTcpSocket connecting out. Worker
// thread only.
class SocketUpstreamTransport final : public UpstreamTransport {
public:
    SocketUpstreamTransport();
    ~SocketUpstreamTransport() override;
    SocketUpstreamTransport(const SocketUpstreamTransport &) = delete;
    SocketUpstreamTransport &operator=(const SocketUpstreamTransport &) = delete;

    void setListener(UpstreamTransportListener *listener) override { m_listener = listener; }
    bool refill(HttpInputBuffer &input) override;
    qint64 bytesAvailable() const override { return m_socket.bytesAvailable(); }
    void write(QByteArrayView bytes) override { m_socket.write(bytes.data(), bytes.size()); }
    void flush() override { m_socket.flush(); }
    qint64 bytesToWrite() const override { return m_socket.bytesToWrite(); }
    bool isConnected() const override;
    void abort() override { m_socket.abort(); }
    void connectTo(const QString &host, quint16 port) override;

private:
    UpstreamTransportListener *m_listener = nullptr;
    QTcpSocket m_socket;
};
