// The capture's memory budget (inspect/capturestore.h): each body is kept up to the per-body
// limit, and what the kept exchanges hold in memory, each one's footprintBytes() (its structure,
// record, heads and bodies), together up to the memory limit; over it the oldest bodies go
// first, then, only if the exchanges without bodies are still over, the oldest exchanges; every
// admission says what it cost. The figures are in footprints, so that the cap is what the
// exchanges really hold (tst_capturedexchange tests the footprint itself).
#include "capturedsamples.h"
#include "inspect/capturestore.h"
#include "model/capturedheadbuilder.h"

#include <QTest>

namespace {

// Bodies larger than an exchange without them, as the bodies that are worth evicting first are.
constexpr qsizetype largeBody = 20000;

// An exchange with no heads: what its bodies add is all that differs between exchanges.
CapturedExchange exchangeWithBodies(quint64 id, qsizetype requestBytes, qsizetype responseBytes) {
    CapturedExchangeParts parts;
    parts.record.id = id;
    parts.requestBody = CapturedBody::fromBytes(QByteArray(requestBytes, 'q'), requestBytes);
    parts.responseBody = CapturedBody::fromBytes(QByteArray(responseBytes, 'r'), responseBytes);
    return CapturedExchange(parts);
}

// What an exchange without bodies (or heads) holds: the fixed structure every exchange has.
qint64 bare() {
    return exchangeWithBodies(1, 0, 0).footprintBytes();
}

// What a kept response body of bytes adds to an exchange.
qint64 bodyOf(qsizetype bytes) {
    return exchangeWithBodies(1, 0, bytes).footprintBytes() - bare();
}

// A heads-only exchange as the proxy captures a small API call: four heads of five fields each.
CapturedExchange exchangeWithHeads(quint64 id) {
    CapturedExchangeParts parts;
    parts.record.id = id;
    parts.record.method = "GET";
    parts.record.target =
        "/service-a/items/" + QByteArray::number(id % 1000).rightJustified(3, '0');
    parts.record.routeId = QStringLiteral("service-a");
    const auto fields = [](CapturedHeadBuilder &builder) {
        return builder
            .fields({{"Host", "127.0.0.1:8080"},
                     {"User-Agent", "curl/7.88.1"},
                     {"Accept", "*/*"},
                     {"Content-Type", "application/json"},
                     {"Content-Length", "16"}})
            .build();
    };
    CapturedHeadBuilder request;
    request.requestLine(parts.record.method, parts.record.target);
    parts.requestReceived = fields(request);
    parts.requestSent = parts.requestReceived;
    CapturedHeadBuilder response;
    response.statusLine(200, "OK");
    parts.responseReceived = fields(response);
    parts.responseSent = parts.responseReceived;
    return CapturedExchange(parts);
}

qint64 sumOfFootprints(const CaptureStore &store) {
    qint64 sum = 0;
    for (const CapturedExchange &exchange : store.exchanges())
        sum += exchange.footprintBytes();
    return sum;
}

} // namespace

class TestCaptureStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keepsEverythingWithinTheLimits();
    void cutsEachBodyAtTheBodyLimit();
    void evictsTheOldestBodiesFirst();
    void dropsTheOldestExchangesWhenThoseWithoutBodiesAreOver();
    void smallBodiesGoWithTheirExchange();
    void aZeroMemoryLimitKeepsNothing();
    void dropOldestFollowsTheOwnersRing();
    void findsByIdAfterEvictionAndDrops();
    void anExchangeThatFinishedLateTakesItsPlace();
    void manySmallExchangesStayWithinTheCap();
};

void TestCaptureStore::initTestCase() {
    // What the eviction tests rest on: one large body outweighs several bare exchanges.
    QVERIFY(4 * bare() < bodyOf(largeBody));
}

void TestCaptureStore::keepsEverythingWithinTheLimits() {
    CaptureStore store(100, 10 * bare());
    const CapturedExchange exchange = exchangeWithBodies(1, 10, 20);
    const CaptureReport report = store.admit(exchange);
    QVERIFY(!report.truncated);
    QVERIFY(report.bodiesEvicted.isEmpty());
    QVERIFY(report.dropped.isEmpty());
    QCOMPARE(store.memoryUsed(), exchange.footprintBytes());
    QVERIFY(store.memoryUsed() > bare());
    QCOMPARE(store.exchanges().first().responseBody().bytes.size(), 20);
}

