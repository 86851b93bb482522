// A deadline in every phase of an exchange (README, "limits"; docs/RELIABILITY.md, "Deadlines"):
// a response body that stalls (and one that only trickles, which is not cut), a tunnel with no
// traffic, a closing connection whose client reads nothing, an early answer to an upload that
// stalled, and the lingering close, bounded in time and bytes, that keeps an early answer from
// being lost to a reset.
#include "gatewayfixture.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include "proxy/clientconnection.h"
#include "proxy/socketbuffers.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTest>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

class TestProxyDeadlines final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cutsStalledResponseBody_data();
    void cutsStalledResponseBody();
    void slowReaderIsNotAStalledBody();
    void trickledResponseBodyIsNotCut_data();
    void trickledResponseBodyIsNotCut();
    void earlyAnswerToStalledUpload();
    void closesIdleTunnel();
    void abortsClosingConnectionThatDoesNotRead();
    void answersEarlyWithoutReset_data();
    void answersEarlyWithoutReset();
    void lingeringEndsWithoutTheClient();
    void lingeringEndsAfterItsByteLimit();

private:
    void startGateway(const LimitsConfig &limits);
    // The instance's errors, as the gateway's snapshot counts them.
    quint64 backendErrors();

    std::unique_ptr<ScriptedBackend> m_backend;
    std::unique_ptr<GatewayFixture> m_gateway;
};

namespace {

// Short deadlines, each met in a fraction of a second; the others stay long, so that only the
// deadline under test can end the exchange.
constexpr std::chrono::milliseconds shortTimeout{300};
constexpr std::chrono::milliseconds longTimeout{60000};
constexpr int patienceMs = 20 * int(shortTimeout.count());

LimitsConfig longLimits() {
    LimitsConfig limits;
    limits.headerTimeout = longTimeout;
    limits.idleTimeout = longTimeout;
    limits.responseTimeout = longTimeout;
    limits.tunnelTimeout = longTimeout;
    return limits;
}

// A blocking client on a plain socket, as curl or a browser behaves: it writes its whole
// request, then reads the answer until the end. Blocking is fine here: the gateway runs in its
// own thread, and each call gives up after defaultWaitMs.
class BlockingClient final {
public:
    // receiveBufferBytes > 0: SO_RCVBUF before connecting, so that little fits in the kernel.
    explicit BlockingClient(quint16 port, int receiveBufferBytes = 0) {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (m_fd < 0)
            return;
        timeval timeout{defaultWaitMs / 1000, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        if (receiveBufferBytes > 0)
            ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &receiveBufferBytes,
                         sizeof receiveBufferBytes);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0)
            fail("connect");
    }
    ~BlockingClient() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    BlockingClient(const BlockingClient &) = delete;
    BlockingClient &operator=(const BlockingClient &) = delete;

