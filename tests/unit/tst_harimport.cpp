// HAR import (inspect/harimport.h): our export comes back as it was captured (a round trip,
// secrets included), another tool's HAR imports with what HAR has, and a file that is not HAR is
// refused with a reason that names the entry.
#include "capturedsamples.h"
#include "inspect/contentcoding.h"
#include "inspect/harexport.h"
#include "inspect/harimport.h"

#include <QTest>

namespace {

QList<CapturedExchange> roundTrip(const QList<CapturedExchange> &exchanges) {
    const HarExportOptions options{HeaderMask(HeaderMask::Secrets::Included), QStringLiteral("1"),
                                   "http://127.0.0.1:8080"};
    const HarImport imported = importHar(harDocument(exchanges, options));
    if (!imported.error.isEmpty())
        qWarning() << imported.error;
    return imported.exchanges;
}

QByteArray decodedResponse(const CapturedExchange &exchange) {
    return decodeContent(exchange.responseBody().bytes, exchange.responseSent().contentCoding(),
                         1 << 20)
        .bytes;
}

} // namespace

class TestHarImport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ourExportComesBackAsCaptured();
    void gzipBodiesComeBackEncoded();
    void truncatedBodiesStayTruncated();
    void aLocalResponseStaysLocal();
    void anotherToolsHarImports();
    void aMissingStartTimeIsZero();
    void whatIsNotHarIsRefused_data();
    void whatIsNotHarIsRefused();
};

void TestHarImport::ourExportComesBackAsCaptured() {
    const CapturedExchange original = CapturedSamples::forwardedOrder();
    const QList<CapturedExchange> imported = roundTrip({original});
    QCOMPARE(imported.size(), 1);
    const CapturedExchange &exchange = imported.first();
    QCOMPARE(exchange.requestReceived(), original.requestReceived());
    QCOMPARE(exchange.requestSent(), original.requestSent());
    QCOMPARE(exchange.responseReceived(), original.responseReceived());
    QCOMPARE(exchange.responseSent(), original.responseSent());
    QCOMPARE(exchange.requestBody(), original.requestBody());

    const RequestRecord &record = exchange.record();
    const RequestRecord &expected = original.record();
    QCOMPARE(record.id, expected.id);
    QCOMPARE(record.startedAtMs, expected.startedAtMs);
    QCOMPARE(record.clientAddress, expected.clientAddress);
    QCOMPARE(record.method, expected.method);
    QCOMPARE(record.target, expected.target);
    QCOMPARE(record.routeId, expected.routeId);
    QCOMPARE(record.backendId, expected.backendId);
    QCOMPARE(record.backendIndex, expected.backendIndex);
    QCOMPARE(record.backendName, expected.backendName);
    QCOMPARE(record.backendUrl, expected.backendUrl);
    QCOMPARE(record.upstreamTarget(), expected.upstreamTarget());
    QCOMPARE(record.status, expected.status);
    QCOMPARE(record.bytesIn, expected.bytesIn);
    QCOMPARE(record.bytesOut, expected.bytesOut);
    QCOMPARE(record.timeToFirstByteUs, expected.timeToFirstByteUs);
    QCOMPARE(record.totalUs, expected.totalUs);
    QCOMPARE(record.outcome, expected.outcome);
    QCOMPARE(formatReason(record), formatReason(expected));
    QCOMPARE(record.attempts.size(), expected.attempts.size());
    for (qsizetype i = 0; i < record.attempts.size(); ++i) {
        QCOMPARE(record.attempts[i].backendId, expected.attempts[i].backendId);
        QCOMPARE(record.attempts[i].backendIndex, expected.attempts[i].backendIndex);
        QCOMPARE(record.attempts[i].backendName, expected.attempts[i].backendName);
        QCOMPARE(record.attempts[i].status, expected.attempts[i].status);
        QCOMPARE(record.attempts[i].error, expected.attempts[i].error);
        QCOMPARE(record.attempts[i].instanceFault, expected.attempts[i].instanceFault);
    }
}

void TestHarImport::gzipBodiesComeBackEncoded() {
    const CapturedExchange exchange = roundTrip({CapturedSamples::forwardedOrder()}).value(0);
    QCOMPARE(exchange.responseSent().contentCoding(), ContentCoding::Gzip);
    QCOMPARE(decodedResponse(exchange), CapturedSamples::orderJson());
    QVERIFY(exchange.responseBody().isComplete());
}

void TestHarImport::truncatedBodiesStayTruncated() {
    const CapturedExchange original = CapturedSamples::truncatedImage();
    const CapturedExchange exchange = roundTrip({original}).value(0);
    QCOMPARE(exchange.responseBody(), original.responseBody());
    QVERIFY(exchange.responseBody().isTruncated());
    QCOMPARE(exchange.record().backendUrl, QByteArray("http://127.0.0.1:8090/static"));

    const CapturedExchange evicted = roundTrip({original.withoutBodies()}).value(0);
    QVERIFY(evicted.responseBody().evicted);
    QCOMPARE(evicted.responseBody().wholeSize, 4096);
}

