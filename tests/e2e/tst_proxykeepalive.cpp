// Connection reuse end to end (docs/ARCHITECTURE.md, "The request path", steps 2 and 4):
// keep-alive and pipelining towards clients, pooled keep-alive connections towards instances.
#include "gatewayfixture.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QLoggingCategory>
#include <QTest>

class TestProxyKeepAlive final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keepsClientConnectionOpen();
    void answersPipelinedRequestsInOrder_data();
    void answersPipelinedRequestsInOrder();
    void reusesUpstreamConnection_data();
    void reusesUpstreamConnection();
    void closesWhenAsked_data();
    void closesWhenAsked();
    void closesIdleClientConnection();
    void opensNewUpstreamConnectionAfterBackendClose_data();
    void opensNewUpstreamConnectionAfterBackendClose();
};

void TestProxyKeepAlive::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestProxyKeepAlive::keepsClientConnectionOpen() {
    ScriptedBackend backend("b");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    for (int i = 0; i < 5; ++i) {
        client.send(RawClient::request("GET", QByteArray("/svc/" + QByteArray::number(i))));
        const ParsedResponse response = client.readResponse();
        QVERIFY2(response.complete, response.error.constData());
        QCOMPARE(response.status, 200);
        QVERIFY(!response.headers.value("connection").value_or("").contains("close"));
        QVERIFY(client.isOpen());
    }
    QCOMPARE(backend.requests().size(), 5);
    QVERIFY(gateway.waitForRecords(5));
}

void TestProxyKeepAlive::answersPipelinedRequestsInOrder_data() {
    QTest::addColumn<QByteArrayList>("targets");

    // "/svc/slow" is answered late: a proxy that answered out of order would put "fast" first.
    QTest::newRow("slow then fast") << QByteArrayList{"/svc/slow", "/svc/fast", "/svc/fast2"};
    QTest::newRow("fast slow fast") << QByteArrayList{"/svc/fast", "/svc/slow", "/svc/fast2"};
    QTest::newRow("ten") << QByteArrayList{"/svc/0", "/svc/slow", "/svc/2", "/svc/3", "/svc/4",
                                           "/svc/5", "/svc/6",    "/svc/7", "/svc/8", "/svc/9"};
}