    bool sendAll(QByteArrayView bytes) {
        while (!bytes.isEmpty() && m_error.isEmpty()) {
            const ssize_t sent = ::send(m_fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL);
            if (sent < 0 && errno == EINTR)
                continue;
            if (sent <= 0)
                fail("send");
            else
                bytes = bytes.sliced(sent);
        }
        return m_error.isEmpty();
    }
    // Reads until the peer's FIN; false on a reset, a timeout or an earlier failure.
    bool receiveUntilEnd() {
        char buffer[16384];
        while (m_error.isEmpty()) {
            const ssize_t got = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0)
                fail("recv");
            else if (got == 0)
                return true;
            else
                m_received.append(buffer, got);
        }
        return false;
    }
    quint16 localPort() const {
        sockaddr_in address{};
        socklen_t length = sizeof address;
        if (::getsockname(m_fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
            return 0;
        return ntohs(address.sin_port);
    }
    const QByteArray &received() const { return m_received; }
    // Empty, or the call that failed and why ("send: Connection reset by peer").
    const QByteArray &error() const { return m_error; }

private:
    void fail(const char *call) {
        m_error = QByteArray(call) + ": " + std::strerror(errno) + " after " +
                  QByteArray::number(m_received.size()) + " bytes received";
    }

    int m_fd = -1;
    QByteArray m_received;
    QByteArray m_error;
};

quint16 portOf(int fd, int (*name)(int, sockaddr *, socklen_t *)) {
    sockaddr_in address{};
    socklen_t length = sizeof address;
    if (name(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0 ||
        address.sin_family != AF_INET)
        return 0;
    return ntohs(address.sin_port);
}

// The gateway runs in this process: its end of a client's connection is one of our descriptors,
// the one from the gateway's port to the client's. -1 while the gateway has not accepted it.
int gatewaySideOf(quint16 gatewayPort, quint16 clientPort) {
    for (int fd = 3; fd < 4096; ++fd) {
        if (portOf(fd, ::getsockname) == gatewayPort && portOf(fd, ::getpeername) == clientPort)
            return fd;
    }
    return -1;
}

// The status of a complete response with a Content-Length body in bytes, else 0.
int completeStatus(const QByteArray &bytes) {
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    if (!bytes.startsWith("HTTP/1.1 ") || headEnd < 0)
        return 0;
    const QByteArray head = bytes.first(headEnd).toLower();
    const qsizetype length = head.indexOf("\r\ncontent-length: ");
    if (length < 0)
        return 0;
    const qsizetype lengthEnd = head.indexOf("\r\n", length + 2);
    const qsizetype valueStart = length + qsizetype(sizeof "\r\ncontent-length: ") - 1;
    const qint64 bodyBytes =
        head.sliced(valueStart, (lengthEnd < 0 ? head.size() : lengthEnd) - valueStart)
            .toLongLong();
    if (bytes.size() - headEnd - 4 != bodyBytes)
        return 0;
    return bytes.sliced(9, 3).toInt();
}

} // namespace

void TestProxyDeadlines::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestProxyDeadlines::init() {
    m_backend = std::make_unique<ScriptedBackend>("b");
}

void TestProxyDeadlines::cleanup() {
    m_gateway.reset();
    m_backend.reset();
}

void TestProxyDeadlines::startGateway(const LimitsConfig &limits) {
    m_gateway = std::make_unique<GatewayFixture>();
    QVERIFY2(m_gateway->startSingleRoute({m_backend->url()}, limits),
             qPrintable(m_gateway->startError()));
}

quint64 TestProxyDeadlines::backendErrors() {
    quint64 errors = 0;
    m_gateway->waitForSnapshot([&](const GatewaySnapshot &snapshot) {
        const RouteSnapshot *route = snapshot.findRoute(QStringLiteral("svc"));
        if (!route || route->backends.isEmpty())
            return false;
        errors = route->backends.first().attemptErrors;
        return true;
    });
    return errors;
}

void TestProxyDeadlines::cutsStalledResponseBody_data() {
    QTest::addColumn<BackendReply::Framing>("framing");

    QTest::newRow("Content-Length") << BackendReply::Framing::ContentLength;
    QTest::newRow("chunked") << BackendReply::Framing::Chunked;
    QTest::newRow("until close") << BackendReply::Framing::UntilClose;
}

void TestProxyDeadlines::cutsStalledResponseBody() {
    // nginx's proxy_read_timeout: the head came in time, then the instance fell silent mid-body.
    QFETCH(BackendReply::Framing, framing);
    m_backend->setHandler([framing](const ReceivedRequest &, BackendReply &reply) {
        reply.body = QByteArray(100000, 'r');
        reply.framing = framing;
        reply.chunkSize = 1000;
        reply.ending = BackendReply::Ending::Stall;
        reply.endAfterBodyBytes = 3000;
    });
    LimitsConfig limits = longLimits();
    limits.responseTimeout = shortTimeout;
    startGateway(limits);

    RawClient client(m_gateway->port());
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("GET", "/svc"));
    // Never a response that looks complete: the head is out, so the connection is cut.
    const ParsedResponse response = client.readResponse(RawClient::ResponseTo::Other, patienceMs);
    QVERIFY(response.headReceived);
    QCOMPARE(response.status, 200);
    QVERIFY2(!response.complete, "a stalled response was passed off as complete");
    QCOMPARE(response.body.size(), 3000);
    QVERIFY(client.waitForDisconnected());

    QVERIFY(m_gateway->waitForRecords(1));
    const RequestRecord &record = m_gateway->records().first();
    QCOMPARE(record.outcome, Outcome::Aborted);
    QCOMPARE(record.status, 200);
    QCOMPARE(record.bytesOut, 3000);
    QCOMPARE(record.failure, QByteArray("response body stalled for 300 ms"));
    QCOMPARE(record.attempts.size(), 1);
    QCOMPARE(record.attempts.first().error, QByteArray("response body stalled for 300 ms"));
    // The upstream connection is closed, not pooled, and the instance is blamed.
    QVERIFY(waitUntil([&] { return m_backend->connectionsClosed() == 1; }, defaultWaitMs));
    QCOMPARE(backendErrors(), quint64(1));
}

