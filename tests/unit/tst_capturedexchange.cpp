// A captured exchange (model/capturedexchange.h, model/capturedmessage.h): bodies count every
// byte but keep only up to a limit, and the exchange is an immutable value whose copies share one
// block. The heads have their own test (tst_capturedhead).
#include "model/capturedexchange.h"
#include "model/capturedheadbuilder.h"

#include <QTest>

class TestCapturedExchange : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bodyCountsEveryByteAndKeepsUpToTheLimit();
    void bodyFromBytesCutsAtTheLimit();
    void copiesShareAndCannotChange();
    void withoutBodiesKeepsSizesAndMarksEvicted();
    void capturedBytesCountsHeadsAndBodies();
};

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
    parts.requestReceived = CapturedHeadBuilder()
                                .requestLine("GET", "/a") // 3 + 2
                                .field("Host", "h")       // 5
                                .build();
    parts.responseSent = CapturedHeadBuilder()
                             .statusLine(200, "OK") // 2
                             .field("A", "bc")      // 3
                             .build();
    parts.responseBody = CapturedBody::fromBytes("12345", 100);
    const CapturedExchange exchange(parts);
    QCOMPARE(exchange.bodyBytes(), 5);
    // The text's parts, not its separators, spaces and line ends.
    QCOMPARE(exchange.capturedBytes(), 3 + 2 + 5 + 2 + 3 + 5);
}

QTEST_GUILESS_MAIN(TestCapturedExchange)
#include "tst_capturedexchange.moc"
