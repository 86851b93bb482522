// Routing end to end (README, "What the proxy does with a request", steps 2-4): prefix
// stripping, 404/503, dot-segments, round robin across instances and the headers the proxy
// rewrites, over real sockets.
#include "gatewayfixture.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTest>

class TestProxyRouting final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stripsPrefixAndKeepsQuery_data();
    void stripsPrefixAndKeepsQuery();
    void dotSegmentsCannotEscapeRoute_data();
    void dotSegmentsCannotEscapeRoute();
    void notFoundNamesPath();
    void roundRobinAcrossInstances();
    void serviceUnavailableWhenAllDisabled();
    void setsForwardedHeaders_data();
    void setsForwardedHeaders();
    void removesHopByHopHeaders();
    void appendsItselfToVia_data();
    void appendsItselfToVia();
};

void TestProxyRouting::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestProxyRouting::stripsPrefixAndKeepsQuery_data() {
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("upstreamTarget");

    QTest::newRow("path and query") << QByteArray("/service-a/x?q=1") << QByteArray("/x?q=1");
    QTest::newRow("prefix alone") << QByteArray("/service-a") << QByteArray("/");
    QTest::newRow("prefix and slash") << QByteArray("/service-a/") << QByteArray("/");
    QTest::newRow("prefix and query") << QByteArray("/service-a?q") << QByteArray("/?q");
    QTest::newRow("deeper path") << QByteArray("/service-a/x/y/z") << QByteArray("/x/y/z");
    QTest::newRow("query with slashes and dots")
        << QByteArray("/service-a/x?next=/a/../b") << QByteArray("/x?next=/a/../b");
    QTest::newRow("encoded slash kept") << QByteArray("/service-a/a%2Fb") << QByteArray("/a%2Fb");
}

void TestProxyRouting::stripsPrefixAndKeepsQuery() {
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, upstreamTarget);

    ScriptedBackend backend("a");
    GatewayConfig config = GatewayFixture::baseConfig();
    config.routes = {GatewayFixture::route("service-a", "/service-a", {backend.url()})};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", target));
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(backend.requests().size(), 1);
    QCOMPARE(backend.requests().first().target, upstreamTarget);

    QVERIFY(gateway.waitForRecords(1));
    const RequestRecord &record = gateway.records().first();
    QCOMPARE(record.target, target);
    QCOMPARE(record.upstreamTarget(), upstreamTarget);
    QCOMPARE(record.routeId, QStringLiteral("service-a"));
    QCOMPARE(record.outcome, Outcome::Ok);
}

void TestProxyRouting::dotSegmentsCannotEscapeRoute_data() {
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("servedBy"); // backend name, empty: none
    QTest::addColumn<QByteArray>("upstreamTarget");

    QTest::newRow("parent into other route")
        << QByteArray("/service-a/../admin") << 200 << QByteArray("admin") << QByteArray("/");
    QTest::newRow("encoded parent into other route")
        << QByteArray("/service-a/%2e%2e/admin") << 200 << QByteArray("admin") << QByteArray("/");
    QTest::newRow("mixed-case encoded parent")
        << QByteArray("/service-a/.%2E/admin/x") << 200 << QByteArray("admin") << QByteArray("/x");
    QTest::newRow("two levels up") << QByteArray("/service-a/x/../../admin/secret") << 200
                                   << QByteArray("admin") << QByteArray("/secret");
    QTest::newRow("above the root is the root")
        << QByteArray("/service-a/../../../etc/passwd") << 404 << QByteArray() << QByteArray();
    QTest::newRow("parent within the route")
        << QByteArray("/service-a/x/../y") << 200 << QByteArray("a") << QByteArray("/y");
    QTest::newRow("parent back to the prefix")
        << QByteArray("/service-a/x/..") << 200 << QByteArray("a") << QByteArray("/");
    QTest::newRow("current segments")
        << QByteArray("/service-a/./x/.") << 200 << QByteArray("a") << QByteArray("/x/");
}

