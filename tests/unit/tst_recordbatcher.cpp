// RecordBatcher: finished exchanges leave the proxy's thread in batches, one per tick, records
// before the captures of the same tick; a list that fills before its tick is handed over at
// once instead of being grown, and the next one has room for twice as many.
#include "gateway/recordbatcher.h"

#include <QSignalSpy>
#include <QTest>

class TestRecordBatcher final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aTickHandsOverWhatIsPending();
    void recordsGoBeforeTheCapturesOfTheirTick();
    void aFullListIsHandedOverInsteadOfGrown();
    void anExchangesCaptureTravelsWithItsRecord();
    void flushSendsAtOnceAndOnlyWhatIsPending();
};

namespace {

RequestRecord recordWithId(quint64 id) {
    RequestRecord record;
    record.id = id;
    return record;
}

CapturedExchange captureWithId(quint64 id) {
    CapturedExchangeParts parts;
    parts.record.id = id;
    return CapturedExchange(std::move(parts));
}

QList<quint64> idsOf(const QList<RequestRecord> &records) {
    QList<quint64> ids;
    for (const RequestRecord &record : records)
        ids.append(record.id);
    return ids;
}

QList<quint64> idsOf(const QList<CapturedExchange> &captures) {
    QList<quint64> ids;
    for (const CapturedExchange &capture : captures)
        ids.append(capture.record().id);
    return ids;
}

// Appends records with ids from firstId on until a batch is handed over without a tick (the
// event loop never runs here); returns how many were appended, or -1 if none was within limit.
qsizetype appendUntilHandedOver(RecordBatcher &batcher, QSignalSpy &batches, quint64 firstId,
                                qsizetype limit = 100000) {
    const qsizetype before = batches.size();
    for (qsizetype appended = 1; appended <= limit; ++appended) {
        batcher.append(recordWithId(firstId + quint64(appended) - 1));
        if (batches.size() > before)
            return appended;
    }
    return -1;
}

} // namespace

void TestRecordBatcher::aTickHandsOverWhatIsPending() {
    RecordBatcher batcher;
    QSignalSpy batches(&batcher, &RecordBatcher::batchReady);
    for (quint64 id = 1; id <= 3; ++id)
        batcher.append(recordWithId(id));
    QCOMPARE(batches.size(), 0); // not one by one
    QTRY_COMPARE(batches.size(), 1);
    QCOMPARE(idsOf(batches.first().first().value<QList<RequestRecord>>()),
             QList<quint64>({1, 2, 3}));
}

void TestRecordBatcher::recordsGoBeforeTheCapturesOfTheirTick() {
    RecordBatcher batcher;
    QList<QByteArray> order;
    connect(&batcher, &RecordBatcher::batchReady, this, [&] { order.append("records"); });
    connect(&batcher, &RecordBatcher::capturesReady, this, [&] { order.append("captures"); });
    batcher.append(captureWithId(1)); // first in, still second out
    batcher.append(recordWithId(1));
    QTRY_COMPARE(order, QList<QByteArray>({"records", "captures"}));
}

void TestRecordBatcher::aFullListIsHandedOverInsteadOfGrown() {
    RecordBatcher batcher;
    QSignalSpy batches(&batcher, &RecordBatcher::batchReady);

    const qsizetype firstAppended = appendUntilHandedOver(batcher, batches, 1);
    QVERIFY(firstAppended > 1);
    const auto first = batches.last().first().value<QList<RequestRecord>>();
    // Everything before the record that did not fit, in order; the list was never grown (a
    // grown QList has room beyond what it holds).
    QCOMPARE(first.size(), firstAppended - 1);
    QCOMPARE(first.capacity(), first.size());
    QCOMPARE(first.first().id, quint64(1));
    QCOMPARE(first.last().id, quint64(first.size()));

    // The record that did not fit started the next list, which has room for twice as many.
    const qsizetype secondAppended =
        appendUntilHandedOver(batcher, batches, quint64(firstAppended) + 1);
    const auto second = batches.last().first().value<QList<RequestRecord>>();
    QCOMPARE(second.size(), 2 * first.size());
    QCOMPARE(secondAppended, second.size());
    QCOMPARE(second.first().id, quint64(firstAppended));
    QCOMPARE(second.capacity(), second.size());
}

void TestRecordBatcher::anExchangesCaptureTravelsWithItsRecord() {
    RecordBatcher batcher;
    QList<quint64> lastRecordIds; // of the batch just handed over
    QList<quint64> capturedIds;
    qsizetype recordBatches = 0;
    connect(&batcher, &RecordBatcher::batchReady, this, [&](const QList<RequestRecord> &records) {
        lastRecordIds = idsOf(records);
        ++recordBatches;
    });
    connect(&batcher, &RecordBatcher::capturesReady, this,
            [&](const QList<CapturedExchange> &captures) {
                for (const quint64 id : idsOf(captures)) {
                    QVERIFY2(lastRecordIds.contains(id),
                             qPrintable(QStringLiteral("capture %1 without its record").arg(id)));
                    capturedIds.append(id);
                }
            });
    // Each exchange as the gateway finishes it: its capture (when capture is on), then its
    // record. A stretch without captures lets the record list fill while the capture list
    // does not, and the other way round.
    const auto isCaptured = [](quint64 id) { return id % 7 != 0 && (id < 600 || id > 1500); };
    QList<quint64> expectedCaptures;
    for (quint64 id = 1; id <= 5000; ++id) {
        if (isCaptured(id)) {
            batcher.append(captureWithId(id));
            expectedCaptures.append(id);
        }
        batcher.append(recordWithId(id));
    }
    batcher.flush();
    QVERIFY(recordBatches > 2); // handed over when full, not only on the last flush
    QCOMPARE(capturedIds, expectedCaptures);
}

void TestRecordBatcher::flushSendsAtOnceAndOnlyWhatIsPending() {
    RecordBatcher batcher;
    QSignalSpy batches(&batcher, &RecordBatcher::batchReady);
    QSignalSpy captures(&batcher, &RecordBatcher::capturesReady);
    batcher.append(recordWithId(7));
    batcher.flush();
    QCOMPARE(batches.size(), 1);
    QCOMPARE(captures.size(), 0); // nothing captured: no empty list sent
    batcher.flush();
    QCOMPARE(batches.size(), 1);
}

QTEST_GUILESS_MAIN(TestRecordBatcher)
#include "tst_recordbatcher.moc"
