// A captured exchange (model/capturedexchange.h, model/capturedmessage.h): heads keep the
// wire's fields in order with duplicates, bodies count every byte but keep only up to a limit,
// and the exchange is an immutable value whose copies share one block.
#include "model/capturedexchange.h"

#include <QTest>

namespace {

CapturedHead responseHead(QList<CapturedHeader> headers) {
    CapturedHead head;
    head.status = 200;
    head.reason = "OK";
    head.headers = std::move(headers);
    return head;
}

} // namespace

class TestCapturedExchange : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void headFieldsKeepOrderAndDuplicates();
    void contentCodingComesFromContentEncoding_data();
    void contentCodingComesFromContentEncoding();
    void aHeadThatWasNeverThereIsNotPresent();
    void bodyCountsEveryByteAndKeepsUpToTheLimit();
    void bodyFromBytesCutsAtTheLimit();
    void copiesShareAndCannotChange();
    void withoutBodiesKeepsSizesAndMarksEvicted();
    void capturedBytesCountsHeadsAndBodies();
};

void TestCapturedExchange::headFieldsKeepOrderAndDuplicates() {
    const CapturedHead head = responseHead(
        {{"Set-Cookie", "a=1"}, {"Content-Type", "text/plain"}, {"set-cookie", "b=2"}});
    QCOMPARE(head.value("SET-COOKIE"), QByteArray("a=1"));
    QCOMPARE(head.values("Set-Cookie"), (QList<QByteArray>{"a=1", "b=2"}));
    QCOMPARE(head.value("Content-Length"), std::nullopt);
    QCOMPARE(head.headers.at(2).name, QByteArray("set-cookie")); // the spelling as sent
    QCOMPARE(head.versionText(), QByteArray("HTTP/1.1"));
}

void TestCapturedExchange::contentCodingComesFromContentEncoding_data() {
    QTest::addColumn<QList<CapturedHeader>>("headers");
    QTest::addColumn<ContentCoding>("coding");
    QTest::newRow("none") << QList<CapturedHeader>{} << ContentCoding::Identity;
    QTest::newRow("identity") << QList<CapturedHeader>{{"Content-Encoding", "identity"}}
                              << ContentCoding::Identity;
    QTest::newRow("gzip") << QList<CapturedHeader>{{"content-encoding", " GZIP "}}
                          << ContentCoding::Gzip;
    QTest::newRow("x-gzip") << QList<CapturedHeader>{{"Content-Encoding", "x-gzip"}}
                            << ContentCoding::Gzip;
    QTest::newRow("deflate") << QList<CapturedHeader>{{"Content-Encoding", "deflate"}}
                             << ContentCoding::Deflate;
    QTest::newRow("br") << QList<CapturedHeader>{{"Content-Encoding", "br"}}
                        << ContentCoding::Other;
    QTest::newRow("two codings in one field")
        << QList<CapturedHeader>{{"Content-Encoding", "gzip, deflate"}} << ContentCoding::Other;
    QTest::newRow("two fields") << QList<CapturedHeader>{{"Content-Encoding", "gzip"},
                                                         {"Content-Encoding", "gzip"}}
                                << ContentCoding::Other;
}

void TestCapturedExchange::contentCodingComesFromContentEncoding() {
    QFETCH(QList<CapturedHeader>, headers);
    QFETCH(ContentCoding, coding);
    QCOMPARE(responseHead(headers).contentCoding(), coding);
}

void TestCapturedExchange::aHeadThatWasNeverThereIsNotPresent() {
    QVERIFY(!CapturedHead().isPresent());
    CapturedHead request;
    request.method = "GET";
    QVERIFY(request.isPresent());
    QVERIFY(responseHead({}).isPresent());
}

void TestCapturedExchange::bodyCountsEveryByteAndKeepsUpToTheLimit() {
    CapturedBody body;
    body.append("hello ", 8);
    body.append("world", 8);
    body.append("!", 8);
    QCOMPARE(body.bytes, QByteArray("hello wo"));
    QCOMPARE(body.wholeSize, 12);
    QVERIFY(body.isTruncated());

    CapturedBody small;
    small.append("ok", 8);
    QVERIFY(small.isComplete());
    QVERIFY(CapturedBody().isComplete());
}

void TestCapturedExchange::bodyFromBytesCutsAtTheLimit() {
    QCOMPARE(CapturedBody::fromBytes("abcdef", 4).bytes, QByteArray("abcd"));
    QCOMPARE(CapturedBody::fromBytes("abcdef", 4).wholeSize, 6);
    QVERIFY(CapturedBody::fromBytes("abcdef", 6).isComplete());
    QCOMPARE(CapturedBody::fromBytes("abcdef", 0).bytes, QByteArray());
}

void TestCapturedExchange::copiesShareAndCannotChange() {
    CapturedExchangeParts parts;
    parts.record.id = 7;
    parts.responseBody = CapturedBody::fromBytes("payload", 100);
    const CapturedExchange exchange(parts);
    const CapturedExchange copy = exchange; // NOLINT: the copy is the point
    QCOMPARE(&copy.parts(), &exchange.parts());
    QCOMPARE(copy.id(), quint64(7));
    QCOMPARE(copy.responseBody().bytes, QByteArray("payload"));
    static_assert(std::is_const_v<std::remove_reference_t<decltype(exchange.parts())>>);
}

void TestCapturedExchange::withoutBodiesKeepsSizesAndMarksEvicted() {
    CapturedExchangeParts parts;
    parts.requestBody = CapturedBody::fromBytes("question", 100);
    parts.responseBody = CapturedBody::fromBytes("answer", 100);
    const CapturedExchange exchange(parts);
    const CapturedExchange evicted = exchange.withoutBodies();

    QCOMPARE(evicted.responseBody().bytes, QByteArray());
    QCOMPARE(evicted.responseBody().wholeSize, 6);
    QVERIFY(evicted.responseBody().evicted);
    QVERIFY(evicted.requestBody().evicted);
    QVERIFY(evicted.responseBody().isTruncated());
    QCOMPARE(exchange.responseBody().bytes, QByteArray("answer")); // the original is unchanged

    const CapturedExchange noBody = CapturedExchange().withoutBodies();
    QVERIFY(!noBody.responseBody().evicted); // nothing was dropped
}

void TestCapturedExchange::capturedBytesCountsHeadsAndBodies() {
    CapturedExchangeParts parts;
    parts.requestReceived.method = "GET";             // 3
    parts.requestReceived.target = "/a";              // 2
    parts.requestReceived.headers = {{"Host", "h"}};  // 5
    parts.responseSent = responseHead({{"A", "bc"}}); // "OK" 2 + 3
    parts.responseBody = CapturedBody::fromBytes("12345", 100);
    const CapturedExchange exchange(parts);
    QCOMPARE(exchange.bodyBytes(), 5);
    QCOMPARE(exchange.capturedBytes(), 3 + 2 + 5 + 2 + 3 + 5);
}

QTEST_GUILESS_MAIN(TestCapturedExchange)
#include "tst_capturedexchange.moc"