void TestProxyDeadlines::slowReaderIsNotAStalledBody() {
    // A client that stops reading pauses the upstream read (back-pressure): the instance's
    // silence is the gateway's doing, so only the client's deadline (idle_timeout) may end it.
    m_backend->setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.generatedBodyBytes = qint64(256) * 1024 * 1024;
    });
    LimitsConfig limits = longLimits();
    limits.responseTimeout = shortTimeout;
    limits.idleTimeout = 5 * shortTimeout;
    startGateway(limits);

    QTcpSocket client;
    client.setReadBufferSize(1024); // Qt stops reading the descriptor: the client reads nothing
    client.connectToHost(QHostAddress::LocalHost, m_gateway->port());
    QVERIFY(client.waitForConnected());
    client.write(RawClient::request("GET", "/svc"));

    QVERIFY(m_gateway->waitForRecords(1, 5 * patienceMs));
    const RequestRecord &record = m_gateway->records().first();
    QCOMPARE(record.outcome, Outcome::SendTimeout);
    QCOMPARE(record.failure, QByteArray());
    QCOMPARE(backendErrors(), quint64(0));
}

void TestProxyDeadlines::trickledResponseBodyIsNotCut_data() {
    cutsStalledResponseBody_data();
}

void TestProxyDeadlines::trickledResponseBodyIsNotCut() {
    // response_timeout runs between two reads from the instance (nginx's proxy_read_timeout),
    // not over the whole body: a body that keeps coming, each piece well within it, is passed
    // on whole however long it takes altogether.
    QFETCH(BackendReply::Framing, framing);
    constexpr int pieces = 12;
    constexpr int pieceBytes = 100;
    constexpr int pieceIntervalMs = int(shortTimeout.count()) / 3;
    m_backend->setHandler([framing](const ReceivedRequest &, BackendReply &reply) {
        reply.body = QByteArray(pieces * pieceBytes, 't');
        reply.framing = framing;
        reply.chunkSize = pieceBytes;
        reply.pieceIntervalMs = pieceIntervalMs;
    });
    LimitsConfig limits = longLimits();
    limits.responseTimeout = shortTimeout;
    startGateway(limits);

    RawClient client(m_gateway->port());
    QVERIFY(client.waitForConnected());
    QElapsedTimer elapsed;
    elapsed.start();
    client.send(RawClient::request("GET", "/svc"));
    const ParsedResponse response = client.readResponse(RawClient::ResponseTo::Other, patienceMs);
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.bytes(), QByteArray(pieces * pieceBytes, 't'));
    // The precondition, or the test proves nothing: the body outlasted response_timeout (its
    // pieces are timed by the backend's timers, which never fire early).
    QVERIFY2(elapsed.elapsed() > (pieces - 1) * pieceIntervalMs,
             qPrintable(QStringLiteral("whole body in %1 ms").arg(elapsed.elapsed())));
    QVERIFY((pieces - 1) * pieceIntervalMs > shortTimeout.count());

    QVERIFY(m_gateway->waitForRecords(1));
    const RequestRecord &record = m_gateway->records().first();
    QCOMPARE(record.outcome, Outcome::Ok);
    QCOMPARE(record.failure, QByteArray());
    QCOMPARE(record.bytesOut, pieces * pieceBytes);
    QCOMPARE(backendErrors(), quint64(0));
}

void TestProxyDeadlines::earlyAnswerToStalledUpload() {
    // The instance answers from the head (a 413 of its own) while the client has sent only
    // part of its body and then stalls. The answer is relayed whole at once, as nginx relays an
    // upstream's early answer with proxy_request_buffering off; the exchange is over, so the
    // stall is nobody's failure (no 408), and the connection, which cannot carry another
    // request with the body unread, ends with a lingering close.
    m_backend->setAnswerAt(ScriptedBackend::AnswerAt::Head);
    m_backend->setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.status = 413;
        reply.body = "upload refused";
    });
    LimitsConfig limits = longLimits();
    limits.idleTimeout = shortTimeout; // the stalled body's deadline, were it still waited for
    startGateway(limits);

    RawClient client(m_gateway->port());
    QVERIFY(client.waitForConnected());
    const QByteArray bodyStart(1000, 'u');
    client.send("POST /svc HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n" + bodyStart);
    const ParsedResponse response = client.readResponse(RawClient::ResponseTo::Other, patienceMs);
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 413);
    QCOMPARE(response.body.bytes(), QByteArray("upload refused"));
    QCOMPARE(response.headers.value("connection").value_or("(none)"), QByteArray("close"));
    QVERIFY(client.waitForDisconnected(patienceMs)); // our FIN: the lingering close

    QVERIFY(m_gateway->waitForRecords(1));
    const RequestRecord &record = m_gateway->records().first();
    QCOMPARE(record.outcome, Outcome::Ok);
    QCOMPARE(record.status, 413);
    QCOMPARE(record.failure, QByteArray());
    QCOMPARE(record.bytesIn, bodyStart.size());
    QCOMPARE(record.attempts.size(), 1);
    QCOMPARE(record.attempts.first().error, QByteArray());
    QCOMPARE(backendErrors(), quint64(0));
    QCOMPARE(m_backend->requests().size(), 1);
    QCOMPARE(m_backend->requests().first().body.bytes(), bodyStart);
}

