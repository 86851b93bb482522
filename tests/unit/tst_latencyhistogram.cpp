#include "model/latencyhistogram.h"

#include <QTest>

using std::chrono::microseconds;

class TestLatencyHistogram : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void emptyHistogram();
    void bucketBoundsAreInclusive_data();
    void bucketBoundsAreInclusive();
    void cumulativeCountsAndSum();
    void negativeDurationCountsAsZero();
    void quantiles_data();
    void quantiles();
};

void TestLatencyHistogram::emptyHistogram() {
    const LatencyHistogram histogram;
    QCOMPARE(histogram.count(), 0u);
    QCOMPARE(histogram.sumMicros(), 0);
    QCOMPARE(histogram.cumulativeCount(LatencyHistogram::boundsMicros.size()), 0u);
    QCOMPARE(histogram.quantileMicros(0.5), 0);
    QCOMPARE(histogram.quantileMicros(0.99), 0);
}

void TestLatencyHistogram::bucketBoundsAreInclusive_data() {
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<int>("bucket"); // first bucket whose cumulative count includes it

    QTest::newRow("zero") << qint64(0) << 0;
    QTest::newRow("on first bound") << qint64(250) << 0;
    QTest::newRow("just above first bound") << qint64(251) << 1;
    QTest::newRow("one second") << qint64(1000000) << 11;
    QTest::newRow("between 2.5 s and 10 s") << qint64(4000000) << 13;
    QTest::newRow("on last bound") << qint64(10000000) << 14;
    QTest::newRow("above every bound") << qint64(10000001) << 15;
}

void TestLatencyHistogram::bucketBoundsAreInclusive() {
    QFETCH(qint64, micros);
    QFETCH(int, bucket);

    LatencyHistogram histogram;
    histogram.record(microseconds(micros));
    for (int i = 0; i <= int(LatencyHistogram::boundsMicros.size()); ++i)
        QCOMPARE(histogram.cumulativeCount(size_t(i)), i < bucket ? 0u : 1u);
}

void TestLatencyHistogram::cumulativeCountsAndSum() {
    LatencyHistogram histogram;
    for (const qint64 micros : {100, 200, 300, 4000, 20000000})
        histogram.record(microseconds(micros));

    QCOMPARE(histogram.count(), 5u);
    QCOMPARE(histogram.sumMicros(), 100 + 200 + 300 + 4000 + 20000000);
    QCOMPARE(histogram.cumulativeCount(0), 2u);  // <= 250
    QCOMPARE(histogram.cumulativeCount(1), 3u);  // <= 500
    QCOMPARE(histogram.cumulativeCount(3), 3u);  // <= 2500
    QCOMPARE(histogram.cumulativeCount(4), 4u);  // <= 5000
    QCOMPARE(histogram.cumulativeCount(14), 4u); // <= 10 s
    QCOMPARE(histogram.cumulativeCount(15), 5u); // +Inf
    QCOMPARE(histogram.cumulativeCount(99), 5u); // past the end reads as +Inf
}

void TestLatencyHistogram::negativeDurationCountsAsZero() {
    LatencyHistogram histogram;
    histogram.record(microseconds(-5000));
    QCOMPARE(histogram.count(), 1u);
    QCOMPARE(histogram.sumMicros(), 0);
    QCOMPARE(histogram.cumulativeCount(0), 1u);
}

void TestLatencyHistogram::quantiles_data() {
    QTest::addColumn<QList<qint64>>("observations"); // pairs: micros, how many
    QTest::addColumn<double>("quantile");
    QTest::addColumn<qint64>("expected");

    // The slowest observation sits at the top of its bucket: interpolation is not clamped.
    const QList<qint64> oneBucket{100, 99, 250, 1};
    QTest::newRow("median inside first bucket") << oneBucket << 0.5 << qint64(125);
    QTest::newRow("p99 inside first bucket") << oneBucket << 0.99 << qint64(247);
    QTest::newRow("p0 is the lower bound") << oneBucket << 0.0 << qint64(0);

    const QList<qint64> twoBuckets{100, 50, 3000, 49, 5000, 1};
    QTest::newRow("median at top of lower bucket") << twoBuckets << 0.5 << qint64(250);
    QTest::newRow("p75 halfway up 2.5-5 ms") << twoBuckets << 0.75 << qint64(3750);
    QTest::newRow("p100 is the slowest observation") << twoBuckets << 1.0 << qint64(5000);
    QTest::newRow("quantile above 1 clamps") << twoBuckets << 7.0 << qint64(5000);
    QTest::newRow("quantile below 0 clamps") << twoBuckets << -1.0 << qint64(0);
    QTest::newRow("empty buckets between are skipped")
        << QList<qint64>{300, 10, 900000, 10} << 0.55 << qint64(550000);
    // Measured in the window: p99 7441 ms where the slowest request took 2607 ms (one bucket
    // spanned 2.5-10 s).
    QTest::newRow("p99 never above the slowest")
        << QList<qint64>{100000, 90, 2607000, 10} << 0.99 << qint64(2607000);

    QTest::newRow("in +Inf reports the slowest observation")
        << QList<qint64>{100, 1, 60000000, 9} << 0.9 << qint64(60000000);
}

void TestLatencyHistogram::quantiles() {
    QFETCH(QList<qint64>, observations);
    QFETCH(double, quantile);
    QFETCH(qint64, expected);

    LatencyHistogram histogram;
    for (qsizetype i = 0; i < observations.size(); i += 2) {
        for (qint64 n = 0; n < observations[i + 1]; ++n)
            histogram.record(microseconds(observations[i]));
    }
    QCOMPARE(histogram.quantileMicros(quantile), expected);
}

QTEST_GUILESS_MAIN(TestLatencyHistogram)
#include "tst_latencyhistogram.moc"
