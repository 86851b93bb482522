// Bodies end to end (README, "What the proxy does with a request", step 5): large uploads and
// downloads stream through with back-pressure instead of being buffered whole, chunked stays
// chunked, close-delimited responses are re-framed, and bodiless responses carry no body.
//
// The gateway runs in this process, so its memory is this process's memory: the large transfers
// bound the growth of the peak resident set (VmHWM, reset before each transfer). The peers
// themselves keep only a checksum of what they receive and generate what they send as the
// socket drains, so they add little; a proxy that buffered the body whole would add all of it.
#include "bodypattern.h"
#include "gatewayfixture.h"
#include "processmemory.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QLoggingCategory>
#include <QTest>

class TestProxyStreaming final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void streamsLargeUpload_data();
    void streamsLargeUpload();
    void streamsLargeDownload_data();
    void streamsLargeDownload();
    void keepsChunkedRequestChunked();
    void reframesCloseDelimitedResponse_data();
    void reframesCloseDelimitedResponse();
    void sendsNoBodyForBodilessResponses_data();
    void sendsNoBodyForBodilessResponses();
};

namespace {

#ifdef __SANITIZE_ADDRESS__
constexpr bool underAddressSanitizer = true;
#else
constexpr bool underAddressSanitizer = false;
#endif

constexpr qint64 uploadBytes = 8 * 1024 * 1024;
constexpr qint64 downloadBytes = 20 * 1024 * 1024;
constexpr qint64 warmUpBytes = 1024 * 1024;
// The slow side reads this much per millisecond at most.
constexpr qint64 slowReadPerTick = 64 * 1024;
constexpr int transferWaitMs = 30000;

} // namespace

void TestProxyStreaming::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestProxyStreaming::streamsLargeUpload_data() {
    QTest::addColumn<RawClient::UploadFraming>("framing");

    QTest::newRow("content-length") << RawClient::UploadFraming::Plain;
    QTest::newRow("chunked") << RawClient::UploadFraming::Chunked;
}