void TestProxyRouting::dotSegmentsCannotEscapeRoute() {
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    QFETCH(QByteArray, servedBy);
    QFETCH(QByteArray, upstreamTarget);

    ScriptedBackend serviceA("a");
    ScriptedBackend admin("admin");
    GatewayConfig config = GatewayFixture::baseConfig();
    config.routes = {GatewayFixture::route("service-a", "/service-a", {serviceA.url()}),
                     GatewayFixture::route("admin", "/admin", {admin.url()})};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", target));
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, status);
    if (servedBy.isEmpty()) {
        QCOMPARE(serviceA.requests().size() + admin.requests().size(), 0);
        return;
    }
    QCOMPARE(response.body.bytes(), servedBy);
    ScriptedBackend &backend = servedBy == "a" ? serviceA : admin;
    QCOMPARE(backend.requests().size(), 1);
    QCOMPARE(backend.requests().first().target, upstreamTarget);
}

void TestProxyRouting::notFoundNamesPath() {
    ScriptedBackend backend("a");
    GatewayConfig config = GatewayFixture::baseConfig();
    config.routes = {GatewayFixture::route("service-a", "/service-a", {backend.url()})};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    // "/service-abc" shares the prefix's bytes but not its segment.
    QList<qint64> bodySizes;
    for (const QByteArray &target : {QByteArray("/nowhere/x?y=1"), QByteArray("/service-abc")}) {
        const ParsedResponse response =
            RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", target));
        QVERIFY2(response.complete, response.error.constData());
        QCOMPARE(response.status, 404);
        QCOMPARE(response.reason, QByteArray("Not Found"));
        QVERIFY2(response.body.bytes().contains(target), response.body.bytes().constData());
        bodySizes.append(response.body.bytes().size());
    }
    QCOMPARE(backend.requests().size(), 0);
    QVERIFY(gateway.waitForRecords(2));
    for (qsizetype i = 0; i < gateway.records().size(); ++i) {
        const RequestRecord &record = gateway.records()[i];
        QCOMPARE(record.outcome, Outcome::NoRoute);
        QCOMPARE(record.status, 404);
        QVERIFY(record.routeId.isEmpty());
        // The gateway's own body counts as what it sent (the access log's bytes_out).
        QCOMPARE(record.bytesOut, bodySizes[i]);
    }
}

void TestProxyRouting::roundRobinAcrossInstances() {
    ScriptedBackend a("a");
    ScriptedBackend b("b");
    GatewayConfig config = GatewayFixture::baseConfig();
    config.routes = {GatewayFixture::route("service", "/service", {a.url(), b.url()})};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    QByteArrayList servedBy;
    for (int i = 0; i < 4; ++i) {
        // Fresh connections: the balancer decides per request, not per client connection.
        const ParsedResponse response =
            RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/service/"));
        QVERIFY2(response.complete, response.error.constData());
        servedBy.append(response.body.bytes());
    }
    QCOMPARE(servedBy, QByteArrayList({"a", "b", "a", "b"}));

    QVERIFY(gateway.waitForRecords(4));
    QList<int> indexes;
    for (const RequestRecord &record : gateway.records()) {
        indexes.append(record.backendIndex);
        QVERIFY2(formatReason(record).startsWith("round_robin"), formatReason(record).constData());
        QCOMPARE(record.backendUrl, (record.backendIndex == 0 ? a : b).url().toEncoded());
    }
    QCOMPARE(indexes, QList<int>({0, 1, 0, 1}));
}

