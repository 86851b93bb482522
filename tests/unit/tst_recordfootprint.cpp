// What a RequestRecord counts for against the memory caps that keep records (the request log's
// rows, a captured exchange): its struct and what its strings and lists allocated, capacities
// rather than sizes, so that it grows with everything the record holds (model/recordfootprint.h).
#include "model/bytearena.h"
#include "model/heapbytes.h"
#include "model/recordfootprint.h"
#include "model/requestrecord.h"

#include <QTest>

namespace {

RequestRecord plainRecord() {
    RequestRecord record;
    record.id = 1;
    record.method = "GET";
    record.target = "/svc/0001";
    record.routeId = QStringLiteral("svc");
    record.backendName = QStringLiteral("alpha");
    record.status = 200;
    return record;
}

} // namespace

class TestRecordFootprint : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void anEmptyRecordIsItsStruct();
    void countsTheStringsCapacities();
    void growsWithAttemptsAndLongStrings();
    void oneTryAndAStrippedUpstreamTargetAllocateNothing();
    void aTargetKeptInAnArenaCountsWhatItTakesOfItsBlock();
};

void TestRecordFootprint::anEmptyRecordIsItsStruct() {
    QCOMPARE(recordHeapBytes(RequestRecord()), 0);
    QCOMPARE(recordFootprint(RequestRecord()), qsizetype(sizeof(RequestRecord)));
}

void TestRecordFootprint::countsTheStringsCapacities() {
    RequestRecord record = plainRecord();
    const qsizetype exact = recordHeapBytes(record);
    QVERIFY(exact >= record.method.size() + record.target.size() +
                         (record.routeId.size() + record.backendName.size()) * 2);
    QCOMPARE(recordFootprint(record), qsizetype(sizeof(RequestRecord)) + exact);
    // Room reserved and not used is held all the same.
    record.target.reserve(4096);
    QCOMPARE(recordHeapBytes(record), exact - heapBytes(plainRecord().target) +
                                          record.target.capacity() + heapBlockOverhead);
}

void TestRecordFootprint::growsWithAttemptsAndLongStrings() {
    const RequestRecord plain = plainRecord();
    RequestRecord retried = plain;
    retried.attempts.append({7, 0, QStringLiteral("alpha"), 0, "connect refused"});
    retried.attempts.append({8, 1, QStringLiteral("beta"), 200, {}});
    QVERIFY(recordFootprint(retried) >
            recordFootprint(plain) + 2 * qsizetype(sizeof(AttemptRecord)));
    RequestRecord longPath = plain;
    longPath.target = QByteArray(4096, '/');
    QVERIFY(recordFootprint(longPath) >= recordFootprint(plain) + 4000);
}

// What nearly every proxied request adds to its record: the one try, and the path sent upstream,
// which is the client's target with the route's prefix stripped. Neither has a heap block.
void TestRecordFootprint::oneTryAndAStrippedUpstreamTargetAllocateNothing() {
    RequestRecord record = plainRecord();
    const qsizetype heap = recordHeapBytes(record);
    record.setUpstreamTargetFrom(4);
    AttemptRecord attempt;
    attempt.backendId = 7;
    attempt.backendIndex = 0;
    attempt.status = 200;
    record.attempts.append(attempt);
    QCOMPARE(recordHeapBytes(record), heap);
    QCOMPARE(recordFootprint(record), qsizetype(sizeof(RequestRecord)) + heap);
}

// The gateway keeps a request's target as a part of its worker's arena (model/bytearena.h):
// the record counts the part, not the block it shares with the targets around it.
void TestRecordFootprint::aTargetKeptInAnArenaCountsWhatItTakesOfItsBlock() {
    ByteArena arena;
    RequestRecord record = plainRecord();
    const qsizetype ownTarget = heapBytes(record.target);
    record.target = arena.copy(plainRecord().target); // 9 bytes and '\0': 16 of the block
    QCOMPARE(recordHeapBytes(record), recordHeapBytes(plainRecord()) - ownTarget + 16);
    record.setUpstreamTargetFrom(4);
    QCOMPARE(record.upstreamTarget(), QByteArrayView("/0001"));
    QCOMPARE(record.upstreamTargetHeapBytes(), 0);
}

QTEST_GUILESS_MAIN(TestRecordFootprint)
#include "tst_recordfootprint.moc"
