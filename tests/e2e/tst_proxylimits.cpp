// What the gateway refuses before any instance sees it (README, "What the proxy does with a
// request", step 1; docs/ARCHITECTURE.md, "What 'strict' means here"): malformed requests,
// oversized heads and bodies, heads that arrive too slowly, other HTTP versions.
#include "gatewayfixture.h"
#include "listenbacklog.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QLoggingCategory>
#include <QTest>

class TestProxyLimits final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void rejectsMalformedRequest_data();
    void rejectsMalformedRequest();
    void rejectsOversizedHead_data();
    void rejectsOversizedHead();
    void rejectsOversizedBody_data();
    void rejectsOversizedBody();
    void timesOutSlowHead();
    void closesSilentConnection();
    void listenBacklogIsLarge_data();
    void listenBacklogIsLarge();

private:
    // A gateway with small limits in front of one backend, started per test.
    std::unique_ptr<ScriptedBackend> m_backend;
    std::unique_ptr<GatewayFixture> m_gateway;
};

namespace {

constexpr qint64 maxHeaderBytes = 1024;
constexpr qint64 maxBodyBytes = 1000;
constexpr std::chrono::milliseconds headerTimeout{300};

QByteArray bodyRequest(qint64 length) {
    return "POST /svc HTTP/1.1\r\nHost: a\r\nContent-Length: " + QByteArray::number(length) +
           "\r\n\r\n" + QByteArray(length, 'b');
}

} // namespace

void TestProxyLimits::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestProxyLimits::init() {
    m_backend = std::make_unique<ScriptedBackend>("b");
    m_gateway = std::make_unique<GatewayFixture>();
    GatewayConfig config = GatewayFixture::singleRouteConfig({m_backend->url()});
    config.limits.maxHeaderBytes = maxHeaderBytes;
    config.limits.maxBodyBytes = maxBodyBytes;
    config.limits.headerTimeout = headerTimeout;
    QVERIFY2(m_gateway->start(config), qPrintable(m_gateway->startError()));
}

void TestProxyLimits::cleanup() {
    m_gateway.reset();
    m_backend.reset();
}

