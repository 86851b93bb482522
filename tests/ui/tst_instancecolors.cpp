#include "common/instancecolors.h"

#include <QTest>

namespace {
GatewaySnapshot snapshotWith(const QList<QList<quint64>> &routes) {
    GatewaySnapshot snapshot;
    for (const QList<quint64> &ids : routes) {
        RouteSnapshot route;
        for (const quint64 id : ids) {
            BackendSnapshot backend;
            backend.id = id;
            route.backends.append(backend);
        }
        snapshot.routes.append(route);
    }
    return snapshot;
}

// One route whose instances have these ids and URLs.
GatewaySnapshot snapshotWithUrls(const QList<std::pair<quint64, QString>> &instances) {
    RouteSnapshot route;
    for (const auto &[id, url] : instances) {
        BackendSnapshot backend;
        backend.id = id;
        backend.url = url;
        route.backends.append(backend);
    }
    GatewaySnapshot snapshot;
    snapshot.routes.append(route);
    return snapshot;
}

const QString urlA = QStringLiteral("http://127.0.0.1:8081");
const QString urlB = QStringLiteral("http://127.0.0.1:8082");
const QString urlC = QStringLiteral("http://127.0.0.1:8083");
} // namespace

class TestInstanceColors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void assignsInConfigOrder();
    void colourIsStableAcrossSnapshots();
    void urlKeepsItsColourUnderANewId();
    void recordsTeachTheUrlOfAnInstanceNoSnapshotShowed();
    void firstEightAreDistinct();
    void noInstanceIsNeutral();
    void swatchIsCachedPerInstance();
};

void TestInstanceColors::assignsInConfigOrder() {
    InstanceColors first;
    first.assignFrom(snapshotWith({{30, 10}, {20}}));
    InstanceColors second;
    // Asked in another order, but assigned from the same config order: the same colours.
    second.colorFor(20);
    InstanceColors third;
    third.assignFrom(snapshotWith({{30, 10}, {20}}));
    QCOMPARE(first.colorFor(30), third.colorFor(30));
    QCOMPARE(first.colorFor(10), third.colorFor(10));
    QCOMPARE(first.colorFor(20), third.colorFor(20));
    QCOMPARE(second.colorFor(20), first.colorFor(30)); // the first colour of the palette
    QCOMPARE(first.assignedCount(), 3);
}

void TestInstanceColors::colourIsStableAcrossSnapshots() {
    InstanceColors colors;
    colors.assignFrom(snapshotWith({{1, 2}}));
    const QColor two = colors.colorFor(2);
    // A reload drops instance 1 and adds 3: instance 2 keeps its colour, 3 gets a new one.
    colors.assignFrom(snapshotWith({{3, 2}}));
    QCOMPARE(colors.colorFor(2), two);
    QVERIFY(colors.colorFor(3) != two);
    QVERIFY(colors.colorFor(3) != colors.colorFor(1));
}

void TestInstanceColors::urlKeepsItsColourUnderANewId() {
    // Weighted 3:1 runs A and B; switching to a config of C, B and A gives every instance a new
    // id, and A and B keep the colours they had while C gets the next one.
    InstanceColors colors;
    colors.assignFrom(snapshotWithUrls({{1, urlA}, {2, urlB}}));
    const QColor a = colors.colorFor(1);
    const QColor b = colors.colorFor(2);
    QVERIFY(a != b);
    colors.assignFrom(snapshotWithUrls({{7, urlC}, {8, urlB}, {9, urlA}}));
    QCOMPARE(colors.colorFor(9), a);
    QCOMPARE(colors.colorFor(8), b);
    QVERIFY(colors.colorFor(7) != a && colors.colorFor(7) != b);
    // The old ids (rows still in the log) keep theirs too.
    QCOMPARE(colors.colorFor(1), a);
    QCOMPARE(colors.assignedCount(), 3);
    QCOMPARE(colors.swatchFor(9).cacheKey(), colors.swatchFor(1).cacheKey());
}

void TestInstanceColors::recordsTeachTheUrlOfAnInstanceNoSnapshotShowed() {
    InstanceColors colors;
    colors.assignFrom(snapshotWithUrls({{1, urlA}}));
    RequestRecord record;
    record.backendId = 5;
    record.backendUrl = urlA.toUtf8();
    colors.learnFrom({record});
    QCOMPARE(colors.colorFor(5), colors.colorFor(1));
    QCOMPARE(colors.assignedCount(), 1);
}

void TestInstanceColors::firstEightAreDistinct() {
    InstanceColors colors;
    QSet<QRgb> seen;
    for (quint64 id = 1; id <= 8; ++id)
        seen.insert(colors.colorFor(id).rgb());
    QCOMPARE(seen.size(), 8);
}

void TestInstanceColors::noInstanceIsNeutral() {
    InstanceColors colors;
    const QColor none = colors.colorFor(0);
    QCOMPARE(none.hsvSaturation(), 0);
    QCOMPARE(colors.assignedCount(), 0);
}

void TestInstanceColors::swatchIsCachedPerInstance() {
    InstanceColors colors;
    const QIcon one = colors.swatchFor(1);
    QVERIFY(!one.isNull());
    QCOMPARE(colors.swatchFor(1).cacheKey(), one.cacheKey());
    QVERIFY(colors.swatchFor(2).cacheKey() != one.cacheKey());
    const QImage image = one.pixmap(12, 12).toImage();
    QCOMPARE(image.pixelColor(image.width() / 2, image.height() / 2).rgb(),
             colors.colorFor(1).rgb());
}

QTEST_MAIN(TestInstanceColors)
#include "tst_instancecolors.moc"