void TestProxyDeadlines::closesIdleTunnel() {
    // HAProxy's timeout tunnel: after a 101, no byte either way for tunnel_timeout.
    m_backend->setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.kind = BackendReply::Kind::SwitchProtocols;
    });
    LimitsConfig limits = longLimits();
    limits.tunnelTimeout = shortTimeout;
    startGateway(limits);

    RawClient client(m_gateway->port());
    QVERIFY(client.waitForConnected());
    client.send("GET /svc/ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                "\r\n");
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 101);
    const QByteArray frame = "frame-1";
    client.send(frame);
    QCOMPARE(client.readRaw(frame.size()), frame);

    // Then silence both ways: both connections are closed.
    QVERIFY(client.waitForDisconnected(patienceMs));
    QVERIFY(waitUntil([&] { return m_backend->connectionsClosed() == 1; }, defaultWaitMs));
    QVERIFY(m_gateway->waitForRecords(1));
    const RequestRecord &record = m_gateway->records().first();
    QCOMPARE(record.outcome, Outcome::Upgraded);
    QCOMPARE(record.status, 101);
    QCOMPARE(record.failure, QByteArray("tunnel idle for 300 ms"));
    QCOMPARE(record.bytesIn, frame.size());
    QCOMPARE(record.bytesOut, frame.size());
    QCOMPARE(backendErrors(), quint64(0)); // an idle tunnel is nobody's failure
}

void TestProxyDeadlines::abortsClosingConnectionThatDoesNotRead() {
    // The whole response is handed to the client's socket (below the back-pressure mark, so no
    // Send deadline), the connection closes after it, and the client reads none of it: what
    // the kernel cannot take stays queued, and the closing connection must not wait forever.
    m_backend->setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.body = QByteArray(SocketBuffers::highWatermark * 7 / 8, 'q');
    });
    LimitsConfig limits = longLimits();
    limits.idleTimeout = shortTimeout;
    startGateway(limits);

    BlockingClient client(m_gateway->port(), 4096);
    // The kernel would take the whole response into the gateway's send buffer (autotuned up to
    // net.ipv4.tcp_wmem's 4 MiB): pinned small, most of it stays queued in the gateway.
    int gatewaySide = -1;
    QVERIFY(waitUntil(
        [&] { return (gatewaySide = gatewaySideOf(m_gateway->port(), client.localPort())) >= 0; },
        defaultWaitMs));
    const int sendBufferBytes = 4096;
    QCOMPARE(
        ::setsockopt(gatewaySide, SOL_SOCKET, SO_SNDBUF, &sendBufferBytes, sizeof sendBufferBytes),
        0);
    QVERIFY2(client.sendAll("GET /svc HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
             client.error().constData());
    QVERIFY(m_gateway->waitForRecords(1));
    QCOMPARE(m_gateway->records().first().outcome, Outcome::Ok); // handed over whole
    QVERIFY(m_gateway->waitForSnapshot(
        [](const GatewaySnapshot &snapshot) { return snapshot.openConnections == 0; }, patienceMs));
}

void TestProxyDeadlines::answersEarlyWithoutReset_data() {
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("chunked");
    QTest::addColumn<int>("status");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<qint64>("maxBodyBytes");

    QTest::newRow("413: chunked body over max_body_bytes")
        << QByteArray("POST /svc HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n") << true
        << 413 << Outcome::BodyTooLarge << qint64(1000);
    QTest::newRow("404: no route, body by Content-Length")
        << QByteArray("POST /nowhere HTTP/1.1\r\nHost: a\r\nContent-Length: 1048576\r\n\r\n")
        << false << 404 << Outcome::NoRoute << qint64(0);
}

