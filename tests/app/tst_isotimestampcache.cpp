// IsoTimestampCache: the access log's timestamps, the text QDateTime's Qt::ISODateWithMs gives,
// with the date and time up to the seconds made once per second. The clock is the time passed
// in, so crossing a second needs no sleep.
#include "isotimestampcache.h"

#include <QDateTime>
#include <QTest>

namespace {

QByteArray viaQDateTime(qint64 msecs) {
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
}

QByteArray stamp(IsoTimestampCache &cache, qint64 msecs) {
    QByteArray out;
    cache.append(out, msecs);
    return out;
}

} // namespace

class TestIsoTimestampCache final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesQDateTime_data();
    void matchesQDateTime();
    void crossesASecondBoundary();
    void timesOutOfOrder();
    void appendsToWhatIsThere();
};

void TestIsoTimestampCache::matchesQDateTime_data() {
    QTest::addColumn<qint64>("msecs");
    QTest::newRow("epoch") << qint64(0);
    QTest::newRow("README's example") << qint64(1764061200123);
    QTest::newRow("leap day 2000")
        << QDateTime(QDate(2000, 2, 29), QTime(23, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("not a leap year: 2100-03-01")
        << QDateTime(QDate(2100, 3, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("new year")
        << QDateTime(QDate(2026, 12, 31), QTime(23, 59, 59, 7), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("last four-digit year")
        << QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("before the epoch") << qint64(-1);
    QTest::newRow("year 10000 (QDateTime writes it)")
        << QDateTime(QDate(10000, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}

void TestIsoTimestampCache::matchesQDateTime() {
    QFETCH(qint64, msecs);
    IsoTimestampCache cache;
    QCOMPARE(stamp(cache, msecs), viaQDateTime(msecs));
}

void TestIsoTimestampCache::crossesASecondBoundary() {
    IsoTimestampCache cache;
    const qint64 second = 1764061200000; // 2025-11-25T09:00:00Z
    QCOMPARE(stamp(cache, second - 1), QByteArray("2025-11-25T08:59:59.999Z"));
    QCOMPARE(stamp(cache, second), QByteArray("2025-11-25T09:00:00.000Z"));
    QCOMPARE(stamp(cache, second + 999), QByteArray("2025-11-25T09:00:00.999Z"));
    QCOMPARE(stamp(cache, second + 1000), QByteArray("2025-11-25T09:00:01.000Z"));
    // A day, a month and a year turn over in the same second.
    const qint64 newYear = QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    QCOMPARE(stamp(cache, newYear - 1), QByteArray("2026-12-31T23:59:59.999Z"));
    QCOMPARE(stamp(cache, newYear), QByteArray("2027-01-01T00:00:00.000Z"));
}

// Lines are written as exchanges finish, but stamped with when they started: a batch can go
// back and forth between seconds.
void TestIsoTimestampCache::timesOutOfOrder() {
    IsoTimestampCache cache;
    const qint64 second = 1764061200000;
    for (const qint64 msecs : {second + 5, second - 995, second + 10, second - 3600000}) {
        QCOMPARE(stamp(cache, msecs), viaQDateTime(msecs));
    }
}

void TestIsoTimestampCache::appendsToWhatIsThere() {
    IsoTimestampCache cache;
    QByteArray out("time=");
    cache.append(out, 1764061200123);
    QCOMPARE(out, QByteArray("time=2025-11-25T09:00:00.123Z"));
}

QTEST_GUILESS_MAIN(TestIsoTimestampCache)
#include "tst_isotimestampcache.moc"
