// Traffic capture end to end (README, "Inspecting traffic"): with capture on, every exchange
// comes with its heads as the client sent them and as the gateway forwarded them, the response
// as the instance sent it and as the client got it, and the first capture.body_limit bytes of
// each body, the whole size counted; capturing holds back nothing of a streamed body. Off, or
// switched off at runtime, nothing is captured.
#include "gateway/gateway.h"
#include "gatewayfixture.h"
#include "rawclient.h"
#include "refusingport.h"
#include "scriptedbackend.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

class TestProxyCapture final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void capturesHeadsOnBothSides();
    void cutsBodiesAtTheLimit_data();
    void cutsBodiesAtTheLimit();
    void streamsALargeDownloadWithoutHoldingIt();
    void capturesTheGatewaysOwnAnswers_data();
    void capturesTheGatewaysOwnAnswers();
    void captureOffCapturesNothing();
    void switchesAtRuntime();
    void capturesOnlyWhatSomeoneKeeps();
};

namespace {

QList<QByteArray> namesOf(const CapturedHead &head) {
    QList<QByteArray> names;
    for (const CapturedHead::Field field : head.fields())
        names.append(field.name.toByteArray().toLower());
    return names;
}

GatewayConfig captureConfig(const QList<QUrl> &targets, qint64 bodyLimit) {
    GatewayConfig config = GatewayFixture::singleRouteConfig(targets);
    config.capture.bodyLimit = bodyLimit;
    return config;
}

} // namespace

void TestProxyCapture::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

// The request as received keeps what the client sent; as sent it is what the instance got:
// prefix stripped, hop-by-hop fields gone, Via and X-Forwarded-* added.
void TestProxyCapture::capturesHeadsOnBothSides() {
    ScriptedBackend backend("b");
    backend.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.headers = {{"X-Served-By", "b"}, {"Keep-Alive", "timeout=5"}};
        reply.body = "hello";
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    const ParsedResponse response = RawClient::exchangeOnce(
        gateway.port(),
        RawClient::request("GET", "/svc/items?x=1",
                           "Connection: keep-alive, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=9\r\n"
                           "X-Custom: a\r\n"));
    QCOMPARE(response.status, 200);
    QVERIFY(gateway.waitForCaptures(1));
    QVERIFY(gateway.waitForRecords(1));
    const CapturedExchange exchange = gateway.captures().first();
    QCOMPARE(exchange.id(), gateway.records().first().id);
    QCOMPARE(exchange.record().status, 200);

    const CapturedHead &received = exchange.requestReceived();
    QCOMPARE(received.method(), QByteArrayView("GET"));
    QCOMPARE(received.target(), QByteArrayView("/svc/items?x=1"));
    QCOMPARE(received.value("X-Hop"), QByteArray("1"));
    QCOMPARE(received.value("Keep-Alive"), QByteArray("timeout=9"));
    QVERIFY(!received.value("Via"));

    const CapturedHead &sent = exchange.requestSent();
    QVERIFY(sent.isPresent());
    const ReceivedRequest &atInstance = backend.requests().first();
    QCOMPARE(sent.target(), QByteArrayView(atInstance.target));
    QVERIFY(!sent.target().startsWith("/svc"));
    QCOMPARE(sent.value("X-Custom"), QByteArray("a"));
    QVERIFY(!sent.value("X-Hop"));
    QVERIFY(!sent.value("Keep-Alive"));
    QVERIFY(sent.value("Via").value_or("").startsWith("1.1 gateway-console-"));
    QCOMPARE(sent.value("X-Forwarded-For"), QByteArray("127.0.0.1"));
    QVERIFY(sent.value("X-Forwarded-Host"));
    QCOMPARE(sent.value("X-Forwarded-Proto"), QByteArray("http"));
    // Field by field what the instance read.
    QCOMPARE(sent.fieldCount(), atInstance.headers.fields().size());
    for (qsizetype i = 0; i < sent.fieldCount(); ++i) {
        QCOMPARE(sent.name(i), QByteArrayView(atInstance.headers.fields().at(i).name));
        QCOMPARE(sent.value(i), QByteArrayView(atInstance.headers.fields().at(i).value));
    }

    QCOMPARE(exchange.responseReceived().status(), 200);
    QCOMPARE(exchange.responseReceived().value("Keep-Alive"), QByteArray("timeout=5"));
    QCOMPARE(exchange.responseSent().status(), 200);
    QCOMPARE(exchange.responseSent().value("X-Served-By"), QByteArray("b"));
    QVERIFY(!namesOf(exchange.responseSent()).contains("keep-alive"));
    QCOMPARE(exchange.responseBody().bytes, QByteArray("hello"));
    QVERIFY(exchange.responseBody().isComplete());
    QCOMPARE(exchange.requestBody().wholeSize, 0);
}

