#include "distributionchart.h"
#include "instancecolors.h"

#include <QDateTime>
#include <QTest>

namespace {
constexpr qint64 secondMs = 1000;

RequestRecord servedBy(quint64 backendId, qint64 startedAtMs) {
    RequestRecord record;
    record.backendId = backendId;
    record.startedAtMs = startedAtMs;
    return record;
}

GatewaySnapshot oneRoute() {
    GatewaySnapshot snapshot;
    RouteSnapshot route;
    route.id = QStringLiteral("svc");
    route.path = "/svc";
    for (const quint64 id : {1, 2}) {
        BackendSnapshot backend;
        backend.id = id;
        backend.index = int(id - 1);
        backend.name = QStringLiteral("instance-%1").arg(id);
        route.backends.append(backend);
    }
    snapshot.routes = {route};
    return snapshot;
}
} // namespace

class TestDistributionChart : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void countsRecentAndSinceReset();
    void windowLengthChangesRecent();
    void resetStartsFromZero();
    void requestsWithoutInstanceAreNotCounted();
    void drawsEveryInstanceInItsColour();

private:
    InstanceColors m_colors;
    DistributionChart *m_chart = nullptr;
    qint64 m_now = 0;
};

void TestDistributionChart::init() {
    m_chart = new DistributionChart(m_colors);
    m_now = QDateTime::currentMSecsSinceEpoch();
}

void TestDistributionChart::cleanup() {
    delete m_chart;
}

void TestDistributionChart::countsRecentAndSinceReset() {
    // Far enough from the window's edge that the test never runs across it.
    m_chart->addRecords({servedBy(1, m_now), servedBy(1, m_now - 2 * secondMs),
                         servedBy(1, m_now - 40 * secondMs), servedBy(2, m_now - 50 * secondMs),
                         servedBy(2, m_now - 600 * secondMs)});
    QCOMPARE(m_chart->windowSeconds(), 10);
    QCOMPARE(m_chart->countsFor(1).recent, 2u);
    QCOMPARE(m_chart->countsFor(1).sinceReset, 3u);
    QCOMPARE(m_chart->countsFor(2).recent, 0u);
    QCOMPARE(m_chart->countsFor(2).sinceReset, 2u);
    QCOMPARE(m_chart->countsFor(3).sinceReset, 0u);
}

void TestDistributionChart::windowLengthChangesRecent() {
    m_chart->addRecords({servedBy(1, m_now), servedBy(1, m_now - 20 * secondMs),
                         servedBy(1, m_now - 45 * secondMs)});
    m_chart->setWindowSeconds(30);
    QCOMPARE(m_chart->countsFor(1).recent, 2u);
    m_chart->setWindowSeconds(60);
    QCOMPARE(m_chart->countsFor(1).recent, 3u);
    m_chart->setWindowSeconds(1000); // clamped to what the buckets hold
    QCOMPARE(m_chart->windowSeconds(), DistributionChart::maxWindowSeconds);
}

void TestDistributionChart::resetStartsFromZero() {
    m_chart->addRecords({servedBy(1, m_now), servedBy(2, m_now)});
    m_chart->resetCounts();
    QCOMPARE(m_chart->countsFor(1).sinceReset, 0u);
    QCOMPARE(m_chart->countsFor(1).recent, 0u);
    m_chart->addRecords({servedBy(1, m_now)});
    QCOMPARE(m_chart->countsFor(1).sinceReset, 1u);
}

void TestDistributionChart::requestsWithoutInstanceAreNotCounted() {
    m_chart->addRecords({servedBy(0, m_now), servedBy(0, m_now)});
    QCOMPARE(m_chart->countsFor(0).sinceReset, 0u);
}

void TestDistributionChart::drawsEveryInstanceInItsColour() {
    m_chart->applySnapshot(oneRoute());
    m_chart->addRecords({servedBy(1, m_now), servedBy(2, m_now), servedBy(2, m_now)});
    m_chart->resize(m_chart->sizeHint());
    const QImage image = m_chart->grab().toImage();
    int onePixels = 0;
    int twoPixels = 0;
    const QRgb one = m_colors.colorFor(1).rgb();
    const QRgb two = m_colors.colorFor(2).rgb();
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QRgb pixel = image.pixel(x, y);
            onePixels += pixel == one ? 1 : 0;
            twoPixels += pixel == two ? 1 : 0;
        }
    }
    // Instance 2 served twice as many: its recent bar is the longer one.
    QVERIFY(onePixels > 0);
    QVERIFY2(twoPixels > onePixels,
             qPrintable(QStringLiteral("%1 vs %2").arg(twoPixels).arg(onePixels)));
}

QTEST_MAIN(TestDistributionChart)
#include "tst_distributionchart.moc"
