#pragma once

#include "proxy/clienttransport.h"
#include "proxy/idleparking.h"

#include <QByteArray>
#include <QObject>
#include <QSocketNotifier>
#include <memory>

// A client connection's transport in the gateway: the accepted descriptor itself, read with
// read(2) and written with send(2) when two QSocketNotifiers of the worker's event loop say it
// can be. Not a QTcpSocket, which asks the kernel how much there is (ioctl(FIONREAD)) before
// every read and copies what it read once more through its ring buffer: a system call and a
// copy per request on the one path every request takes (docs/ARCHITECTURE.md, "The transport
// seam"; measured in docs/BENCHMARKS.md, "The client transport"). The upstream side, which
// connects, stays on QTcpSocket.
//
// Towards the connection it behaves as QTcpSocket did (the Transport contract, and
// InMemoryClientTransport in the tests): what it read waits until the connection takes it, and
// with SocketBuffers::socketReadLimit waiting it stops reading (back-pressure); bytes already
// received stay readable after the peer's close, which ends the connection once what is queued
// went out. While parked (docs/ARCHITECTURE.md, "Idle connections") the descriptor sits in the
// server's IdleParking and the notifiers are gone. Worker thread only.
class SocketClientTransport final : public ClientTransport, private ParkedConnection {
public:
    SocketClientTransport(qintptr socketDescriptor, IdleParking &parking);
    ~SocketClientTransport() override;
    SocketClientTransport(const SocketClientTransport &) = delete;
    SocketClientTransport &operator=(const SocketClientTransport &) = delete;

    void setListener(ClientTransportListener *listener) override { m_listener = listener; }
    bool refill(HttpInputBuffer &input) override;
    qint64 bytesAvailable() const override { return m_received.size(); }
    void write(QByteArrayView bytes) override;
    void flush() override;
    qint64 bytesToWrite() const override { return m_queued.size() - m_queuedFrom; }
    bool isConnected() const override { return m_phase == Phase::Open || isParked(); }
    void abort() override;

    QByteArray peerAddress() const override;
    void closeAfterWriting() override;
    void shutDownWriting() override;
    void resetOnClose() override;
    bool hasBytesInTransit() const override;
    bool park() override;
    void unpark() override;

private:
    enum class Phase {
        Open,
        Parked,
        Closing, // our close or the peer's: what is queued goes out, then Closed
        Closed,  // the descriptor is closed; received bytes stay readable
    };
    static const char *phaseName(Phase phase);
    void transitionTo(Phase next);
    bool isParked() const { return m_phase == Phase::Parked; }

    void wakeFromParking() override;
    void watch();
    void readable();
    void sendQueued();
    void peerClosed();
    // Closes the descriptor and tells the listener (inside the call).
    void finishClose();

    IdleParking &m_parking;
    ClientTransportListener *m_listener = nullptr;
    int m_descriptor;
    Phase m_phase = Phase::Open;
    // The notifiers' parent and the context of queued calls: both go with the transport.
    QObject m_context;
    std::unique_ptr<QSocketNotifier> m_readNotifier; // null while parked
    std::unique_ptr<QSocketNotifier> m_writeNotifier;
    QByteArray m_received; // read, not taken by the connection yet
    QByteArray m_queued;   // written; sent up to m_queuedFrom
    qsizetype m_queuedFrom = 0;
    bool m_announcingWritten = false; // transportWritten() is not reported inside itself
};