void TestProxyCapture::cutsBodiesAtTheLimit_data() {
    QTest::addColumn<qint64>("bodyLimit");
    QTest::newRow("16 bytes") << qint64(16);
    QTest::newRow("heads only") << qint64(0);
}

// Both bodies are forwarded whole; only the first body_limit bytes are kept, the sizes whole.
void TestProxyCapture::cutsBodiesAtTheLimit() {
    QFETCH(qint64, bodyLimit);
    const QByteArray requestBody(100, 'q');
    const QByteArray responseBody = QByteArray(150, 'r') + QByteArray(50, 's');
    ScriptedBackend backend("b");
    backend.setHandler([&responseBody](const ReceivedRequest &, BackendReply &reply) {
        reply.body = responseBody;
        reply.framing = BackendReply::Framing::Chunked;
        reply.chunkSize = 7;
    });
    GatewayFixture gateway;
    QVERIFY(gateway.start(captureConfig({backend.url()}, bodyLimit)));
    const ParsedResponse response = RawClient::exchangeOnce(
        gateway.port(),
        RawClient::request("POST", "/svc/upload", "Content-Length: 100\r\n") + requestBody);
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.bytes(), responseBody);
    QCOMPARE(backend.requests().first().body.bytes(), requestBody);

    QVERIFY(gateway.waitForCaptures(1));
    const CapturedExchange exchange = gateway.captures().first();
    QCOMPARE(exchange.requestBody().bytes, requestBody.first(bodyLimit));
    QCOMPARE(exchange.requestBody().wholeSize, 100);
    QVERIFY(exchange.requestBody().isTruncated());
    // The chunked framing is gone: the bytes are the body's.
    QCOMPARE(exchange.responseBody().bytes, responseBody.first(bodyLimit));
    QCOMPARE(exchange.responseBody().wholeSize, 200);
    QVERIFY(exchange.responseBody().isTruncated());
    QVERIFY(!exchange.responseBody().evicted);
}

// The instance sends 2 MiB of a 20 MiB body and stops. The client has all of them while the
// instance is still sending: the capture kept its 64 KiB and held nothing back.
void TestProxyCapture::streamsALargeDownloadWithoutHoldingIt() {
    constexpr qint64 sentBeforeStall = 2 * 1024 * 1024;
    constexpr qint64 bodyLimit = 64 * 1024;
    ScriptedBackend backend("b");
    backend.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.generatedBodyBytes = 20 * 1024 * 1024;
        reply.ending = BackendReply::Ending::Stall;
        reply.endAfterBodyBytes = sentBeforeStall;
    });
    GatewayFixture gateway;
    QVERIFY(gateway.start(captureConfig({backend.url()}, bodyLimit)));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, gateway.port());
    QVERIFY(client.waitForConnected(defaultWaitMs));
    client.write(RawClient::request("GET", "/svc/large"));
    QByteArray head;
    qint64 bodyReceived = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QByteArray bytes = client.readAll();
            if (!head.endsWith("\r\n\r\n")) {
                head += bytes;
                const qsizetype end = head.indexOf("\r\n\r\n");
                if (end < 0)
                    return false;
                bytes = head.sliced(end + 4);
                head.truncate(end + 4);
            }
            bodyReceived += bytes.size();
            return bodyReceived >= sentBeforeStall;
        }(),
        30000);
    QCOMPARE(bodyReceived, sentBeforeStall);
    QVERIFY(head.startsWith("HTTP/1.1 200"));
    QVERIFY(gateway.captures().isEmpty()); // the exchange is still under way

    backend.closeConnections();
    QVERIFY(gateway.waitForCaptures(1));
    const CapturedExchange exchange = gateway.captures().first();
    QCOMPARE(exchange.record().outcome, Outcome::Aborted);
    QCOMPARE(exchange.responseBody().bytes.size(), bodyLimit);
    QCOMPARE(exchange.responseBody().wholeSize, sentBeforeStall);
    QCOMPARE(exchange.responseReceived().value("Content-Length"),
             QByteArray::number(20 * 1024 * 1024));
}

