// SocketClientTransport: an accepted descriptor read and written by the transport itself, with
// the Transport contract QTcpSocket used to keep (proxy/transport.h, proxy/clienttransport.h):
// received bytes wait for the connection, up to a limit; the peer's close ends the connection
// once what is queued went out, and what was received stays readable; our close sends what is
// queued first; a reset when asked; parking hands the descriptor to IdleParking and back.
// Real TCP connections on 127.0.0.1; the peer is a QTcpSocket or its raw descriptor.
#include "http/httpinputbuffer.h"
#include "proxy/idleparking.h"
#include "proxy/socketbuffers.h"
#include "proxy/socketclienttransport.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <algorithm>
#include <cerrno>
#include <memory>
#include <poll.h>
#include <sys/socket.h>

namespace {

// Keeps the accepted descriptors instead of making QTcpSockets of them.
class DescriptorServer final : public QTcpServer {
public:
    QList<qintptr> accepted;

protected:
    void incomingConnection(qintptr descriptor) override { accepted.append(descriptor); }
};

// Counts what the transport reports.
class CountingListener final : public ClientTransportListener {
public:
    int readable = 0;
    int written = 0;
    int disconnected = 0;
    int unparked = 0;

    void transportReadable() override { ++readable; }
    void transportWritten() override { ++written; }
    void transportDisconnected() override { ++disconnected; }
    void transportUnparked() override { ++unparked; }
};

// Everything the transport handed over, through refill() as a connection takes it.
QByteArray takeAll(SocketClientTransport &transport) {
    HttpInputBuffer input(SocketBuffers::readChunk);
    QByteArray taken;
    while (transport.refill(input)) {
        taken += input.pending().toByteArray();
        input.consumeAll();
    }
    return taken;
}

QByteArray pattern(qsizetype size) {
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char('a' + i % 26);
    return bytes;
}

// How the connection ended for the peer, read on its descriptor directly: QTcpSocket reports a
// reset as RemoteHostClosedError, like a FIN. No event loop runs meanwhile, so the peer's
// QTcpSocket does not read first.
enum class PeerEnd { Fin, Reset, Other };
PeerEnd howThePeerSeesTheEnd(const QTcpSocket &peer) {
    pollfd watched{int(peer.socketDescriptor()), POLLIN, 0};
    if (::poll(&watched, 1, 5000) != 1)
        return PeerEnd::Other;
    char byte = 0;
    const ssize_t read = ::recv(watched.fd, &byte, 1, 0);
    if (read == 0)
        return PeerEnd::Fin;
    return read < 0 && errno == ECONNRESET ? PeerEnd::Reset : PeerEnd::Other;
}

// More than the kernel's socket buffers on loopback take at once, so that sending waits for
// the peer to read.
constexpr qsizetype moreThanTheKernelHolds = 16 * 1024 * 1024;

} // namespace

class TestSocketClientTransport final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void handsOverWhatThePeerSent();
    void stopsReadingWhileTheLimitWaitsAndResumesWhenTaken();
    void readsAllOfABurstLargerThanOneRead();
    void peersCloseEndsTheConnectionAndKeepsWhatWasReceived();
    void peersCloseRightBehindItsBytesIsSeen();
    void peersCloseWaitsForWhatIsQueued();
    void closeAfterWritingSendsEverythingThenCloses();
    void closeWithNothingQueuedDisconnectsInsideTheCall();
    void writtenIsReportedWhenBytesWentOut();
    void writesGoOutOnTheNextPassWithoutFlush();
    void writesGoOutWhileMoreWaitsToBeRead();
    void abortDropsWhatIsQueued();
    void resetOnCloseMakesTheCloseAReset();
    void peersResetEndsTheConnection();
    void parkedTransportWakesForThePeersBytes();
    void namesThePeersAddress();

private:
    // The transport of a new connection, and the peer's socket at the other end.
    void connectPeer();

    std::unique_ptr<DescriptorServer> m_server;
    DescriptorPoller m_poller;
    std::unique_ptr<IdleParking> m_parking;
    std::unique_ptr<QTcpSocket> m_peer;
    CountingListener m_listener;
    std::unique_ptr<SocketClientTransport> m_transport;
};

void TestSocketClientTransport::init() {
    m_listener = {};
    m_server = std::make_unique<DescriptorServer>();
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_parking = std::make_unique<IdleParking>(m_poller);
    connectPeer();
}

void TestSocketClientTransport::cleanup() {
    m_transport.reset();
    m_peer.reset();
    m_parking.reset();
    m_server.reset();
}

void TestSocketClientTransport::connectPeer() {
    m_peer = std::make_unique<QTcpSocket>();
    m_peer->connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    QVERIFY(m_peer->waitForConnected(5000));
    QTRY_COMPARE(m_server->accepted.size(), 1);
    m_transport = std::make_unique<SocketClientTransport>(m_server->accepted.takeFirst(), m_poller,
                                                          *m_parking);
    m_transport->setListener(&m_listener);
    QVERIFY(m_transport->isConnected());
}

