#include "common/instancecolors.h"
#include "distribution/distributionchart.h"

#include <QDateTime>
#include <QTest>
#include <functional>

namespace {
constexpr qint64 secondMs = 1000;

RequestRecord servedBy(quint64 backendId, qint64 startedAtMs) {
    RequestRecord record;
    record.backendId = backendId;
    record.startedAtMs = startedAtMs;
    if (backendId != 0) { // no route or no instance: nothing was tried
        AttemptRecord attempt;
        attempt.backendId = backendId;
        attempt.status = 200;
        record.attempts.append(attempt);
    }
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
// Calls onPaint whenever the widget is about to paint.
class PaintWatcher final : public QObject {
public:
    PaintWatcher(QWidget &widget, std::function<void()> onPaint)
        : m_onPaint(std::move(onPaint)) {
        widget.installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *, QEvent *event) override {
        if (event->type() == QEvent::Paint)
            m_onPaint();
        return false;
    }

private:
    std::function<void()> m_onPaint;
};
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
    void retriedRequestCountsOnEveryInstanceTried();
    void drawsEveryInstanceInItsColour();
    void batchesArePaintedTogetherWithTheirFinalCounts();
    void expectedBesideObserved();
    void expectedOutlineIsDrawn();
    void panicKeepsDownInstancesInRotation();

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

// One count per attempt, as the tree's Requests column counts (README, "What the counts mean"):
// instance 1 refused the connection, instance 2 served the retry.
void TestDistributionChart::retriedRequestCountsOnEveryInstanceTried() {
    RequestRecord retried = servedBy(2, m_now);
    AttemptRecord refused;
    refused.backendId = 1;
    refused.error = "connect refused";
    refused.instanceFault = true;
    retried.attempts.insert(retried.attempts.begin(), refused);
    m_chart->addRecords({retried});
    QCOMPARE(m_chart->countsFor(1).sinceReset, 1u);
    QCOMPARE(m_chart->countsFor(2).sinceReset, 1u);
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

void TestDistributionChart::batchesArePaintedTogetherWithTheirFinalCounts() {
    m_chart->applySnapshot(oneRoute());
    m_chart->resize(m_chart->sizeHint());
    m_chart->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_chart));
    // What each paint showed for instance 1.
    QStringList painted;
    PaintWatcher watcher(*m_chart, [&] {
        painted.append(m_chart->rows().first().instances.first().sinceResetLabel);
    });
    m_chart->addRecords({servedBy(1, m_now)});
    QCoreApplication::processEvents();
    m_chart->addRecords({servedBy(1, m_now), servedBy(2, m_now)});
    m_chart->addRecords({servedBy(2, m_now), servedBy(2, m_now)});
    // The repaint for new counts comes on the chart's tick and shows all of them.
    QTRY_VERIFY(!painted.isEmpty());
    QCOMPARE(painted.last(), QStringLiteral("2  40%"));
}

void TestDistributionChart::expectedBesideObserved() {
    // Weights 3:1: the strategy should give 75 % and 25 %; 6 of 8 requests went to the first.
    GatewaySnapshot snapshot = oneRoute();
    snapshot.routes[0].backends[0].expectedShare = 0.75;
    snapshot.routes[0].backends[1].expectedShare = 0.25;
    m_chart->applySnapshot(snapshot);
    QList<RequestRecord> records;
    for (int i = 0; i < 8; ++i)
        records.append(servedBy(i % 4 == 3 ? 2 : 1, m_now));
    m_chart->addRecords(records);
    m_chart->resize(600, m_chart->sizeHint().height());

    const QList<DistributionChart::RouteRow> rows = m_chart->rows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].recentTotal, 8u);
    const DistributionChart::InstanceRow &big = rows[0].instances[0];
    const DistributionChart::InstanceRow &small = rows[0].instances[1];
    QCOMPARE(big.expectedLabel, QStringLiteral("expected 75%"));
    QCOMPARE(small.expectedLabel, QStringLiteral("expected 25%"));
    QCOMPARE(big.recentLabel, QStringLiteral("6  75%"));
    QCOMPARE(small.recentLabel, QStringLiteral("2  25%"));
    QCOMPARE(big.sinceResetLabel, QStringLiteral("6  75%"));

    // Bars are shares of the full track: 75 % of it, and the outline ends where the bar does.
    const int track = big.recentTrack.width();
    QCOMPARE(big.recentBar.width(), qRound(track * 0.75));
    QCOMPARE(big.expectedOutline.width(), qRound(track * 0.75));
    QCOMPARE(small.expectedOutline.width(), qRound(track * 0.25));
    QCOMPARE(big.expectedOutline.left(), big.recentTrack.left());
    // Rows and labels never overlap.
    QVERIFY(big.recentTrack.bottom() < small.recentTrack.top());
    QVERIFY(big.expectedLabelRect.right() < big.recentTrack.left());
    QVERIFY(big.recentLabelRect.left() > big.recentTrack.right());
}