void TestProxyKeepAlive::answersPipelinedRequestsInOrder() {
    QFETCH(QByteArrayList, targets);

    ScriptedBackend backend("b");
    backend.setHandler([](const ReceivedRequest &request, BackendReply &reply) {
        reply.body = request.target;
        if (request.target == "/slow")
            reply.delayMs = 100;
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    QByteArray pipelined;
    for (const QByteArray &target : targets)
        pipelined += RawClient::request("GET", target);
    client.send(pipelined); // all in one write

    for (const QByteArray &target : targets) {
        const ParsedResponse response = client.readResponse();
        QVERIFY2(response.complete, response.error.constData());
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body.bytes(), target.mid(4)); // the prefix is stripped upstream
    }
    QVERIFY(client.isOpen());
}

void TestProxyKeepAlive::reusesUpstreamConnection_data() {
    QTest::addColumn<bool>("newClientEachTime");

    QTest::newRow("one client connection") << false;
    QTest::newRow("a client connection per request") << true;
}

void TestProxyKeepAlive::reusesUpstreamConnection() {
    QFETCH(bool, newClientEachTime);
    constexpr int requestCount = 10;

    ScriptedBackend backend("b");
    backend.setHandler([](const ReceivedRequest &request, BackendReply &reply) {
        reply.body = QByteArray::number(request.connectionIndex);
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));

    std::unique_ptr<RawClient> client;
    for (int i = 0; i < requestCount; ++i) {
        if (!client || newClientEachTime) {
            client = std::make_unique<RawClient>(gateway.port());
            QVERIFY(client->waitForConnected());
        }
        client->send(RawClient::request("GET", "/svc/x"));
        const ParsedResponse response = client->readResponse();
        QVERIFY2(response.complete, response.error.constData());
        QCOMPARE(response.status, 200);
    }
    QCOMPARE(backend.requests().size(), requestCount);
    QCOMPARE(backend.connectionsAccepted(), 1);
    // What /metrics reports as gateway_upstream_connections_opened_total.
    QVERIFY(gateway.waitForSnapshot(
        [](const GatewaySnapshot &snapshot) { return snapshot.upstreamConnectionsOpened == 1; }));
}

void TestProxyKeepAlive::closesWhenAsked_data() {
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("staysOpen");
    QTest::addColumn<QByteArray>("connectionHeader"); // in the response; empty: absent

    QTest::newRow("HTTP/1.1 default")
        << QByteArray("GET /svc HTTP/1.1\r\nHost: a\r\n\r\n") << true << QByteArray();
    QTest::newRow("HTTP/1.1 close")
        << QByteArray("GET /svc HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n") << false
        << QByteArray("close");
    QTest::newRow("HTTP/1.0 default")
        << QByteArray("GET /svc HTTP/1.0\r\n\r\n") << false << QByteArray("close");
    QTest::newRow("HTTP/1.0 keep-alive")
        << QByteArray("GET /svc HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true
        << QByteArray("keep-alive");
}

void TestProxyKeepAlive::closesWhenAsked() {
    QFETCH(QByteArray, request);
    QFETCH(bool, staysOpen);
    QFETCH(QByteArray, connectionHeader);

    ScriptedBackend backend("b");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    client.send(request);
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.bytes(), QByteArray("b"));
    QCOMPARE(response.versionMinor, 1);
    QCOMPARE(response.headers.value("connection").value_or(QByteArray()).toLower(),
             connectionHeader);
    // Whatever the client spoke, the instance is spoken to in HTTP/1.1.
    QCOMPARE(backend.requests().first().versionMinor, 1);
    if (staysOpen) {
        // Still usable: a second request on the same connection.
        client.send(request);
        const ParsedResponse second = client.readResponse();
        QVERIFY2(second.complete, second.error.constData());
        QCOMPARE(second.status, 200);
        QVERIFY(client.isOpen());
    } else {
        QVERIFY(client.waitForDisconnected());
    }
}

void TestProxyKeepAlive::closesIdleClientConnection() {
    ScriptedBackend backend("b");
    GatewayFixture gateway;
    LimitsConfig limits;
    limits.idleTimeout = std::chrono::milliseconds(300);
    QVERIFY(gateway.startSingleRoute({backend.url()}, limits));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("GET", "/svc"));
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QVERIFY(client.isOpen());
    QVERIFY(client.waitForDisconnected(3000));
}

void TestProxyKeepAlive::opensNewUpstreamConnectionAfterBackendClose_data() {
    QTest::addColumn<bool>("backendSaysClose");

    // The backend announces "Connection: close" with each response, or closes its idle
    // connection later on its own (a backend's keep-alive timeout).
    QTest::newRow("Connection: close") << true;
    QTest::newRow("idle connection closed by backend") << false;
}

void TestProxyKeepAlive::opensNewUpstreamConnectionAfterBackendClose() {
    QFETCH(bool, backendSaysClose);

    ScriptedBackend backend("b");
    backend.setHandler([&](const ReceivedRequest &, BackendReply &reply) {
        reply.body = "b";
        if (backendSaysClose)
            reply.connection = BackendReply::Connection::Close;
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    for (int i = 0; i < 3; ++i) {
        client.send(RawClient::request("GET", "/svc"));
        const ParsedResponse response = client.readResponse();
        QVERIFY2(response.complete, response.error.constData());
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body.bytes(), QByteArray("b"));
        if (!backendSaysClose)
            backend.closeConnections();
        QTRY_COMPARE(backend.openConnections(), 0);
    }
    QCOMPARE(backend.connectionsAccepted(), 3);
    QVERIFY(gateway.waitForSnapshot(
        [](const GatewaySnapshot &snapshot) { return snapshot.upstreamConnectionsOpened == 3; }));
    QVERIFY(client.isOpen());
}

QTEST_GUILESS_MAIN(TestProxyKeepAlive)
#include "tst_proxykeepalive.moc"
