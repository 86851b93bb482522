#pragma once

#include "proxy/clienttransport.h"
#include "proxy/idleparking.h"

#include <QTcpSocket>
#include <memory>

// A client connection's transport in the gateway: the QTcpSocket of an accepted descriptor,
// and while parked (docs/ARCHITECTURE.md, "Idle connections") no socket at all, only a
// duplicate of the descriptor in the server's IdleParking. Worker thread only.
class SocketClientTransport final : public ClientTransport, private ParkedConnection {
public:
    SocketClientTransport(qintptr socketDescriptor, IdleParking &parking);
    ~SocketClientTransport() override;
    SocketClientTransport(const SocketClientTransport &) = delete;
    SocketClientTransport &operator=(const SocketClientTransport &) = delete;

    void setListener(ClientTransportListener *listener) override { m_listener = listener; }
    bool refill(HttpInputBuffer &input) override;
    qint64 bytesAvailable() const override { return m_socket->bytesAvailable(); }
    void write(QByteArrayView bytes) override { m_socket->write(bytes.data(), bytes.size()); }
    void flush() override { m_socket->flush(); }
    qint64 bytesToWrite() const override { return m_socket->bytesToWrite(); }
    bool isConnected() const override;
    void abort() override { m_socket->abort(); }

    QByteArray peerAddress() const override;
    void closeAfterWriting() override;
    void shutDownWriting() override;
    void resetOnClose() override;
    bool hasBytesInTransit() const override;
    bool park() override;
    void unpark() override;

private:
    void wakeFromParking() override;
    void attachSocket(qintptr socketDescriptor);

    IdleParking &m_parking;
    ClientTransportListener *m_listener = nullptr;
    std::unique_ptr<QTcpSocket> m_socket; // null while parked
    int m_parkedDescriptor = -1;
};
