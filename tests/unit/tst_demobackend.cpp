#include "demo/demobackend.h"
#include "http/httpparser.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace std::chrono_literals;

namespace {

struct Response {
    int status = 0;
    QByteArray contentType;
    QByteArray connection;
    qint64 contentLength = -1;
    QByteArray body;
};

// A keep-alive client over a real socket that parses what arrives with the project's own
// response parser and records every response in order, including one cut short.
class TestClient final : public QObject, private HttpParserListener {
public:
    explicit TestClient(quint16 port)
        : m_parser(HttpParser::Kind::Response, this) {
        connect(&m_socket, &QTcpSocket::readyRead, this, &TestClient::readResponses);
        connect(&m_socket, &QTcpSocket::errorOccurred, this,
                [this](QAbstractSocket::SocketError error) { socketError = error; });
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
            readResponses();
            cutShort = m_parser.finish().status == HttpParser::Status::Failed;
            closed = true;
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    ~TestClient() override {
        // The socket, destroyed after the parser, must not call back into a half-destroyed client.
        disconnect(&m_socket, nullptr, this, nullptr);
    }

    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    void get(const QByteArray &target) {
        send("GET " + target + " HTTP/1.1\r\nHost: demo\r\n\r\n");
    }
    // The responses that follow answer HEAD requests (they have no body).
    void expectHeadResponses() { m_parser.setAnsweringHead(true); }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    QList<Response> responses;
    Response current; // the response being received (a cut-short one stays here)
    bool closed = false;
    bool cutShort = false; // the connection closed in the middle of a response
    bool malformed = false;
    QAbstractSocket::SocketError socketError = QAbstractSocket::UnknownSocketError;

private:
    bool onHeadComplete(const HttpMessageHead &head) override {
        current = {};
        current.status = head.statusCode();
        current.contentType = head.value("content-type").value_or("").toByteArray();
        current.connection = head.value("connection").value_or("").toByteArray();
        // The header itself: the framing of a HEAD response says "no body" whatever it promises.
        if (const auto length = head.value("content-length"))
            current.contentLength = length->toByteArray().toLongLong();
        return true;
    }
    void onBody(QByteArrayView data) override { current.body.append(data); }
    void onMessageComplete() override { responses.append(std::exchange(current, {})); }

    void readResponses() {
        const QByteArray data = m_socket.readAll();
        qsizetype offset = 0;
        while (offset < data.size() && !malformed) {
            const HttpParser::Result result = m_parser.feed(QByteArrayView(data).sliced(offset));
            offset += result.consumed;
            if (result.status == HttpParser::Status::Paused)
                m_parser.resume();
            else if (result.status != HttpParser::Status::NeedMoreData)
                malformed = true;
        }
    }

    QTcpSocket m_socket;
    HttpParser m_parser;
};

QByteArray helloFrom(quint16 port) {
    return "Hello from instance :" + QByteArray::number(port) + '\n';
}

} // namespace

class TestDemoBackend : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listensOnAFreePort();
    void refusesAPortInUse();
    void answers_data();
    void answers();
    void echoesTheRequest();
    void headGetsNoBody();
    void keepsConnectionsAlive();
    void answersPipelinedRequestsInOrder_data();
    void answersPipelinedRequestsInOrder();
    void closesWhenAsked();
    void upgradeRequestIsAnsweredThenClosed();
    void malformedRequestGets400AndClose();
    void killRefusesConnectsAndClosesOpenOnes();
    void killDropsHeldResponses();
    void reviveFailsWhenThePortWasTaken();
    void latencyHoldsResponsesBack();
    void latencyIsNeverShorterThanConfigured();
    void errorRate_data();
    void errorRate();
    void resetMidResponseCutsTheBody();
    void resetMidResponseSparesHealthChecks();
    void countsResponsesByStatus();

private:
    std::unique_ptr<DemoBackend> m_backend;
};

void TestDemoBackend::init() {
    m_backend = std::make_unique<DemoBackend>();
    QVERIFY2(m_backend->listen(0), qPrintable(m_backend->errorString()));
}

void TestDemoBackend::cleanup() {
    m_backend.reset();
}

void TestDemoBackend::listensOnAFreePort() {
    QVERIFY(m_backend->isListening());
    QVERIFY(m_backend->port() != 0);
    const DemoInstanceState state = m_backend->state();
    QCOMPARE(state.port, m_backend->port());
    QVERIFY(state.listening);
    QCOMPARE(state.requestsServed, 0);
}

void TestDemoBackend::refusesAPortInUse() {
    DemoBackend second;
    QVERIFY(!second.listen(m_backend->port()));
    QVERIFY(!second.isListening());
    QCOMPARE(second.errorString(),
             QStringLiteral("port %1 is already in use").arg(m_backend->port()));
}