void TestProxyRouting::serviceUnavailableWhenAllDisabled() {
    ScriptedBackend a("a");
    ScriptedBackend b("b");
    GatewayConfig config = GatewayFixture::baseConfig();
    config.routes = {GatewayFixture::route("service", "/service", {a.url(), b.url()})};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));
    for (int index : {0, 1}) {
        const ControlResult result =
            gateway.setBackendAdminState("service", index, AdminState::Disabled);
        QVERIFY2(result.ok(), qPrintable(result.message));
    }

    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/service/x"));
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 503);
    QVERIFY2(response.body.bytes().contains("service"), response.body.bytes().constData());
    QCOMPARE(a.connectionsAccepted() + b.connectionsAccepted(), 0);

    QVERIFY(gateway.waitForRecords(1));
    const RequestRecord &record = gateway.records().first();
    QCOMPARE(record.outcome, Outcome::NoBackend);
    QCOMPARE(record.status, 503);
    QCOMPARE(record.bytesOut, response.body.bytes().size());
    QVERIFY2(formatReason(record).contains("disabled"), formatReason(record).constData());
}

void TestProxyRouting::setsForwardedHeaders_data() {
    QTest::addColumn<QByteArray>("extraHeaders");
    QTest::addColumn<QByteArray>("forwardedFor");

    QTest::newRow("first proxy") << QByteArray() << QByteArray("127.0.0.1");
    QTest::newRow("appended to a chain") << QByteArray("X-Forwarded-For: 203.0.113.7, 10.0.0.1\r\n")
                                         << QByteArray("203.0.113.7, 10.0.0.1, 127.0.0.1");
    // Several field lines form one list (RFC 9110 §5.3): none of the hops may be lost.
    QTest::newRow("chain over two lines")
        << QByteArray("X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-For: 10.0.0.1\r\n")
        << QByteArray("203.0.113.7, 10.0.0.1, 127.0.0.1");
    // Empty lines and empty elements name no hop (RFC 9110 §5.6.1): the list is rewritten
    // without them.
    QTest::newRow("empty line and empty element dropped")
        << QByteArray("X-Forwarded-For: \r\nX-Forwarded-For: 203.0.113.7,,10.0.0.1\r\n")
        << QByteArray("203.0.113.7, 10.0.0.1, 127.0.0.1");
    QTest::newRow("spoofed host and proto replaced")
        << QByteArray("X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\n")
        << QByteArray("127.0.0.1");
}

void TestProxyRouting::setsForwardedHeaders() {
    QFETCH(QByteArray, extraHeaders);
    QFETCH(QByteArray, forwardedFor);

    ScriptedBackend backend("a");
    GatewayConfig config = GatewayFixture::baseConfig();
    config.routes = {GatewayFixture::route("service", "/service", {backend.url()})};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    const ParsedResponse response = RawClient::exchangeOnce(
        gateway.port(), RawClient::request("GET", "/service/x", extraHeaders));
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(backend.requests().size(), 1);
    const HeaderList &headers = backend.requests().first().headers;
    QCOMPARE(headers.count("x-forwarded-for"), 1);
    QCOMPARE(headers.value("x-forwarded-for"), forwardedFor);
    QCOMPARE(headers.count("x-forwarded-host"), 1);
    QCOMPARE(headers.value("x-forwarded-host"), QByteArray("localhost"));
    QCOMPARE(headers.count("x-forwarded-proto"), 1);
    QCOMPARE(headers.value("x-forwarded-proto"), QByteArray("http"));
    QCOMPARE(headers.count("host"), 1);
    QCOMPARE(headers.value("host"), "127.0.0.1:" + QByteArray::number(backend.port()));
}