void TestHarImport::aLocalResponseStaysLocal() {
    const CapturedExchange original = CapturedSamples::noRoute();
    const CapturedExchange exchange = roundTrip({original}).value(0);
    QVERIFY(!exchange.requestSent().isPresent());
    QVERIFY(!exchange.responseReceived().isPresent());
    QCOMPARE(exchange.requestReceived(), original.requestReceived());
    QCOMPARE(exchange.responseSent(), original.responseSent());
    QCOMPARE(exchange.record().outcome, Outcome::NoRoute);
    QCOMPARE(exchange.record().backendId, quint64(0));
    QCOMPARE(formatReason(exchange.record()), QByteArray("no route matches /nowhere"));
}

void TestHarImport::anotherToolsHarImports() {
    // The shape a browser saves: no custom fields, a base64 body, HTTP/2.
    const QByteArray har =
        R"({"log": {"version": "1.2", "creator": {"name": "Browser", "version": "1"},
      "entries": [{
        "startedDateTime": "2026-12-06T10:00:00.500+01:00", "time": 12.5,
        "request": {"method": "GET", "url": "https://example.test/a/b?x=1", "httpVersion": "HTTP/2",
                    "cookies": [], "headers": [{"name": ":authority", "value": "example.test"},
                                               {"name": "accept", "value": "*/*"}],
                    "queryString": [{"name": "x", "value": "1"}], "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "", "httpVersion": "HTTP/2", "cookies": [],
                     "headers": [{"name": "content-type", "value": "image/gif"}],
                     "content": {"size": 6, "mimeType": "image/gif", "text": "R0lGODlh",
                                 "encoding": "base64"},
                     "redirectURL": "", "headersSize": -1, "bodySize": 6},
        "cache": {}, "timings": {"send": 1, "wait": 10, "receive": 1.5}}]}})";
    const HarImport imported = importHar(har);
    QCOMPARE(imported.error, QString());
    QCOMPARE(imported.exchanges.size(), 1);
    const CapturedExchange &exchange = imported.exchanges.first();
    QCOMPARE(exchange.id(), quint64(1));
    QCOMPARE(exchange.requestReceived().method(), QByteArrayView("GET"));
    QCOMPARE(exchange.requestReceived().target(), QByteArrayView("/a/b?x=1"));
    QCOMPARE(exchange.requestReceived().value("accept"), QByteArrayView("*/*"));
    QCOMPARE(exchange.responseSent().status(), 200);
    QCOMPARE(exchange.responseBody().bytes, QByteArray("GIF89a"));
    QCOMPARE(exchange.record().totalUs, 12500);
    QCOMPARE(exchange.record().startedAtMs, qint64(1796547600500));
    QVERIFY(!exchange.requestSent().isPresent());
}

void TestHarImport::aMissingStartTimeIsZero() {
    const HarImport imported = importHar(R"({"log": {"entries": [{
        "request": {"method": "GET", "url": "http://a/", "headers": []},
        "response": {"status": 204, "headers": []}}]}})");
    QCOMPARE(imported.error, QString());
    QCOMPARE(imported.exchanges.value(0).record().startedAtMs, 0);
}

void TestHarImport::whatIsNotHarIsRefused_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("not JSON") << QByteArray("{\"log\": ") << QStringLiteral("not JSON: ");
    QTest::newRow("no entries") << QByteArray(R"({"log": {"version": "1.2"}})")
                                << QStringLiteral("not a HAR file: expected log.entries, an array");
    QTest::newRow("entry without a response")
        << QByteArray(R"({"log": {"entries": [{"request": {}}]}})")
        << QStringLiteral("entry 1: expected request and response objects");
    QTest::newRow("request without a url")
        << QByteArray(R"({"log": {"entries": [{"request": {"method": "GET", "headers": []},
                                               "response": {"status": 200, "headers": []}}]}})")
        << QStringLiteral("entry 1: request.url: expected a string");
    QTest::newRow("headers that are not name/value pairs")
        << QByteArray(R"({"log": {"entries": [{"request": {"method": "GET", "url": "http://a/",
                                                           "headers": [{"name": 1}]},
                                               "response": {"status": 200, "headers": []}}]}})")
        << QStringLiteral("entry 1: request.headers: expected {name, value} strings");
    QTest::newRow("response without a status")
        << QByteArray(R"({"log": {"entries": [{"request": {"method": "GET", "url": "http://a/",
                                                           "headers": []},
                                               "response": {"headers": []}}]}})")
        << QStringLiteral("entry 1: response.status: expected a number");
}

void TestHarImport::whatIsNotHarIsRefused() {
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const HarImport imported = importHar(json);
    QVERIFY2(imported.error.startsWith(error), qPrintable(imported.error));
    QVERIFY(imported.exchanges.isEmpty());
}

QTEST_GUILESS_MAIN(TestHarImport)
#include "tst_harimport.moc"