void TestProxyLimits::rejectsMalformedRequest_data() {
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    QTest::newRow("garbage") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("CVE-2023-30589 bare CR")
        << QByteArray(
               "GET /svc HTTP/1.1\r\nHost: a\r\nX-Abc: \rxTransfer-Encoding: chunked\r\n\r\n")
        << 400;
    QTest::newRow("space before colon")
        << QByteArray("GET /svc HTTP/1.1\r\nHost: a\r\nFoo : bar\r\n\r\n") << 400;
    QTest::newRow("obs-fold") << QByteArray("GET /svc HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n  2\r\n\r\n")
                              << 400;
    QTest::newRow("folded Transfer-Encoding")
        << QByteArray(
               "POST /svc HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n")
        << 400;
    QTest::newRow("empty header name")
        << QByteArray("GET /svc HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n") << 400;
    QTest::newRow("missing Host") << QByteArray("GET /svc HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("duplicate Host")
        << QByteArray("GET /svc HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
    QTest::newRow("malformed Host") << QByteArray("GET /svc HTTP/1.1\r\nHost: a b\r\n\r\n") << 400;
    QTest::newRow("fragment") << QByteArray("GET /svc#x HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("asterisk with GET") << QByteArray("GET * HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("absolute-form with userinfo")
        << QByteArray("GET http://u@a/svc HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("8-bit byte in target")
        << QByteArray("GET /svc/\xff HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("Transfer-Encoding in HTTP/1.0")
        << QByteArray("POST /svc HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 400;
    QTest::newRow("CL and TE") << QByteArray("POST /svc HTTP/1.1\r\nHost: a\r\nContent-Length: "
                                             "5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                               << 400;
    QTest::newRow("duplicate CL")
        << QByteArray(
               "POST /svc HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
        << 400;
    QTest::newRow("TE not chunked")
        << QByteArray("POST /svc HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n") << 400;
    QTest::newRow("bad chunk size")
        << QByteArray("POST /svc HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        << 400;
    // llhttp takes it for an upgrade, but there is no protocol to switch to (RFC 9110 §7.8).
    QTest::newRow("Upgrade naming no protocol")
        << QByteArray("GET /svc HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: ,\r\n"
                      "Upgrade:\r\n\r\n")
        << 400;
    QTest::newRow("HTTP/0.9 request line") << QByteArray("GET /svc\r\n\r\n") << 505;
    QTest::newRow("HTTP/2.0") << QByteArray("GET /svc HTTP/2.0\r\nHost: a\r\n\r\n") << 505;
}

void TestProxyLimits::rejectsMalformedRequest() {
    QFETCH(QByteArray, request);
    QFETCH(int, status);

    RawClient client(m_gateway->port());
    QVERIFY(client.waitForConnected());
    client.send(request);
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, status);
    QCOMPARE(response.headers.value("connection"), QByteArray("close"));
    QVERIFY(client.waitForDisconnected());
    QCOMPARE(m_backend->requests().size(), 0);

    QVERIFY(m_gateway->waitForRecords(1));
    const RequestRecord &record = m_gateway->records().first();
    QCOMPARE(record.status, status);
    QCOMPARE(record.outcome, Outcome::BadRequest);
    QVERIFY(!formatReason(record).isEmpty());
}

void TestProxyLimits::rejectsOversizedHead_data() {
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<Outcome>("outcome");

    const QByteArray start = "GET /svc HTTP/1.1\r\nHost: a\r\n";
    QTest::newRow("one large header")
        << start + "X-Big: " + QByteArray(maxHeaderBytes, 'v') + "\r\n\r\n"
        << 431 << Outcome::HeadersTooLarge;
    QByteArray many = start;
    for (int i = 0; many.size() <= 2 * maxHeaderBytes; ++i)
        many += "X-H" + QByteArray::number(i) + ": v\r\n";
    QTest::newRow("many small headers") << many + "\r\n" << 431 << Outcome::HeadersTooLarge;
    QTest::newRow("long target") << "GET /svc/" + QByteArray(maxHeaderBytes, 'p') +
                                        " HTTP/1.1\r\nHost: a\r\n\r\n"
                                 << 414 << Outcome::BadRequest;
    QTest::newRow("just under the limit")
        << start + "X-Big: " + QByteArray(maxHeaderBytes - start.size() - 16, 'v') + "\r\n\r\n"
        << 200 << Outcome::Ok;
}

void TestProxyLimits::rejectsOversizedHead() {
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(Outcome, outcome);

    RawClient client(m_gateway->port());
    QVERIFY(client.waitForConnected());
    client.send(request);
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, status);
    QCOMPARE(m_backend->requests().size(), status == 200 ? 1 : 0);
    if (status != 200)
        QVERIFY(client.waitForDisconnected());
    QVERIFY(m_gateway->waitForRecords(1));
    QCOMPARE(m_gateway->records().first().outcome, outcome);
}

void TestProxyLimits::rejectsOversizedBody_data() {
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    QTest::newRow("at the limit") << bodyRequest(maxBodyBytes) << 200;
    QTest::newRow("declared over the limit") << bodyRequest(maxBodyBytes + 1) << 413;
    QByteArray chunked = "POST /svc HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i)
        chunked += "1f4\r\n" + QByteArray(500, 'c') + "\r\n";
    QTest::newRow("chunked over the limit") << chunked + "0\r\n\r\n" << 413;
}

void TestProxyLimits::rejectsOversizedBody() {
    QFETCH(QByteArray, request);
    QFETCH(int, status);

    RawClient client(m_gateway->port());
    QVERIFY(client.waitForConnected());
    client.send(request);
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, status);
    QVERIFY(m_gateway->waitForRecords(1));
    if (status == 200) {
        QCOMPARE(m_backend->requests().size(), 1);
        QCOMPARE(m_backend->requests().first().body.size(), maxBodyBytes);
        QVERIFY(client.isOpen());
        return;
    }
    QVERIFY(client.waitForDisconnected());
    // A backend may have seen the start of a chunked body, never a complete request.
    QCOMPARE(m_backend->requests().size(), 0);
    QCOMPARE(m_gateway->records().first().outcome, Outcome::BodyTooLarge);
}

void TestProxyLimits::timesOutSlowHead() {
    RawClient client(m_gateway->port());
    QVERIFY(client.waitForConnected());
    client.send("GET /svc HTTP/1.1\r\nHost: a\r\n"); // and never the blank line
    QVERIFY(client.waitForHead(RawClient::ResponseTo::Other, 10 * int(headerTimeout.count())));
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 408);
    QVERIFY(client.waitForDisconnected());
    QCOMPARE(m_backend->requests().size(), 0);
    QVERIFY(m_gateway->waitForRecords(1));
    QCOMPARE(m_gateway->records().first().outcome, Outcome::HeaderTimeout);
}

void TestProxyLimits::closesSilentConnection() {
    // A connection that never sends a byte is closed after the header timeout, without a
    // response (there is no request to answer).
    RawClient client(m_gateway->port());
    QVERIFY(client.waitForConnected());
    QTRY_VERIFY_WITH_TIMEOUT(!client.isOpen(), 10 * int(headerTimeout.count()));
    const ParsedResponse response = client.readResponse();
    QVERIFY(!response.headReceived);
}

void TestProxyLimits::listenBacklogIsLarge_data() {
    QTest::addColumn<int>("maxConnections");
    QTest::addColumn<int>("backlog"); // before the kernel's cap

    QTest::newRow("nginx's 511 at least") << 100 << 511;
    QTest::newRow("max_connections when larger") << 2000 << 2000;
    QTest::newRow("the default, capped by the kernel") << LimitsConfig{}.maxConnections << 10000;
}

void TestProxyLimits::listenBacklogIsLarge() {
    QFETCH(int, maxConnections);
    QFETCH(int, backlog);
    LimitsConfig limits;
    limits.maxConnections = maxConnections;
    QCOMPARE(limits.listenBacklog(), backlog);

    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({m_backend->url()}, limits));
    const std::optional<int> kernelBacklog = kernelListenBacklog(gateway.port());
    if (!kernelBacklog)
        QSKIP("ss(8) is not available to read the listen backlog");
    QCOMPARE(*kernelBacklog, std::min(backlog, kernelMaxListenBacklog()));
}

QTEST_GUILESS_MAIN(TestProxyLimits)
#include "tst_proxylimits.moc"