void TestProxyDeadlines::answersEarlyWithoutReset() {
    // nginx's lingering close: the gateway answers before it read the body and closes; the
    // client is still writing. Without lingering the kernel resets the connection over the
    // unread bytes, and the reset destroys the answer in the client's buffer.
    QFETCH(QByteArray, head);
    QFETCH(bool, chunked);
    QFETCH(int, status);
    QFETCH(Outcome, outcome);
    QFETCH(qint64, maxBodyBytes);
    LimitsConfig limits = longLimits();
    limits.maxBodyBytes = maxBodyBytes;
    startGateway(limits);

    BlockingClient client(m_gateway->port());
    QVERIFY2(client.sendAll(head), client.error().constData());
    const QByteArray piece(64 * 1024, 'u'); // 1 MiB in 16 writes
    for (int i = 0; i < 16; ++i) {
        const QByteArray bytes = chunked ? "10000\r\n" + piece + "\r\n" : piece;
        QVERIFY2(client.sendAll(bytes), client.error().constData());
    }
    if (chunked)
        QVERIFY2(client.sendAll("0\r\n\r\n"), client.error().constData());
    QVERIFY2(client.receiveUntilEnd(), client.error().constData());
    QVERIFY2(completeStatus(client.received()) == status, client.received().constData());

    QVERIFY(m_gateway->waitForRecords(1));
    QCOMPARE(m_gateway->records().first().outcome, outcome);
    QCOMPARE(m_backend->requests().size(), 0);
}

void TestProxyDeadlines::lingeringEndsWithoutTheClient() {
    // A client that neither closes nor sends after the early answer is not waited for beyond
    // the lingering time.
    startGateway(longLimits());
    BlockingClient client(m_gateway->port());
    const QByteArray request =
        "POST /nowhere HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n" +
        QByteArray(1000, 'u');
    QVERIFY2(client.sendAll(request), client.error().constData());
    QVERIFY2(client.receiveUntilEnd(), client.error().constData()); // the answer and our FIN
    QCOMPARE(completeStatus(client.received()), 404);
    QVERIFY(m_gateway->waitForSnapshot(
        [](const GatewaySnapshot &snapshot) { return snapshot.openConnections == 0; },
        int(ClientConnection::lingeringTimeMs) + defaultWaitMs));
}

void TestProxyDeadlines::lingeringEndsAfterItsByteLimit() {
    // A client that goes on sending after the early answer is not read from for the whole
    // lingering time: once ClientConnection::lingeringMaxBytes were read and dropped, the
    // connection is reset, long before lingeringTimeMs.
    startGateway(longLimits());
    BlockingClient client(m_gateway->port());
    QVERIFY2(
        client.sendAll("POST /nowhere HTTP/1.1\r\nHost: a\r\nContent-Length: 1073741824\r\n\r\n"),
        client.error().constData());
    QVERIFY2(client.receiveUntilEnd(), client.error().constData()); // the answer and our FIN
    QCOMPARE(completeStatus(client.received()), 404);

    QElapsedTimer lingering;
    lingering.start();
    // At most 16 times the limit: a gateway that dropped bytes for the whole lingering time
    // would take all of them on loopback, or reset only at its end.
    const QByteArray piece(64 * 1024, 'u');
    qint64 sent = 0;
    while (sent < 16 * ClientConnection::lingeringMaxBytes && client.sendAll(piece))
        sent += piece.size();
    QVERIFY2(client.error().startsWith("send: "),
             qPrintable(QStringLiteral("%1 bytes sent, no reset").arg(sent)));
    QVERIFY2(sent >= ClientConnection::lingeringMaxBytes, client.error().constData());
    QVERIFY2(lingering.elapsed() < ClientConnection::lingeringTimeMs,
             qPrintable(QStringLiteral("reset after %1 ms, %2 bytes: at the lingering time, not "
                                       "at the byte limit")
                            .arg(lingering.elapsed())
                            .arg(sent)));
    QVERIFY(m_gateway->waitForSnapshot(
        [](const GatewaySnapshot &snapshot) { return snapshot.openConnections == 0; }));
    QVERIFY(m_gateway->waitForRecords(1));
    QCOMPARE(m_gateway->records().first().outcome, Outcome::NoRoute);
}

QTEST_GUILESS_MAIN(TestProxyDeadlines)
#include "tst_proxydeadlines.moc"