void TestProxyStreaming::streamsLargeUpload() {
    QFETCH(RawClient::UploadFraming, framing);
    const bool chunked = framing == RawClient::UploadFraming::Chunked;

    ScriptedBackend backend("b");
    backend.setReadLimit(slowReadPerTick);
    backend.setHandler([](const ReceivedRequest &request, BackendReply &reply) {
        reply.body = QByteArray::number(request.body.size());
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    const auto upload = [&](qint64 size) {
        client.send(
            RawClient::request("POST", "/svc/upload",
                               chunked ? QByteArray("Transfer-Encoding: chunked\r\n")
                                       : "Content-Length: " + QByteArray::number(size) + "\r\n"));
        client.sendGeneratedBody(size, framing);
        return client.readResponse(RawClient::ResponseTo::Other, transferWaitMs);
    };
    // The first transfer also pays for buffers that live on (allocator arenas, socket rings).
    const ParsedResponse warmUp = upload(warmUpBytes);
    QVERIFY2(warmUp.complete, warmUp.error.constData());

    const qint64 baseline = ProcessMemory::residentBytes();
    QVERIFY2(baseline > 0, "cannot read VmRSS from /proc/self/status");
    const bool peakReset = ProcessMemory::resetPeakResident();
    const ParsedResponse response = upload(uploadBytes);
    const qint64 peakGrowth = ProcessMemory::peakResidentBytes() - baseline;

    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.bytes(), QByteArray::number(uploadBytes));
    QCOMPARE(backend.requests().size(), 2);
    const ReceivedRequest &received = backend.requests().last();
    QCOMPARE(received.body.size(), uploadBytes);
    QCOMPARE(received.body.checksum(), BodyPattern::checksum(uploadBytes));
    if (chunked) {
        QCOMPARE(received.headers.value("transfer-encoding"), QByteArray("chunked"));
        QVERIFY(!received.headers.contains("content-length"));
    } else {
        QCOMPARE(received.headers.value("content-length"), QByteArray::number(uploadBytes));
    }
    QVERIFY(gateway.waitForRecords(2));
    QCOMPARE(gateway.records().last().bytesIn, uploadBytes);

    if (!peakReset)
        QSKIP("/proc/self/clear_refs is not writable: the peak memory bound cannot be checked");
    if (underAddressSanitizer)
        QSKIP("ASan keeps freed memory in quarantine: the peak memory bound holds only without it");
    QVERIFY2(
        peakGrowth < uploadBytes / 2,
        qPrintable(QStringLiteral("peak resident set grew by %1 KiB during an upload of %2 KiB")
                       .arg(peakGrowth / 1024)
                       .arg(uploadBytes / 1024)));
}

void TestProxyStreaming::streamsLargeDownload_data() {
    QTest::addColumn<BackendReply::Framing>("framing");
    QTest::addColumn<BodyFraming>("clientFraming");

    QTest::newRow("content-length")
        << BackendReply::Framing::ContentLength << BodyFraming::ContentLength;
    QTest::newRow("chunked") << BackendReply::Framing::Chunked << BodyFraming::Chunked;
    QTest::newRow("close-delimited") << BackendReply::Framing::UntilClose << BodyFraming::Chunked;
}

void TestProxyStreaming::streamsLargeDownload() {
    QFETCH(BackendReply::Framing, framing);
    QFETCH(BodyFraming, clientFraming);

    ScriptedBackend backend("b");
    backend.setHandler([framing](const ReceivedRequest &request, BackendReply &reply) {
        reply.generatedBodyBytes = request.target == "/warm-up" ? warmUpBytes : downloadBytes;
        reply.framing = framing;
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    client.setReadLimit(slowReadPerTick);
    // The first transfer also pays for buffers that live on (allocator arenas, socket rings).
    // A close-delimited one ends the connection, so the warm-up uses a connection of its own.
    {
        RawClient warmUpClient(gateway.port());
        QVERIFY(warmUpClient.waitForConnected());
        warmUpClient.send(RawClient::request("GET", "/svc/warm-up"));
        const ParsedResponse warmUp =
            warmUpClient.readResponse(RawClient::ResponseTo::Other, transferWaitMs);
        QVERIFY2(warmUp.complete, warmUp.error.constData());
    }

    const qint64 baseline = ProcessMemory::residentBytes();
    QVERIFY2(baseline > 0, "cannot read VmRSS from /proc/self/status");
    const bool peakReset = ProcessMemory::resetPeakResident();
    client.send(RawClient::request("GET", "/svc/download"));
    const ParsedResponse response =
        client.readResponse(RawClient::ResponseTo::Other, transferWaitMs);
    const qint64 peakGrowth = ProcessMemory::peakResidentBytes() - baseline;

    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.framing, clientFraming);
    QCOMPARE(response.body.size(), downloadBytes);
    QCOMPARE(response.body.checksum(), BodyPattern::checksum(downloadBytes));
    QVERIFY(gateway.waitForRecords(2));
    QCOMPARE(gateway.records().last().bytesOut, downloadBytes);

    if (!peakReset)
        QSKIP("/proc/self/clear_refs is not writable: the peak memory bound cannot be checked");
    if (underAddressSanitizer)
        QSKIP("ASan keeps freed memory in quarantine: the peak memory bound holds only without it");
    QVERIFY2(
        peakGrowth < downloadBytes / 2,
        qPrintable(QStringLiteral("peak resident set grew by %1 KiB during a download of %2 KiB")
                       .arg(peakGrowth / 1024)
                       .arg(downloadBytes / 1024)));
}

void TestProxyStreaming::keepsChunkedRequestChunked() {
    ScriptedBackend backend("b");
    backend.setHandler([](const ReceivedRequest &request, BackendReply &reply) {
        reply.body = request.body.bytes();
        reply.framing = BackendReply::Framing::Chunked;
        reply.chunkSize = 3;
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());

    client.send("POST /svc/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                "5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\n\r\n");
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.framing, BodyFraming::Chunked);
    QCOMPARE(response.body.bytes(), QByteArray("hello world"));

    QCOMPARE(backend.requests().size(), 1);
    const ReceivedRequest &received = backend.requests().first();
    QCOMPARE(received.headers.value("transfer-encoding"), QByteArray("chunked"));
    QCOMPARE(received.body.bytes(), QByteArray("hello world"));
    QVERIFY(client.isOpen());
}

void TestProxyStreaming::reframesCloseDelimitedResponse_data() {
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<BodyFraming>("clientFraming");
    QTest::addColumn<bool>("staysOpen");

    // HTTP/1.1 clients can read chunked, so the connection survives; HTTP/1.0 ones cannot, so
    // the body ends with the connection as it did upstream.
    QTest::newRow("HTTP/1.1") << QByteArray("HTTP/1.1") << BodyFraming::Chunked << true;
    QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0") << BodyFraming::UntilClose << false;
}

void TestProxyStreaming::reframesCloseDelimitedResponse() {
    QFETCH(QByteArray, version);
    QFETCH(BodyFraming, clientFraming);
    QFETCH(bool, staysOpen);

    ScriptedBackend backend("b");
    backend.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.body = "until the end";
        reply.framing = BackendReply::Framing::UntilClose;
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());

    const QByteArray request =
        "GET /svc/x " + version + "\r\nHost: a\r\nConnection: keep-alive\r\n\r\n";
    client.send(request);
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.framing, clientFraming);
    QCOMPARE(response.body.bytes(), QByteArray("until the end"));
    if (!staysOpen) {
        QVERIFY(client.waitForDisconnected());
        return;
    }
    QCOMPARE(response.headers.value("transfer-encoding"), QByteArray("chunked"));
    client.send(request);
    const ParsedResponse second = client.readResponse();
    QVERIFY2(second.complete, second.error.constData());
    QCOMPARE(second.body.bytes(), QByteArray("until the end"));
}

void TestProxyStreaming::sendsNoBodyForBodilessResponses_data() {
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("status");
    QTest::addColumn<BackendReply::Framing>("framing");
    QTest::addColumn<QByteArray>("contentLength"); // expected at the client; empty: absent

    // Each backend response announces a 5-byte body it does not send. A proxy that believed it
    // would wait for, or take, the next response's bytes as that body.
    QTest::newRow("HEAD") << QByteArray("HEAD") << 200 << BackendReply::Framing::ContentLength
                          << QByteArray("5");
    QTest::newRow("HEAD chunked") << QByteArray("HEAD") << 200 << BackendReply::Framing::Chunked
                                  << QByteArray();
    QTest::newRow("204") << QByteArray("GET") << 204 << BackendReply::Framing::NoBody
                         << QByteArray();
    QTest::newRow("304") << QByteArray("GET") << 304 << BackendReply::Framing::NoBody
                         << QByteArray("5");
}

void TestProxyStreaming::sendsNoBodyForBodilessResponses() {
    QFETCH(QByteArray, method);
    QFETCH(int, status);
    QFETCH(BackendReply::Framing, framing);
    QFETCH(QByteArray, contentLength);

    ScriptedBackend backend("b");
    backend.setHandler([&](const ReceivedRequest &request, BackendReply &reply) {
        if (request.target != "/first") {
            reply.body = "second";
            return;
        }
        reply.status = status;
        reply.framing = framing;
        reply.body = "hello";
        if (framing == BackendReply::Framing::NoBody)
            reply.headers = {{"Content-Length", "5"}};
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());

    client.send(RawClient::request(method, "/svc/first"));
    const ParsedResponse response = client.readResponse(
        method == "HEAD" ? RawClient::ResponseTo::Head : RawClient::ResponseTo::Other);
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, status);
    QCOMPARE(response.body.size(), 0);
    QCOMPARE(response.headers.value("content-length").value_or(QByteArray()), contentLength);
    QVERIFY(!response.headers.contains("transfer-encoding"));

    // Both connections are still in step: the next response is the next response.
    client.send(RawClient::request("GET", "/svc/second"));
    const ParsedResponse second = client.readResponse();
    QVERIFY2(second.complete, second.error.constData());
    QCOMPARE(second.status, 200);
    QCOMPARE(second.body.bytes(), QByteArray("second"));
    QCOMPARE(backend.connectionsAccepted(), 1);
}

QTEST_GUILESS_MAIN(TestProxyStreaming)
#include "tst_proxystreaming.moc"
