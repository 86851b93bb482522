// The percentiles gateway-one-connection prints (bench/one-connection/wrklatency.h): nearest
// rank over the samples as they came, and wrk 4's figure after its correction for coordinated
// omission, whose rank rule and added samples are pinned here on small hand-counted sets.
#include "wrklatency.h"

#include <QTest>

class TestWrkLatency final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nearestRankCountsFromOne();
    void withoutLongSamplesWrkOnlyRoundsItsRankUp();
    void rareStallsSetWrksP99();
    void correctionStartsAboveTwiceTheInterval();
    void addedSamplesAreNotCorrectedAgain();
};

namespace {

std::vector<uint64_t> oneToHundred() {
    std::vector<uint64_t> samples;
    for (uint64_t i = 1; i <= 100; ++i)
        samples.push_back(i);
    return samples;
}

} // namespace

void TestWrkLatency::nearestRankCountsFromOne() {
    const std::vector<uint64_t> samples = oneToHundred();
    QCOMPARE(nearestRankPercentile(samples, 50), 50u);
    QCOMPARE(nearestRankPercentile(samples, 99), 99u);
    QCOMPARE(nearestRankPercentile(samples, 99.9), 100u);
    QCOMPARE(nearestRankPercentile(samples, 0), 1u);
    QCOMPARE(nearestRankPercentile(samples, 100), 100u);
    QCOMPARE(nearestRankPercentile({7}, 99), 7u);
}

// No sample reaches twice the interval: nothing is added, and wrk's rank,
// round(0.99 * 100 + 0.5) = 100, is one above nearest rank's 99.
void TestWrkLatency::withoutLongSamplesWrkOnlyRoundsItsRankUp() {
    const std::vector<uint64_t> samples = oneToHundred();
    QCOMPARE(wrkCorrectedPercentile(samples, 60, 99), 100u);
    QCOMPARE(wrkCorrectedPercentile(samples, 0, 99), 100u);
    QCOMPARE(wrkCorrectedPercentile(samples, 60, 50), 51u); // round(50.5) = 51
}

// 990 requests of 100 µs and 10 stalls of 3 ms, one every 100 µs: each stall adds 2 900, 2 800,
// ..., 200 (28 samples), 1 280 in all; rank round(0.99 * 1280 + 0.5) = 1 268 lands among the
// added 2 900s. As they came, the p99 is 100 µs.
void TestWrkLatency::rareStallsSetWrksP99() {
    std::vector<uint64_t> samples(990, 100);
    samples.insert(samples.end(), 10, 3000);
    std::sort(samples.begin(), samples.end());
    QCOMPARE(nearestRankPercentile(samples, 99), 100u);
    QCOMPARE(wrkCorrectedPercentile(samples, 100, 99), 2900u);
    QCOMPARE(wrkCorrectedPercentile(samples, 0, 99), 3000u);
}

// wrk corrects L >= 2I and adds L - kI while it stays above I: 2I adds nothing, 2I + 1 adds
// I + 1. Seen through the median of two samples: one short, one long.
void TestWrkLatency::correctionStartsAboveTwiceTheInterval() {
    // {10, 200}, I = 100: nothing added; rank round(0.5 * 2 + 0.5) = 2 → 200.
    QCOMPARE(wrkCorrectedPercentile({10, 200}, 100, 50), 200u);
    // {10, 201}: 101 is added; three samples, rank round(1.5 + 0.5) = 2 → 101.
    QCOMPARE(wrkCorrectedPercentile({10, 201}, 100, 50), 101u);
}

// 500 with I = 100 adds 400, 300, 200; the added 400 and 300 are not corrected once more: five
// samples {10, 200, 300, 400, 500}, p60 at rank round(3 + 0.5) = 4 → 400. Corrected again they
// would be eight, {10, 200, 200, 200, 300, 300, 400, 500}, and rank round(4.8 + 0.5) = 5 → 300.
void TestWrkLatency::addedSamplesAreNotCorrectedAgain() {
    QCOMPARE(wrkCorrectedPercentile({10, 500}, 100, 60), 400u);
    QCOMPARE(wrkCorrectedPercentile({10, 500}, 100, 100), 500u);
}

QTEST_GUILESS_MAIN(TestWrkLatency)
#include "tst_wrklatency.moc"
