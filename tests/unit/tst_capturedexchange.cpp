// A captured exchange (model/capturedexchange.h, model/capturedmessage.h): bodies count every
// byte but keep only up to a limit, the exchange is an immutable value whose copies share one
// block, and its footprint is what it holds in memory. The heads have their own test
// (tst_capturedhead).
#include "model/bytearena.h"
#include "model/capturedexchange.h"
#include "model/capturedheadbuilder.h"

#include <QTest>
#include <optional>

class TestCapturedExchange : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bodyCountsEveryByteAndKeepsUpToTheLimit();
    void bodyFromBytesCutsAtTheLimit();
    void copiesShareAndCannotChange();
    void aDraftIsSealedWhereItWasWritten();
    void aDraftInAnArenaLivesInItsBlockAndKeepsIt();
    void withoutBodiesKeepsSizesAndMarksEvicted();
    void footprintIsTheStructureWhenEmpty();
    void footprintGrowsWithTheHeadsFields();
    void footprintCountsTheBodiesCapacity();
    void footprintGrowsWithTheRecordsStrings();
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

// The proxy fills an exchange's parts over its life and seals them without moving them.
void TestCapturedExchange::aDraftIsSealedWhereItWasWritten() {
    ByteArena arena;
    CapturedExchange::Draft draft(arena);
    CapturedExchangeParts &parts = draft.parts();
    parts.record.id = 7;
    parts.responseBody.append("ok", 8);
    parts.responseSent = CapturedHead::fromText("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
    const CapturedExchange sealed = std::move(draft).seal();
    QCOMPARE(&sealed.parts(), &parts);
    QCOMPARE(sealed.id(), 7u);
    QCOMPARE(sealed.responseBody().bytes, QByteArray("ok"));
    QCOMPARE(sealed.responseSent().status(), 200);
}

// The worker's captures are written in its arena (model/bytearena.h): the parts sit in room of
// the arena's block, keep that block alive after the arena moved on or went, and count what they
// take of it, without a heap block's overhead.
void TestCapturedExchange::aDraftInAnArenaLivesInItsBlockAndKeepsIt() {
    std::optional<ByteArena> arena(std::in_place, 4096);
    const QByteArray neighbour = arena->copy("the part before it");
    CapturedExchange::Draft draft(*arena);
    CapturedExchangeParts &parts = draft.parts();
    const auto *at = reinterpret_cast<const char *>(&parts);
    QVERIFY(at > neighbour.constData() && at < neighbour.constData() + 4096);
    parts.record.id = 9;
    parts.record.target = arena->copy("/in/the/arena");
    parts.responseBody.append("kept", 8);
    const CapturedExchange sealed = std::move(draft).seal();
    for (int i = 0; i < 100; ++i)
        arena->copy("moves the arena on to other blocks");
    arena.reset();
    // Under the address sanitizer (make test-asan), reading a freed block fails here.
    QCOMPARE(sealed.id(), 9u);
    QCOMPARE(sealed.record().target, QByteArray("/in/the/arena"));
    QCOMPARE(sealed.responseBody().bytes, QByteArray("kept"));
    QVERIFY(sealed.footprintBytes() < CapturedExchange(sealed.parts()).footprintBytes());
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

// footprintBytes() is what a capture's memory cap counts (inspect/capturestore.h): what the
// exchange holds in memory, not the length of its text.
void TestCapturedExchange::footprintIsTheStructureWhenEmpty() {
    const qint64 empty = CapturedExchange().footprintBytes();
    QVERIFY(empty >= qint64(sizeof(CapturedExchangeParts) + sizeof(CapturedExchange)));
    CapturedExchangeParts parts;
    parts.record.id = 7;
    parts.record.status = 200;
    QCOMPARE(CapturedExchange(parts).footprintBytes(), empty); // plain values allocate nothing
}

namespace {

CapturedExchange withRequestFields(int count) {
    CapturedHeadBuilder builder;
    builder.requestLine("GET", "/a");
    for (int i = 0; i < count; ++i)
        builder.field("X-Field", "value");
    CapturedExchangeParts parts;
    parts.requestReceived = builder.build();
    return CapturedExchange(parts);
}

} // namespace

void TestCapturedExchange::footprintGrowsWithTheHeadsFields() {
    const qint64 five = withRequestFields(5).footprintBytes();
    QVERIFY(five > CapturedExchange().footprintBytes());
    // Each field is held twice over: its text, and where its name and value are in it.
    const qint64 perField = CapturedHeadBuilder::fieldSize("X-Field", "value");
    QVERIFY(withRequestFields(40).footprintBytes() >= five + 35 * perField);
    QVERIFY(withRequestFields(40).footprintBytes() >
            withRequestFields(20).footprintBytes() + 20 * perField);
}

void TestCapturedExchange::footprintCountsTheBodiesCapacity() {
    CapturedExchangeParts parts;
    parts.responseBody = CapturedBody::fromBytes("12345", 100);
    const CapturedExchange exact(parts);
    QCOMPARE(exact.bodyBytes(), 5);
    QVERIFY(exact.footprintBytes() >= CapturedExchange().footprintBytes() + 5);
    // A body that grew piece by piece may have room it does not use: that room is held too.
    parts.responseBody.bytes.reserve(4096);
    const CapturedExchange roomy(parts);
    QCOMPARE(roomy.bodyBytes(), 5);
    QVERIFY(roomy.footprintBytes() >= exact.footprintBytes() + 4096 - 5);
    // Evicting the bodies frees what they held and nothing else.
    QCOMPARE(roomy.withoutBodies().footprintBytes(), CapturedExchange().footprintBytes());
}

void TestCapturedExchange::footprintGrowsWithTheRecordsStrings() {
    CapturedExchangeParts parts;
    parts.record.target = QByteArray(4096, '/');
    parts.record.routeId = QStringLiteral("service-a");
    QVERIFY(CapturedExchange(parts).footprintBytes() >=
            CapturedExchange().footprintBytes() + 4096 + 9 * qint64(sizeof(QChar)));
    // The one try sits inline in the record (AttemptList); its strings are counted.
    const qint64 withoutAttempts = CapturedExchange(parts).footprintBytes();
    parts.record.attempts.append({7, 0, QStringLiteral("alpha"), 0, "connect refused"});
    QVERIFY(CapturedExchange(parts).footprintBytes() >=
            withoutAttempts + 15 + 5 * qint64(sizeof(QChar)));
}

QTEST_GUILESS_MAIN(TestCapturedExchange)
#include "tst_capturedexchange.moc"