void TestCaptureStore::cutsEachBodyAtTheBodyLimit() {
    CaptureStore store(16, 10 * bare());
    const CaptureReport report = store.admit(exchangeWithBodies(1, 10, 40));
    QVERIFY(report.truncated);
    const CapturedExchange kept = store.exchanges().first();
    QCOMPARE(kept.requestBody().bytes.size(), 10);
    QCOMPARE(kept.responseBody().bytes.size(), 16);
    QCOMPARE(kept.responseBody().wholeSize, 40);
    QVERIFY(kept.responseBody().isTruncated());
    QVERIFY(!kept.responseBody().evicted);
    // The cut body holds only what is kept: as much as a body of 16 bytes captured whole.
    QCOMPARE(store.memoryUsed(), exchangeWithBodies(1, 10, 16).footprintBytes());
}

void TestCaptureStore::evictsTheOldestBodiesFirst() {
    const qint64 body = bodyOf(largeBody);
    CaptureStore store(2 * largeBody, 3 * bare() + 2 * body);
    store.admit(exchangeWithBodies(1, 0, largeBody));
    store.admit(exchangeWithBodies(2, 0, largeBody));
    const CaptureReport report = store.admit(exchangeWithBodies(3, 0, largeBody));

    QCOMPARE(report.bodiesEvicted, QList<quint64>{1});
    QVERIFY(report.dropped.isEmpty());
    QCOMPARE(CapturedSamples::idsOf(store.exchanges()), (QList<quint64>{1, 2, 3}));
    QVERIFY(store.exchanges().at(0).responseBody().evicted);
    QCOMPARE(store.exchanges().at(0).responseBody().wholeSize, largeBody);
    QCOMPARE(store.exchanges().at(0).footprintBytes(), bare());
    QCOMPARE(store.exchanges().at(1).responseBody().bytes.size(), largeBody);
    QCOMPARE(store.memoryUsed(), 3 * bare() + 2 * body);
    QCOMPARE(store.memoryUsed(), sumOfFootprints(store));

    // A larger newcomer takes as many old bodies as it needs, its own last of all.
    const qsizetype larger = largeBody * 3 / 2;
    const CaptureReport large = store.admit(exchangeWithBodies(4, 0, larger));
    QCOMPARE(large.bodiesEvicted, (QList<quint64>{2, 3}));
    QCOMPARE(store.memoryUsed(), 4 * bare() + bodyOf(larger));
    QCOMPARE(store.memoryUsed(), sumOfFootprints(store));
    QCOMPARE(store.exchanges().last().responseBody().bytes.size(), larger);
}

void TestCaptureStore::dropsTheOldestExchangesWhenThoseWithoutBodiesAreOver() {
    const qint64 heads = exchangeWithHeads(1).footprintBytes();
    // A body large enough to be evicted that fits beside the heads.
    const qsizetype body = 1100;
    QVERIFY(bodyOf(body) <= heads);
    CaptureStore store(heads, 2 * heads + bare());
    store.admit(exchangeWithHeads(1));
    store.admit(exchangeWithBodies(2, 0, body));
    const CaptureReport report = store.admit(exchangeWithHeads(3));
    QCOMPARE(report.bodiesEvicted, QList<quint64>{2});
    QVERIFY(report.dropped.isEmpty());
    QCOMPARE(store.memoryUsed(), 2 * heads + bare());

    const CaptureReport over = store.admit(exchangeWithHeads(4));
    QCOMPARE(over.dropped, QList<quint64>{1});
    QCOMPARE(CapturedSamples::idsOf(store.exchanges()), (QList<quint64>{2, 3, 4}));
    QCOMPARE(store.memoryUsed(), 2 * heads + bare());
    QCOMPARE(store.memoryUsed(), sumOfFootprints(store));
}

// Evicting a body copies its exchange's structure: bodies of less than 1 KiB together would
// cost more than they free, so they go with their exchange, the oldest first.
void TestCaptureStore::smallBodiesGoWithTheirExchange() {
    const qint64 small = exchangeWithBodies(1, 600, 400).footprintBytes();
    CaptureStore store(1024, 3 * small);
    for (quint64 id = 1; id <= 3; ++id)
        QVERIFY(store.admit(exchangeWithBodies(id, 600, 400)).dropped.isEmpty());
    const CaptureReport report = store.admit(exchangeWithBodies(4, 600, 400));
    QVERIFY(report.bodiesEvicted.isEmpty());
    QCOMPARE(report.dropped, QList<quint64>{1});
    QCOMPARE(CapturedSamples::idsOf(store.exchanges()), (QList<quint64>{2, 3, 4}));
    for (const CapturedExchange &kept : store.exchanges())
        QCOMPARE(kept.bodyBytes(), 1000);
    QCOMPARE(store.memoryUsed(), sumOfFootprints(store));

    // Together at 1 KiB they are worth evicting, first; the oldest exchange still goes.
    const CaptureReport larger = store.admit(exchangeWithBodies(5, 600, 424));
    QCOMPARE(larger.bodiesEvicted, QList<quint64>{5});
    QCOMPARE(larger.dropped, QList<quint64>{2});
    QVERIFY(store.find(5)->responseBody().evicted);
    QCOMPARE(store.find(5)->responseBody().wholeSize, 424);
    QCOMPARE(store.memoryUsed(), sumOfFootprints(store));
}

