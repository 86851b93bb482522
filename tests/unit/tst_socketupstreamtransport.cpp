// SocketUpstreamTransport: QTcpSocket connects (names, connect errors), then the transport reads
// and writes the descriptor itself, reporting what QTcpSocket reported (proxy/upstreamtransport.h):
// connected, the instance's close or reset as RemoteHostClosedError before disconnected with the
// received bytes still readable, a refused connect as ConnectionRefusedError, nothing for an
// abort while connecting. Real TCP connections on 127.0.0.1; the instance is a QTcpServer.
#include "http/httpinputbuffer.h"
#include "proxy/socketbuffers.h"
#include "proxy/socketupstreamtransport.h"
#include "refusingport.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <memory>
#include <sys/socket.h>

namespace {

// Records what the transport reports, in order.
class RecordingListener final : public UpstreamTransportListener {
public:
    QStringList events;

    void transportConnected() override { events.append("connected"); }
    void transportReadable() override { events.append("readable"); }
    void transportWritten() override { events.append("written"); }
    void transportDisconnected() override { events.append("disconnected"); }
    void transportFailed(QAbstractSocket::SocketError error, const QString &) override {
        events.append(error == QAbstractSocket::RemoteHostClosedError    ? "closed by peer"
                      : error == QAbstractSocket::ConnectionRefusedError ? "refused"
                                                                         : "failed");
    }
};

QByteArray takeAll(SocketUpstreamTransport &transport) {
    HttpInputBuffer input(SocketBuffers::readChunk);
    QByteArray taken;
    while (transport.refill(input)) {
        taken += input.pending().toByteArray();
        input.consumeAll();
    }
    return taken;
}

} // namespace

class TestSocketUpstreamTransport final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void connectsAndCarriesBytesBothWays();
    void instancesCloseIsReportedAfterItsBytes();
    void instancesResetIsAClosedConnection();
    void refusedConnectIsReported();
    void abortWhileConnectingReportsNothing();

private:
    // Connects the transport to m_instance; m_accepted is the instance's side.
    void connectToInstance();

    std::unique_ptr<QTcpServer> m_instance;
    QTcpSocket *m_accepted = nullptr; // owned by m_instance
    RecordingListener m_listener;
    DescriptorPoller m_poller;
    std::unique_ptr<SocketUpstreamTransport> m_transport;
};

void TestSocketUpstreamTransport::init() {
    m_listener = {};
    m_instance = std::make_unique<QTcpServer>();
    QVERIFY(m_instance->listen(QHostAddress::LocalHost, 0));
    m_transport = std::make_unique<SocketUpstreamTransport>(m_poller);
    m_transport->setListener(&m_listener);
}

void TestSocketUpstreamTransport::cleanup() {
    m_transport.reset();
    m_instance.reset();
    m_accepted = nullptr;
}

void TestSocketUpstreamTransport::connectToInstance() {
    m_transport->connectTo(QStringLiteral("localhost"), m_instance->serverPort());
    QVERIFY(!m_transport->isConnected());
    QTRY_COMPARE(m_listener.events, QStringList{"connected"});
    QVERIFY(m_transport->isConnected());
    QTRY_VERIFY(m_instance->hasPendingConnections());
    m_accepted = m_instance->nextPendingConnection();
}

void TestSocketUpstreamTransport::connectsAndCarriesBytesBothWays() {
    connectToInstance();
    m_transport->write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    m_transport->flush();
    QCOMPARE(m_transport->bytesToWrite(), 0);
    QTRY_COMPARE(m_accepted->bytesAvailable(), 27);
    QCOMPARE(m_accepted->readAll(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    m_accepted->write("HTTP/1.1 204 No Content\r\n\r\n");
    QTRY_VERIFY(m_listener.events.contains("readable"));
    QCOMPARE(takeAll(*m_transport), "HTTP/1.1 204 No Content\r\n\r\n");
    QCOMPARE(m_listener.events, (QStringList{"connected", "written", "readable"}));
    QVERIFY(m_transport->isConnected());
}

void TestSocketUpstreamTransport::instancesCloseIsReportedAfterItsBytes() {
    connectToInstance();
    m_accepted->write("HTTP/1.0 200 OK\r\n\r\nbody until close");
    m_accepted->disconnectFromHost();
    QTRY_VERIFY(m_listener.events.contains("disconnected"));
    QCOMPARE(m_listener.events,
             (QStringList{"connected", "readable", "closed by peer", "disconnected"}));
    QVERIFY(!m_transport->isConnected());
    QCOMPARE(takeAll(*m_transport), "HTTP/1.0 200 OK\r\n\r\nbody until close");
}

void TestSocketUpstreamTransport::instancesResetIsAClosedConnection() {
    connectToInstance();
    const linger reset{1, 0};
    ::setsockopt(int(m_accepted->socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    m_accepted->abort();
    QTRY_VERIFY(m_listener.events.contains("disconnected"));
    QCOMPARE(m_listener.events, (QStringList{"connected", "closed by peer", "disconnected"}));
}

void TestSocketUpstreamTransport::refusedConnectIsReported() {
    const RefusingPort refusing;
    m_transport->connectTo(QStringLiteral("127.0.0.1"), refusing.port());
    QTRY_COMPARE(m_listener.events, QStringList{"refused"});
    QVERIFY(!m_transport->isConnected());
}

void TestSocketUpstreamTransport::abortWhileConnectingReportsNothing() {
    m_transport->connectTo(QStringLiteral("127.0.0.1"), m_instance->serverPort());
    m_transport->abort();
    for (int pass = 0; pass < 20; ++pass)
        QCoreApplication::processEvents();
    QCOMPARE(m_listener.events, QStringList());
    QVERIFY(!m_transport->isConnected());
}

QTEST_GUILESS_MAIN(TestSocketUpstreamTransport)
#include "tst_socketupstreamtransport.moc"