void TestDemoBackend::answers_data() {
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body"); // "%port" stands for the instance's port

    QTest::newRow("root") << QByteArray("/") << QByteArray("text/plain; charset=utf-8")
                          << QByteArray("Hello from instance :%port\n");
    QTest::newRow("any path") << QByteArray("/users/42?x=1")
                              << QByteArray("text/plain; charset=utf-8")
                              << QByteArray("Hello from instance :%port\n");
    QTest::newRow("echo is exact")
        << QByteArray("/echo/more") << QByteArray("text/plain; charset=utf-8")
        << QByteArray("Hello from instance :%port\n");
    QTest::newRow("healthz") << QByteArray("/healthz") << QByteArray("text/plain; charset=utf-8")
                             << QByteArray("ok");
    QTest::newRow("healthz with query")
        << QByteArray("/healthz?probe=1") << QByteArray("text/plain; charset=utf-8")
        << QByteArray("ok");
}

void TestDemoBackend::answers() {
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    body.replace("%port", QByteArray::number(m_backend->port()));

    TestClient client(m_backend->port());
    client.get(target);
    QTRY_COMPARE(client.responses.size(), 1);
    QCOMPARE(client.responses[0].status, 200);
    QCOMPARE(client.responses[0].contentType, contentType);
    QCOMPARE(client.responses[0].body, body);
    QCOMPARE(client.responses[0].contentLength, body.size());
    QVERIFY(!client.malformed);
}