void TestCaptureStore::aZeroMemoryLimitKeepsNothing() {
    CaptureStore store(0, 0);
    const CaptureReport report = store.admit(exchangeWithHeads(1));
    QCOMPARE(report.dropped, QList<quint64>{1});
    QVERIFY(store.exchanges().isEmpty());
    QCOMPARE(store.memoryUsed(), 0);
}

void TestCaptureStore::dropOldestFollowsTheOwnersRing() {
    CaptureStore store(100, 10 * bare());
    for (quint64 id = 1; id <= 4; ++id)
        store.admit(exchangeWithBodies(id, 5, 5));
    store.dropOldest(3);
    QCOMPARE(CapturedSamples::idsOf(store.exchanges()), QList<quint64>{4});
    QCOMPARE(store.memoryUsed(), exchangeWithBodies(4, 5, 5).footprintBytes());
    store.dropOldest(10); // more than there are
    QVERIFY(store.exchanges().isEmpty());
    QCOMPARE(store.memoryUsed(), 0);
}

void TestCaptureStore::findsByIdAfterEvictionAndDrops() {
    CaptureStore store(largeBody, 2 * (bare() + bodyOf(largeBody)));
    for (quint64 id = 10; id <= 14; ++id)
        store.admit(exchangeWithBodies(id, 0, largeBody));
    QVERIFY(store.find(12));
    QVERIFY(store.find(12)->responseBody().evicted);
    QCOMPARE(store.find(14)->responseBody().bytes.size(), largeBody);
    QVERIFY(!store.find(9));
    QVERIFY(!store.find(15));
    store.dropOldest(2);
    QVERIFY(!store.find(11));
    QVERIFY(store.find(13));
    store.clear();
    QVERIFY(!store.find(13));
    QCOMPARE(store.memoryUsed(), 0);
}

// Exchanges arrive as they finish: a long download (id 1) after the requests that started later.
// It goes to its place by id, and counts as the oldest when bodies are evicted.
void TestCaptureStore::anExchangeThatFinishedLateTakesItsPlace() {
    CaptureStore store(largeBody, 3 * bare() + 2 * bodyOf(largeBody));
    store.admit(exchangeWithBodies(2, 0, largeBody));
    store.admit(exchangeWithBodies(3, 0, largeBody));
    const CaptureReport report = store.admit(exchangeWithBodies(1, 0, largeBody));

    QCOMPARE(CapturedSamples::idsOf(store.exchanges()), (QList<quint64>{1, 2, 3}));
    QCOMPARE(report.bodiesEvicted, QList<quint64>{1});
    QVERIFY(store.find(1));
    QCOMPARE(store.find(3)->responseBody().bytes.size(), largeBody);
}

// Small exchanges are where the fixed structure outweighs the text: the cap holds them by what
// they hold, so that as many are kept as fit, the newest, and not one more.
void TestCaptureStore::manySmallExchangesStayWithinTheCap() {
    const qint64 cap = qint64(2) << 20;
    const qint64 each = exchangeWithHeads(1).footprintBytes();
    CaptureStore store(0, cap);
    const quint64 count = 10000;
    quint64 dropped = 0;
    for (quint64 id = 1; id <= count; ++id) {
        dropped += quint64(store.admit(exchangeWithHeads(id)).dropped.size());
        QVERIFY(store.memoryUsed() <= cap);
    }
    QCOMPARE(store.memoryUsed(), sumOfFootprints(store));
    QCOMPARE(store.exchanges().size(), cap / each);
    QCOMPARE(dropped + quint64(store.exchanges().size()), count);
    QCOMPARE(store.exchanges().last().id(), count);
}

QTEST_GUILESS_MAIN(TestCaptureStore)
#include "tst_capturestore.moc"