void TestSocketClientTransport::handsOverWhatThePeerSent() {
    m_peer->write("GET / HTTP/1.1\r\n\r\n");
    QTRY_VERIFY(m_listener.readable > 0);
    QCOMPARE(m_transport->bytesAvailable(), 18);
    QCOMPARE(takeAll(*m_transport), "GET / HTTP/1.1\r\n\r\n");
    QCOMPARE(m_transport->bytesAvailable(), 0);
    QVERIFY(m_transport->isConnected());
}

void TestSocketClientTransport::stopsReadingWhileTheLimitWaitsAndResumesWhenTaken() {
    const QByteArray sent = pattern(4 * SocketBuffers::socketReadLimit);
    m_peer->write(sent);
    QTRY_COMPARE(m_transport->bytesAvailable(), SocketBuffers::socketReadLimit);
    // Nothing taken: however often the event loop runs, no more is read.
    const int readableAtTheLimit = m_listener.readable;
    for (int pass = 0; pass < 20; ++pass)
        QCoreApplication::processEvents();
    QCOMPARE(m_transport->bytesAvailable(), SocketBuffers::socketReadLimit);
    QCOMPARE(m_listener.readable, readableAtTheLimit);
    // Taking resumes reading, one chunk at a time, until everything came.
    HttpInputBuffer input(SocketBuffers::readChunk);
    QByteArray taken;
    qsizetype largestRefill = 0;
    QTRY_VERIFY([&] {
        while (m_transport->refill(input)) {
            largestRefill = std::max(largestRefill, input.pendingSize());
            taken += input.pending().toByteArray();
            input.consumeAll();
        }
        return taken.size() == sent.size();
    }());
    QCOMPARE(taken, sent);
    QCOMPARE(largestRefill, SocketBuffers::readChunk); // one chunk at a time
}

// The descriptor is watched for edges: one burst larger than a read is reported once, and the
// rest is read without another byte arriving.
void TestSocketClientTransport::readsAllOfABurstLargerThanOneRead() {
    const QByteArray sent = pattern(SocketBuffers::readChunk + 100);
    const int peer = int(m_peer->socketDescriptor());
    QCOMPARE(::send(peer, sent.constData(), size_t(sent.size()), MSG_NOSIGNAL), sent.size());
    QTRY_COMPARE(m_transport->bytesAvailable(), sent.size());
    QCOMPARE(takeAll(*m_transport), sent);
}

void TestSocketClientTransport::peersCloseEndsTheConnectionAndKeepsWhatWasReceived() {
    m_peer->write("last words");
    m_peer->disconnectFromHost();
    QTRY_COMPARE(m_listener.disconnected, 1);
    QVERIFY(!m_transport->isConnected());
    QCOMPARE(takeAll(*m_transport), "last words");
}

// Bytes and the FIN behind them arrive before the transport hears of either: one edge, a short
// read, and still the close is seen.
void TestSocketClientTransport::peersCloseRightBehindItsBytesIsSeen() {
    const int peer = int(m_peer->socketDescriptor());
    QCOMPARE(::send(peer, "last words", 10, MSG_NOSIGNAL), 10);
    QCOMPARE(::shutdown(peer, SHUT_WR), 0);
    QTRY_COMPARE(m_listener.disconnected, 1);
    QCOMPARE(takeAll(*m_transport), "last words");
}

void TestSocketClientTransport::peersCloseWaitsForWhatIsQueued() {
    const QByteArray answer = pattern(moreThanTheKernelHolds);
    m_transport->write(answer);
    m_transport->flush();
    QVERIFY(m_transport->bytesToWrite() > 0); // the kernel took only part of it
    // The peer's FIN: it sends no more but still reads.
    QCOMPARE(::shutdown(int(m_peer->socketDescriptor()), SHUT_WR), 0);
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            received += m_peer->readAll();
            return received.size() == answer.size() && m_listener.disconnected == 1;
        }(),
        20000);
    QCOMPARE(received, answer);
    QVERIFY(!m_transport->isConnected());
    QCOMPARE(m_transport->bytesToWrite(), 0);
}

void TestSocketClientTransport::closeAfterWritingSendsEverythingThenCloses() {
    const QByteArray answer = pattern(moreThanTheKernelHolds);
    m_transport->write(answer);
    m_transport->closeAfterWriting();
    QCOMPARE(m_listener.disconnected, 0); // not before it went out
    QVERIFY(!m_transport->isConnected());
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            received += m_peer->readAll();
            return m_peer->state() == QAbstractSocket::UnconnectedState;
        }(),
        20000);
    received += m_peer->readAll();
    QCOMPARE(received, answer);
    QCOMPARE(m_listener.disconnected, 1);
}