void TestDemoBackend::echoesTheRequest() {
    TestClient client(m_backend->port());
    client.send("POST /echo?a=1&b=two HTTP/1.1\r\nHost: demo\r\nX-Trace: abc\r\n"
                "Content-Length: 8\r\n\r\nhi there");
    QTRY_COMPARE(client.responses.size(), 1);
    const Response &response = client.responses[0];
    QCOMPARE(response.status, 200);
    QCOMPARE(response.contentType, QByteArray("application/json"));

    QJsonParseError error;
    const QJsonObject echo = QJsonDocument::fromJson(response.body, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(echo["method"].toString(), QStringLiteral("POST"));
    QCOMPARE(echo["path"].toString(), QStringLiteral("/echo"));
    QCOMPARE(echo["query"].toString(), QStringLiteral("a=1&b=two"));
    QCOMPARE(echo["body"].toString(), QStringLiteral("hi there"));
    QCOMPARE(echo["port"].toInt(), int(m_backend->port()));
    const QJsonArray headers = echo["headers"].toArray();
    QCOMPARE(headers.size(), 3);
    QCOMPARE(headers[0].toArray(), (QJsonArray{QStringLiteral("Host"), QStringLiteral("demo")}));
    QCOMPARE(headers[1].toArray(), (QJsonArray{QStringLiteral("X-Trace"), QStringLiteral("abc")}));
    QCOMPARE(headers[2].toArray(),
             (QJsonArray{QStringLiteral("Content-Length"), QStringLiteral("8")}));
}

void TestDemoBackend::headGetsNoBody() {
    TestClient client(m_backend->port());
    client.expectHeadResponses();
    // Were a body sent after the first head, it would be parsed as the second response's head.
    client.send(
        "HEAD / HTTP/1.1\r\nHost: demo\r\n\r\nHEAD /healthz HTTP/1.1\r\nHost: demo\r\n\r\n");
    QTRY_COMPARE(client.responses.size(), 2);
    QCOMPARE(client.responses[0].status, 200);
    QCOMPARE(client.responses[0].contentLength, helloFrom(m_backend->port()).size());
    QCOMPARE(client.responses[0].body, QByteArray());
    QCOMPARE(client.responses[1].contentLength, 2);
    QVERIFY(!client.malformed);
}

void TestDemoBackend::keepsConnectionsAlive() {
    TestClient client(m_backend->port());
    for (int i = 1; i <= 3; ++i) {
        client.get("/");
        QTRY_COMPARE(client.responses.size(), i);
    }
    QVERIFY(client.isConnected());
    QCOMPARE(m_backend->state().openConnections, 1);
    for (const Response &response : std::as_const(client.responses))
        QCOMPARE(response.body, helloFrom(m_backend->port()));
}

void TestDemoBackend::answersPipelinedRequestsInOrder_data() {
    QTest::addColumn<int>("latencyMs");
    QTest::newRow("answered at once") << 0;
    QTest::newRow("held by the latency timer") << 20;
}

void TestDemoBackend::answersPipelinedRequestsInOrder() {
    QFETCH(int, latencyMs);
    m_backend->setLatency(std::chrono::milliseconds(latencyMs));

    TestClient client(m_backend->port());
    client.send("POST /echo HTTP/1.1\r\nHost: demo\r\nContent-Length: 5\r\n\r\nfirst"
                "GET /healthz HTTP/1.1\r\nHost: demo\r\n\r\n"
                "GET /third HTTP/1.1\r\nHost: demo\r\n\r\n");
    QTRY_COMPARE(client.responses.size(), 3);
    QCOMPARE(QJsonDocument::fromJson(client.responses[0].body)["body"].toString(),
             QStringLiteral("first"));
    QCOMPARE(client.responses[1].body, QByteArray("ok"));
    QCOMPARE(client.responses[2].body, helloFrom(m_backend->port()));
    QVERIFY(client.isConnected());
}

void TestDemoBackend::closesWhenAsked() {
    TestClient client(m_backend->port());
    client.send("GET / HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n");
    QTRY_VERIFY(client.closed);
    QCOMPARE(client.responses.size(), 1);
    QCOMPARE(client.responses[0].connection, QByteArray("close"));
    QVERIFY(!client.cutShort);
}

void TestDemoBackend::upgradeRequestIsAnsweredThenClosed() {
    TestClient client(m_backend->port());
    client.send(
        "GET / HTTP/1.1\r\nHost: demo\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
    QTRY_VERIFY(client.closed);
    QCOMPARE(client.responses.size(), 1);
    QCOMPARE(client.responses[0].body, helloFrom(m_backend->port()));
    QCOMPARE(client.responses[0].connection, QByteArray("close"));
}

void TestDemoBackend::malformedRequestGets400AndClose() {
    TestClient client(m_backend->port());
    client.send("GET / HTTP/1.1\r\n\r\n"); // no Host
    QTRY_VERIFY(client.closed);
    QCOMPARE(client.responses.size(), 1);
    QCOMPARE(client.responses[0].status, 400);
    QCOMPARE(m_backend->state().responsesByStatus.value(400), 1);
}

void TestDemoBackend::killRefusesConnectsAndClosesOpenOnes() {
    const quint16 port = m_backend->port();
    TestClient open(port);
    open.get("/");
    QTRY_COMPARE(open.responses.size(), 1);

    m_backend->kill();
    QVERIFY(!m_backend->isListening());
    QVERIFY(!m_backend->state().listening);
    QTRY_VERIFY(open.closed);
    TestClient refused(port);
    QTRY_COMPARE(refused.socketError, QAbstractSocket::ConnectionRefusedError);
    QCOMPARE(m_backend->state().openConnections, 0);

    QVERIFY2(m_backend->revive(), qPrintable(m_backend->errorString()));
    QCOMPARE(m_backend->port(), port);
    QVERIFY(m_backend->state().listening);
    TestClient revived(port);
    revived.get("/");
    QTRY_COMPARE(revived.responses.size(), 1);
    QCOMPARE(revived.responses[0].body, helloFrom(port));
}

void TestDemoBackend::killDropsHeldResponses() {
    m_backend->setLatency(1h);
    TestClient client(m_backend->port());
    client.get("/");
    QTRY_COMPARE(m_backend->state().responsesPending, 1);

    m_backend->kill();
    QTRY_VERIFY(client.closed);
    QCOMPARE(client.responses.size(), 0);
    QCOMPARE(m_backend->state().requestsServed, 0);
}

void TestDemoBackend::reviveFailsWhenThePortWasTaken() {
    const quint16 port = m_backend->port();
    m_backend->kill();
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, port));

    QVERIFY(!m_backend->revive());
    QCOMPARE(m_backend->errorString(), QStringLiteral("port %1 is already in use").arg(port));
    QVERIFY(!m_backend->state().listening);
}

void TestDemoBackend::latencyHoldsResponsesBack() {
    m_backend->setLatency(1000ms);
    TestClient slow(m_backend->port());
    slow.get("/");
    QTRY_COMPARE(m_backend->state().responsesPending, 1);
    QCOMPARE(m_backend->state().latency, 1000ms);

    // A request that arrives after the latency is lifted overtakes the held one.
    m_backend->setLatency(0ms);
    TestClient fast(m_backend->port());
    fast.get("/");
    QTRY_COMPARE(fast.responses.size(), 1);
    QCOMPARE(slow.responses.size(), 0);
    QCOMPARE(m_backend->state().requestsServed, 1);

    QTRY_COMPARE(slow.responses.size(), 1);
    QCOMPARE(slow.responses[0].body, helloFrom(m_backend->port()));
    QCOMPARE(m_backend->state().responsesPending, 0);
}