void TestDistributionChart::expectedOutlineIsDrawn() {
    // No requests at all: the bars are empty, and the outline alone shows in the track.
    GatewaySnapshot snapshot = oneRoute();
    snapshot.routes[0].backends[0].expectedShare = 0.5;
    m_chart->applySnapshot(snapshot);
    m_chart->resize(600, m_chart->sizeHint().height());
    const DistributionChart::InstanceRow row = m_chart->rows()[0].instances[0];
    QCOMPARE(row.recentBar.width(), 0);
    QCOMPARE(row.expectedLabel, QStringLiteral("expected 50%"));
    QCOMPARE(m_chart->rows()[0].instances[1].expectedOutline.width(), 0);

    const QImage image = m_chart->grab().toImage();
    const QRgb outline = m_chart->palette().color(QPalette::Text).rgb();
    const int y = row.expectedOutline.center().y();
    // The outline's end tick, inside the track, where no bar is.
    QCOMPARE(image.pixel(row.expectedOutline.right(), y), outline);
    QVERIFY(image.pixel(row.expectedOutline.right() + 4, y) != outline);
    QVERIFY(image.pixel(row.expectedOutline.center().x(), y) != outline);
}

namespace {
// Pixels in rect that differ from the chart's background.
int inkIn(const QImage &image, const QRect &rect, QRgb background) {
    int ink = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x)
            ink += image.pixel(x, y) != background ? 1 : 0;
    }
    return ink;
}
} // namespace

// Every enabled instance down: the route is in panic and its balancer tries them anyway, so
// they are drawn in rotation (not muted) with their panic-aware expected share, a disabled one
// stays out, and the route's header says "panic". Without panic, down is out of rotation.
void TestDistributionChart::panicKeepsDownInstancesInRotation() {
    GatewaySnapshot snapshot = oneRoute();
    snapshot.routes[0].panic = true;
    snapshot.routes[0].backends[0].health = Health::Down;
    snapshot.routes[0].backends[0].expectedShare = 1.0;
    snapshot.routes[0].backends[1].health = Health::Down;
    snapshot.routes[0].backends[1].adminState = AdminState::Disabled;
    m_chart->applySnapshot(snapshot);
    m_chart->resize(800, m_chart->sizeHint().height());

    const DistributionChart::RouteRow panicking = m_chart->rows()[0];
    QVERIFY(panicking.panic);
    QCOMPARE(panicking.panicNote,
             QStringLiteral("panic: every instance is down, all are tried anyway"));
    QVERIFY(panicking.instances[0].inRotation);
    QCOMPARE(panicking.instances[0].expectedLabel, QStringLiteral("expected 100%"));
    QVERIFY(!panicking.instances[1].inRotation);
    QVERIFY(panicking.header.contains(panicking.panicNoteRect.topLeft()));
    const QRgb background = m_chart->palette().color(QPalette::Base).rgb();
    QVERIFY(inkIn(m_chart->grab().toImage(), panicking.panicNoteRect, background) > 0);

    snapshot.routes[0].panic = false;
    snapshot.routes[0].backends[0].expectedShare = 0.0;
    m_chart->applySnapshot(snapshot);
    const DistributionChart::RouteRow calm = m_chart->rows()[0];
    QVERIFY(!calm.panic);
    QVERIFY(calm.panicNote.isEmpty());
    QVERIFY(!calm.instances[0].inRotation);
    QCOMPARE(inkIn(m_chart->grab().toImage(), panicking.panicNoteRect, background), 0);
}

QTEST_MAIN(TestDistributionChart)
#include "tst_distributionchart.moc"