void TestProxyRouting::removesHopByHopHeaders() {
    ScriptedBackend backend("a");
    backend.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        // The second Connection line names a header too: every line counts.
        reply.headers = {{"Connection", "keep-alive"},
                         {"Connection", "X-Backend-Secret"},
                         {"X-Backend-Secret", "1"},
                         {"Keep-Alive", "timeout=5"},
                         {"X-Backend-Public", "2"}};
        reply.reason = "Fine Thanks";
        reply.body = "ok";
    });
    GatewayConfig config = GatewayFixture::baseConfig();
    config.routes = {GatewayFixture::route("service", "/service", {backend.url()})};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    const QByteArray extra = "Connection: keep-alive, X-Client-Secret\r\n"
                             "Connection: X-Second-Secret\r\n"
                             "X-Client-Secret: 1\r\n"
                             "X-Second-Secret: 1\r\n"
                             "Keep-Alive: timeout=5\r\n"
                             "Proxy-Connection: keep-alive\r\n"
                             "TE: trailers\r\n"
                             "Trailer: X-Checksum\r\n"
                             "Upgrade: h2c\r\n"
                             "X-Client-Public: 2\r\n";
    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/service/x", extra));
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.reason, QByteArray("Fine Thanks"));

    QCOMPARE(backend.requests().size(), 1);
    const HeaderList &sent = backend.requests().first().headers;
    for (const char *name : {"connection", "x-client-secret", "x-second-secret", "keep-alive",
                             "proxy-connection", "te", "trailer", "upgrade"})
        QVERIFY2(
            !sent.contains(name),
            QByteArray(QByteArray(name) + " reached the backend:\n" + sent.toText()).constData());
    QCOMPARE(sent.value("x-client-public"), QByteArray("2"));

    const HeaderList &received = response.headers;
    for (const char *name : {"x-backend-secret", "keep-alive"})
        QVERIFY2(!received.contains(name),
                 QByteArray(QByteArray(name) + " reached the client:\n" + received.toText())
                     .constData());
    QCOMPARE(received.value("x-backend-public"), QByteArray("2"));
}

void TestProxyRouting::appendsItselfToVia_data() {
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<QByteArray>("extraHeaders");
    QTest::addColumn<QString>("expected"); // a pattern; PSEUDONYM is the gateway's

    QTest::newRow("first proxy") << QByteArray("HTTP/1.1") << QByteArray()
                                 << QStringLiteral("1.1 PSEUDONYM");
    QTest::newRow("HTTP/1.0 client")
        << QByteArray("HTTP/1.0") << QByteArray() << QStringLiteral("1.0 PSEUDONYM");
    QTest::newRow("appended to a chain")
        << QByteArray("HTTP/1.1") << QByteArray("Via: 1.0 fred, 1.1 p.example (Apache/1.1)\r\n")
        << QStringLiteral("1.0 fred, 1.1 p.example (Apache/1.1), 1.1 PSEUDONYM");
    // Several field lines form one list (RFC 9110 §5.3), as for X-Forwarded-For.
    QTest::newRow("chain over two lines")
        << QByteArray("HTTP/1.1") << QByteArray("Via: 1.0 fred\r\nVia: 1.1 nowhere.example\r\n")
        << QStringLiteral("1.0 fred, 1.1 nowhere.example, 1.1 PSEUDONYM");
    QTest::newRow("empty line dropped")
        << QByteArray("HTTP/1.1") << QByteArray("Via: 1.0 fred\r\nVia: \r\n")
        << QStringLiteral("1.0 fred, 1.1 PSEUDONYM");
}

void TestProxyRouting::appendsItselfToVia() {
    QFETCH(QByteArray, version);
    QFETCH(QByteArray, extraHeaders);
    QFETCH(QString, expected);

    ScriptedBackend backend("a");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    const ParsedResponse response = RawClient::exchangeOnce(
        gateway.port(),
        "GET /svc/x " + version + "\r\nHost: localhost\r\n" + extraHeaders + "\r\n");
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(backend.requests().size(), 1);
    const HeaderList &headers = backend.requests().first().headers;
    QCOMPARE(headers.count("via"), 1);
    const QString via = QString::fromLatin1(headers.value("via").value_or(QByteArray()));
    const QString pattern =
        QLatin1Char('^') +
        QRegularExpression::escape(expected).replace(
            QLatin1String("PSEUDONYM"), QLatin1String("gateway-console-[0-9a-f]{16}")) +
        QLatin1Char('$');
    QVERIFY2(QRegularExpression(pattern).match(via).hasMatch(), qPrintable(via));
    // The response is the backend's: Via is added to requests only (README, "Loop protection").
    QVERIFY(!response.headers.contains("via"));
}

QTEST_GUILESS_MAIN(TestProxyRouting)
#include "tst_proxyrouting.moc"