void TestDemoBackend::latencyIsNeverShorterThanConfigured() {
    constexpr int latencyMs = 1500;
    m_backend->setLatency(std::chrono::milliseconds(latencyMs));
    TestClient client(m_backend->port());
    QTRY_VERIFY(client.isConnected());
    // One after another, so that each reply's timer starts at another point of the clock: a
    // coarse timer moves its deadline to a round time up to 5 % either side (1426 ms was
    // measured for 1500), and now and then one of these came early.
    for (int i = 0; i < 3; ++i) {
        // Started before the request leaves: the reply cannot come sooner than the latency after
        // the backend read it, which is later still.
        QElapsedTimer clock;
        clock.start();
        client.get("/");
        QTRY_COMPARE_WITH_TIMEOUT(client.responses.size(), i + 1, latencyMs + 5000);
        QVERIFY2(
            clock.elapsed() >= latencyMs,
            qPrintable(QStringLiteral("reply %1 after %2 ms").arg(i + 1).arg(clock.elapsed())));
    }
}

void TestDemoBackend::errorRate_data() {
    QTest::addColumn<int>("percent");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QList<int>>("statuses");

    QTest::newRow("0%") << 0 << QByteArray("/") << QList<int>{200, 200, 200, 200};
    QTest::newRow("100%") << 100 << QByteArray("/") << QList<int>{500, 500, 500, 500};
    QTest::newRow("50% alternates") << 50 << QByteArray("/") << QList<int>{200, 500, 200, 500};
    QTest::newRow("25% is every fourth") << 25 << QByteArray("/") << QList<int>{200, 200, 200, 500};
    QTest::newRow("over 100 clamps") << 250 << QByteArray("/") << QList<int>{500, 500, 500, 500};
    QTest::newRow("echo fails too") << 100 << QByteArray("/echo") << QList<int>{500, 500, 500, 500};
    QTest::newRow("healthz at 100% fails")
        << 100 << QByteArray("/healthz") << QList<int>{500, 500, 500, 500};
    QTest::newRow("healthz below 100% stays up")
        << 99 << QByteArray("/healthz") << QList<int>{200, 200, 200, 200};
}

void TestDemoBackend::errorRate() {
    QFETCH(int, percent);
    QFETCH(QByteArray, target);
    QFETCH(QList<int>, statuses);
    m_backend->setErrorRate(percent);
    QCOMPARE(m_backend->state().errorRatePercent, std::clamp(percent, 0, 100));

    TestClient client(m_backend->port());
    for (qsizetype i = 0; i < statuses.size(); ++i) {
        client.get(target);
        QTRY_COMPARE(client.responses.size(), i + 1);
        QCOMPARE(client.responses[i].status, statuses[i]);
    }
    QVERIFY(client.isConnected()); // an injected 500 keeps the connection
}

void TestDemoBackend::resetMidResponseCutsTheBody() {
    m_backend->setResetMidResponse(true);
    TestClient client(m_backend->port());
    client.get("/");
    QTRY_VERIFY(client.closed);
    QVERIFY(client.cutShort);
    QCOMPARE(client.responses.size(), 0);
    QCOMPARE(client.current.status, 200);
    QCOMPARE(client.current.contentLength, helloFrom(m_backend->port()).size());
    QVERIFY(!client.current.body.isEmpty());
    QVERIFY(client.current.body.size() < client.current.contentLength);
    QVERIFY(helloFrom(m_backend->port()).startsWith(client.current.body));

    const DemoInstanceState state = m_backend->state();
    QVERIFY(state.resetMidResponse);
    QCOMPARE(state.responsesReset, 1);
    QCOMPARE(state.requestsServed, 1);
}

void TestDemoBackend::resetMidResponseSparesHealthChecks() {
    m_backend->setResetMidResponse(true);
    TestClient client(m_backend->port());
    client.get("/healthz");
    client.get("/healthz");
    QTRY_COMPARE(client.responses.size(), 2);
    QVERIFY(client.isConnected());
    QCOMPARE(m_backend->state().responsesReset, 0);
}

void TestDemoBackend::countsResponsesByStatus() {
    TestClient client(m_backend->port());
    for (int i = 1; i <= 3; ++i) {
        client.get("/");
        QTRY_COMPARE(client.responses.size(), i);
    }
    m_backend->setErrorRate(100);
    for (int i = 4; i <= 5; ++i) {
        client.get("/echo");
        QTRY_COMPARE(client.responses.size(), i);
    }
    const DemoInstanceState state = m_backend->state();
    QCOMPARE(state.requestsServed, 5);
    QCOMPARE(state.responsesByStatus, (QMap<int, qint64>{{200, 3}, {500, 2}}));
    QCOMPARE(state.responsesReset, 0);
}

QTEST_GUILESS_MAIN(TestDemoBackend)
#include "tst_demobackend.moc"