void TestSocketClientTransport::closeWithNothingQueuedDisconnectsInsideTheCall() {
    m_transport->closeAfterWriting();
    QCOMPARE(m_listener.disconnected, 1);
    QCOMPARE(howThePeerSeesTheEnd(*m_peer), PeerEnd::Fin);
}

void TestSocketClientTransport::writtenIsReportedWhenBytesWentOut() {
    m_transport->write("HTTP/1.1 204 No Content\r\n\r\n");
    QCOMPARE(m_transport->bytesToWrite(), 27);
    m_transport->flush();
    QCOMPARE(m_transport->bytesToWrite(), 0);
    QCOMPARE(m_listener.written, 1);
    QTRY_COMPARE(m_peer->bytesAvailable(), 27);
}

void TestSocketClientTransport::writesGoOutOnTheNextPassWithoutFlush() {
    m_transport->write("HTTP/1.1 204 No Content\r\n\r\n");
    QCOMPARE(m_listener.written, 0);
    QTRY_COMPARE(m_peer->bytesAvailable(), 27);
    QCOMPARE(m_transport->bytesToWrite(), 0);
    QCOMPARE(m_listener.written, 1);
}

// A tunnel's two directions: the connection holds several reads' worth from the peer, the
// listener takes every byte as it comes (reading never stops at the limit) and writes one byte
// back, unflushed, when first told. The byte goes out on the stream's next turn, before its next
// read: a stream that may both send and read sends first, so that a direction that always has
// more to read cannot hold back the other.
void TestSocketClientTransport::writesGoOutWhileMoreWaitsToBeRead() {
    const int peer = int(m_peer->socketDescriptor());
    const QByteArray block = pattern(SocketBuffers::readChunk);
    qsizetype sent = 0;
    for (ssize_t n = 0; sent < 4 * block.size(); sent += n) {
        n = ::send(peer, block.constData(), size_t(block.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n <= 0)
            break;
    }
    QVERIFY2(sent > SocketBuffers::readChunk, "the connection should hold more than one read");

    class TakingListener final : public ClientTransportListener {
    public:
        SocketClientTransport *transport = nullptr;
        int peer = -1;
        int told = 0;
        int toldWhenTheByteArrived = 0; // 0: not yet
        void transportReadable() override {
            char byte = 0;
            ++told;
            if (toldWhenTheByteArrived == 0 && ::recv(peer, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 1)
                toldWhenTheByteArrived = told;
            if (told == 1)
                transport->write("x");
            takeAll(*transport);
        }
        void transportWritten() override {}
        void transportDisconnected() override {}
        void transportUnparked() override {}
    } listener;
    listener.transport = m_transport.get();
    listener.peer = peer;
    m_transport->setListener(&listener);
    QTRY_VERIFY(listener.told >= 2);
    QCOMPARE(listener.toldWhenTheByteArrived, 2);
}

void TestSocketClientTransport::abortDropsWhatIsQueued() {
    m_transport->write("never sent");
    m_transport->abort();
    QCOMPARE(m_listener.disconnected, 1); // inside the call
    QCOMPARE(m_transport->bytesToWrite(), 0);
    QVERIFY(!m_transport->isConnected());
    QTRY_COMPARE(m_peer->state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(m_peer->readAll(), QByteArray());
    m_transport->abort();
    QCOMPARE(m_listener.disconnected, 1); // once
}

void TestSocketClientTransport::resetOnCloseMakesTheCloseAReset() {
    m_transport->resetOnClose();
    m_transport->abort();
    QCOMPARE(howThePeerSeesTheEnd(*m_peer), PeerEnd::Reset);
}

void TestSocketClientTransport::peersResetEndsTheConnection() {
    const linger reset{1, 0};
    ::setsockopt(int(m_peer->socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    m_peer->abort();
    QTRY_COMPARE(m_listener.disconnected, 1);
    QVERIFY(!m_transport->isConnected());
}

void TestSocketClientTransport::parkedTransportWakesForThePeersBytes() {
    QVERIFY(m_transport->park());
    QCOMPARE(m_parking->parkedCount(), 1);
    QVERIFY(m_transport->isConnected());
    m_peer->write("next request");
    QTRY_COMPARE(m_listener.unparked, 1);
    QCOMPARE(m_parking->parkedCount(), 0);
    QTRY_VERIFY(m_listener.readable > 0);
    QCOMPARE(takeAll(*m_transport), "next request");
}

void TestSocketClientTransport::namesThePeersAddress() {
    QCOMPARE(m_transport->peerAddress(), "127.0.0.1");
}

QTEST_GUILESS_MAIN(TestSocketClientTransport)
#include "tst_socketclienttransport.moc"
