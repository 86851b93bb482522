// The window's captured exchanges (inspector/capturelog.h): the gateway hands them over as they
// finish, so that one that finished late (a long download, or any of many concurrent requests)
// goes to its place by id and nothing kept is lost; only a gateway that started again (ids from
// 1, started later) drops what was kept; a row is matched by id and start time, and never a row
// of HAProxy's log. What admitting cost is counted.
#include "capturedsamples.h"
#include "config/gatewayconfig.h"
#include "inspector/capturelog.h"

#include <QSignalSpy>
#include <QTest>

namespace {

CapturedExchange exchange(quint64 id, qint64 startedAtMs) {
    CapturedExchangeParts parts;
    parts.record.id = id;
    parts.record.startedAtMs = startedAtMs;
    return CapturedExchange(parts);
}

} // namespace

class TestCaptureLog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keepsExchangesThatFinishedOutOfOrder();
    void aGatewayThatStartedAgainReplacesWhatWasKept();
    void countsWhatAdmittingCost();
};

void TestCaptureLog::keepsExchangesThatFinishedOutOfOrder() {
    CaptureLog log;
    QSignalSpy changed(&log, &CaptureLog::changed);
    // Concurrent requests started in one millisecond finish in any order, across batches too.
    log.addCaptures({exchange(2, 1000), exchange(4, 1000), exchange(1, 1000)});
    log.addCaptures({exchange(3, 1000), exchange(5, 1001)});
    QCOMPARE(CapturedSamples::idsOf(log.exchanges()), (QList<quint64>{1, 2, 3, 4, 5}));
    QCOMPARE(changed.count(), 2);
    RequestRecord record;
    record.id = 3;
    record.startedAtMs = 1000;
    QVERIFY(log.find(record));
    // A row of HAProxy's log with the same number, even in the same millisecond, is not it.
    record.source = RecordSource::HaproxyLog;
    QVERIFY(!log.find(record));
}

void TestCaptureLog::aGatewayThatStartedAgainReplacesWhatWasKept() {
    CaptureLog log;
    log.addCaptures({exchange(1, 1000), exchange(2, 1001), exchange(3, 1002)});
    log.addCaptures({exchange(1, 5000), exchange(2, 5001)});
    QCOMPARE(CapturedSamples::idsOf(log.exchanges()), (QList<quint64>{1, 2}));
    // A row of the earlier run is not matched by its id alone.
    RequestRecord earlier;
    earlier.id = 1;
    earlier.startedAtMs = 1000;
    QVERIFY(!log.find(earlier));
}

void TestCaptureLog::countsWhatAdmittingCost() {
    CaptureLog log;
    CaptureConfig config;
    config.bodyLimit = 2048; // a body cut there is still large enough to be evicted
    config.memoryLimit = CapturedExchange().footprintBytes() * 2;
    log.configure(config);
    CapturedExchangeParts parts;
    parts.record.id = 1;
    parts.responseBody = CapturedBody::fromBytes(QByteArray(3000, 'b'), 4096);
    log.addCaptures({CapturedExchange(parts), exchange(2, 0), exchange(3, 0)});
    QCOMPARE(log.truncatedCount(), 1u);
    QCOMPARE(log.evictedCount(), 1u);
    QCOMPARE(log.droppedCount(), 1u);
    QCOMPARE(CapturedSamples::idsOf(log.exchanges()), (QList<quint64>{2, 3}));
    QVERIFY(log.memoryUsed() <= log.memoryLimit());
    log.clear();
    QCOMPARE(log.truncatedCount(), 0u);
    QVERIFY(log.exchanges().isEmpty());
}

QTEST_MAIN(TestCaptureLog)
#include "tst_capturelog.moc"