void TestProxyCapture::capturesTheGatewaysOwnAnswers_data() {
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status");
    QTest::newRow("404 no route") << QByteArray("/elsewhere") << 404;
    QTest::newRow("502 connect refused") << QByteArray("/svc/x") << 502;
}

// An answer of the gateway's own has only the head sent to the client, with its body: nothing
// went to an instance, nothing came back.
void TestProxyCapture::capturesTheGatewaysOwnAnswers() {
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    GatewayFixture gateway;
    const RefusingPort refusing;
    QVERIFY(gateway.start(GatewayFixture::singleRouteConfig({refusing.url()})));
    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", target));
    QCOMPARE(response.status, status);
    QVERIFY(gateway.waitForCaptures(1));
    const CapturedExchange exchange = gateway.captures().first();
    QCOMPARE(exchange.requestReceived().target(), QByteArrayView(target));
    QVERIFY(!exchange.requestSent().isPresent());
    QVERIFY(!exchange.responseReceived().isPresent());
    QCOMPARE(exchange.responseSent().status(), status);
    QCOMPARE(exchange.responseSent().value("Content-Length"),
             QByteArray::number(response.body.bytes().size()));
    QCOMPARE(exchange.responseBody().bytes, response.body.bytes());
}

void TestProxyCapture::captureOffCapturesNothing() {
    ScriptedBackend backend("b");
    GatewayFixture gateway;
    GatewayConfig config = GatewayFixture::singleRouteConfig({backend.url()});
    config.capture.enabled = false;
    QVERIFY(gateway.start(config));
    for (int i = 0; i < 2; ++i)
        QCOMPARE(
            RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/svc/x")).status,
            200);
    // Captures would come on the same tick as these records.
    QVERIFY(gateway.waitForRecords(2));
    QVERIFY(gateway.captures().isEmpty());
}

// setCaptureEnabled() applies from the next request; the records go on either way.
void TestProxyCapture::switchesAtRuntime() {
    ScriptedBackend backend("b");
    GatewayFixture gateway;
    GatewayConfig config = GatewayFixture::singleRouteConfig({backend.url()});
    config.capture.enabled = false;
    QVERIFY(gateway.start(config));
    const auto send = [&gateway](QByteArrayView target) {
        return RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", target)).status;
    };
    QCOMPARE(send("/svc/off"), 200);
    gateway.controller().setCaptureEnabled(true);
    QVERIFY(gateway.waitForRecords(1));
    QCOMPARE(send("/svc/on"), 200);
    QVERIFY(gateway.waitForCaptures(1));
    QCOMPARE(gateway.captures().first().requestReceived().target(), QByteArrayView("/svc/on"));
    gateway.controller().setCaptureEnabled(false);
    QCOMPARE(send("/svc/off-again"), 200);
    QVERIFY(gateway.waitForRecords(3));
    QCOMPARE(gateway.captures().size(), 1);
}

// With capture on but nobody to keep a capture (no receiver of capturesReady, no admin API: a
// headless run without --har), the gateway captures nothing. The Gateway runs in this thread so
// that the test can watch its signal without being a receiver the controller would report.
void TestProxyCapture::capturesOnlyWhatSomeoneKeeps() {
    ScriptedBackend backend("b");
    Gateway gateway;
    QSignalSpy started(&gateway, &Gateway::started);
    QSignalSpy records(&gateway, &Gateway::recordsReady);
    QSignalSpy captures(&gateway, &Gateway::capturesReady);
    gateway.start(GatewayFixture::singleRouteConfig({backend.url()}));
    QCOMPARE(started.size(), 1);
    const quint16 port = quint16(QUrl(started.first().first().toString()).port());
    QCOMPARE(RawClient::exchangeOnce(port, RawClient::request("GET", "/svc/unkept")).status, 200);
    // A capture would come on the same tick, right after the records.
    QTRY_COMPARE(records.size(), 1);
    QVERIFY(captures.isEmpty());

    gateway.setCapturesReceived(true);
    QCOMPARE(RawClient::exchangeOnce(port, RawClient::request("GET", "/svc/kept")).status, 200);
    QTRY_COMPARE(captures.size(), 1);
    const auto kept = captures.first().first().value<QList<CapturedExchange>>();
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept.first().requestReceived().target(), QByteArrayView("/svc/kept"));
    gateway.stop(std::chrono::milliseconds(0));
}

QTEST_GUILESS_MAIN(TestProxyCapture)
#include "tst_proxycapture.moc"
