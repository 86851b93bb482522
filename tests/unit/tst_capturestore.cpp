// The capture's memory budget (inspect/capturestore.h): each body is kept up to the per-body
// limit, all exchanges together up to the memory limit; over it the oldest bodies go first,
// then, only if heads alone are over, the oldest exchanges; every admission says what it cost.
#include "inspect/capturestore.h"
#include "model/capturedheadbuilder.h"

#include <QTest>

namespace {

// An exchange with no heads, so that its captured bytes are exactly its bodies.
CapturedExchange exchangeWithBodies(quint64 id, qsizetype requestBytes, qsizetype responseBytes) {
    CapturedExchangeParts parts;
    parts.record.id = id;
    parts.requestBody = CapturedBody::fromBytes(QByteArray(requestBytes, 'q'), requestBytes);
    parts.responseBody = CapturedBody::fromBytes(QByteArray(responseBytes, 'r'), responseBytes);
    return CapturedExchange(parts);
}

CapturedExchange exchangeWithHead(quint64 id, qsizetype headBytes) {
    CapturedExchangeParts parts;
    parts.record.id = id;
    parts.requestReceived =
        CapturedHeadBuilder().requestLine("", QByteArray(headBytes, '/')).build();
    return CapturedExchange(parts);
}

QList<quint64> idsOf(const CaptureStore &store) {
    QList<quint64> ids;
    for (const CapturedExchange &exchange : store.exchanges())
        ids.append(exchange.id());
    return ids;
}

} // namespace

class TestCaptureStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keepsEverythingWithinTheLimits();
    void cutsEachBodyAtTheBodyLimit();
    void evictsTheOldestBodiesFirst();
    void dropsTheOldestExchangesWhenHeadsAloneAreOver();
    void aZeroMemoryLimitKeepsNothing();
    void dropOldestFollowsTheOwnersRing();
    void findsByIdAfterEvictionAndDrops();
    void anExchangeThatFinishedLateTakesItsPlace();
};

void TestCaptureStore::keepsEverythingWithinTheLimits() {
    CaptureStore store(100, 1000);
    const CaptureReport report = store.admit(exchangeWithBodies(1, 10, 20));
    QVERIFY(!report.truncated);
    QVERIFY(report.bodiesEvicted.isEmpty());
    QVERIFY(report.dropped.isEmpty());
    QCOMPARE(store.memoryUsed(), 30);
    QCOMPARE(store.exchanges().first().responseBody().bytes.size(), 20);
}

void TestCaptureStore::cutsEachBodyAtTheBodyLimit() {
    CaptureStore store(16, 1000);
    const CaptureReport report = store.admit(exchangeWithBodies(1, 10, 40));
    QVERIFY(report.truncated);
    const CapturedExchange kept = store.exchanges().first();
    QCOMPARE(kept.requestBody().bytes.size(), 10);
    QCOMPARE(kept.responseBody().bytes.size(), 16);
    QCOMPARE(kept.responseBody().wholeSize, 40);
    QVERIFY(kept.responseBody().isTruncated());
    QVERIFY(!kept.responseBody().evicted);
    QCOMPARE(store.memoryUsed(), 26);
}

void TestCaptureStore::evictsTheOldestBodiesFirst() {
    CaptureStore store(100, 100);
    store.admit(exchangeWithBodies(1, 0, 40));
    store.admit(exchangeWithBodies(2, 0, 40));
    const CaptureReport report = store.admit(exchangeWithBodies(3, 0, 40));

    QCOMPARE(report.bodiesEvicted, QList<quint64>{1});
    QVERIFY(report.dropped.isEmpty());
    QCOMPARE(idsOf(store), (QList<quint64>{1, 2, 3}));
    QVERIFY(store.exchanges().at(0).responseBody().evicted);
    QCOMPARE(store.exchanges().at(0).responseBody().wholeSize, 40);
    QCOMPARE(store.exchanges().at(1).responseBody().bytes.size(), 40);
    QCOMPARE(store.memoryUsed(), 80);

    // A large newcomer takes as many old bodies as it needs, its own last of all.
    const CaptureReport large = store.admit(exchangeWithBodies(4, 0, 100));
    QCOMPARE(large.bodiesEvicted, (QList<quint64>{2, 3}));
    QCOMPARE(store.memoryUsed(), 100);
    QCOMPARE(store.exchanges().last().responseBody().bytes.size(), 100);
}

void TestCaptureStore::dropsTheOldestExchangesWhenHeadsAloneAreOver() {
    CaptureStore store(100, 50);
    store.admit(exchangeWithHead(1, 20));
    store.admit(exchangeWithBodies(2, 0, 20));
    const CaptureReport report = store.admit(exchangeWithHead(3, 20));
    QCOMPARE(report.bodiesEvicted, QList<quint64>{2});
    QVERIFY(report.dropped.isEmpty());

    const CaptureReport over = store.admit(exchangeWithHead(4, 20));
    QCOMPARE(over.dropped, QList<quint64>{1});
    QCOMPARE(idsOf(store), (QList<quint64>{2, 3, 4}));
    QCOMPARE(store.memoryUsed(), 40);
}

void TestCaptureStore::aZeroMemoryLimitKeepsNothing() {
    CaptureStore store(0, 0);
    const CaptureReport report = store.admit(exchangeWithHead(1, 5));
    QCOMPARE(report.dropped, QList<quint64>{1});
    QVERIFY(store.exchanges().isEmpty());
    QCOMPARE(store.memoryUsed(), 0);
}

void TestCaptureStore::dropOldestFollowsTheOwnersRing() {
    CaptureStore store(100, 1000);
    for (quint64 id = 1; id <= 4; ++id)
        store.admit(exchangeWithBodies(id, 5, 5));
    store.dropOldest(3);
    QCOMPARE(idsOf(store), QList<quint64>{4});
    QCOMPARE(store.memoryUsed(), 10);
    store.dropOldest(10); // more than there are
    QVERIFY(store.exchanges().isEmpty());
    QCOMPARE(store.memoryUsed(), 0);
}

void TestCaptureStore::findsByIdAfterEvictionAndDrops() {
    CaptureStore store(100, 60);
    for (quint64 id = 10; id <= 14; ++id)
        store.admit(exchangeWithBodies(id, 0, 30));
    QVERIFY(store.find(12));
    QVERIFY(store.find(12)->responseBody().evicted);
    QCOMPARE(store.find(14)->responseBody().bytes.size(), 30);
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
    CaptureStore store(100, 100);
    store.admit(exchangeWithBodies(2, 0, 40));
    store.admit(exchangeWithBodies(3, 0, 40));
    const CaptureReport report = store.admit(exchangeWithBodies(1, 0, 40));

    QCOMPARE(idsOf(store), (QList<quint64>{1, 2, 3}));
    QCOMPARE(report.bodiesEvicted, QList<quint64>{1});
    QVERIFY(store.find(1));
    QCOMPARE(store.find(3)->responseBody().bytes.size(), 40);
}

QTEST_GUILESS_MAIN(TestCaptureStore)
#include "tst_capturestore.moc"
