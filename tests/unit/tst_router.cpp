#include "routing/router.h"

#include <QTest>

namespace {

enum Route { ServiceA, ServiceAV2, Admin, Root };

Router makeRouter(bool withRoot) {
    QList<RoutePrefix> routes{
        {ServiceA, "/service-a"},
        {ServiceAV2, "/service-a/v2"},
        {Admin, "/admin"},
    };
    if (withRoot)
        routes.append({Root, "/"});
    return Router(routes);
}

} // namespace

class TestRouter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void match_data();
    void match();
    void prefixesAreNormalized_data();
    void prefixesAreNormalized();
    void strippedInPlaceWhenTheTargetEndsWithIt_data();
    void strippedInPlaceWhenTheTargetEndsWithIt();
    void firstOfDuplicatePrefixesWins();
    void emptyRouterMatchesNothing();
    void joinUpstreamPath_data();
    void joinUpstreamPath();
};

void TestRouter::match_data() {
    QTest::addColumn<bool>("withRoot");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("route"); // -1: no match
    QTest::addColumn<QByteArray>("upstreamTarget");

    // Segment boundaries.
    QTest::newRow("exact") << false << QByteArray("/service-a") << int(ServiceA) << QByteArray("/");
    QTest::newRow("trailing slash")
        << false << QByteArray("/service-a/") << int(ServiceA) << QByteArray("/");
    QTest::newRow("below") << false << QByteArray("/service-a/x") << int(ServiceA)
                           << QByteArray("/x");
    QTest::newRow("deep below") << false << QByteArray("/service-a/x/y/") << int(ServiceA)
                                << QByteArray("/x/y/");
    QTest::newRow("query right after prefix")
        << false << QByteArray("/service-a?q") << int(ServiceA) << QByteArray("/?q");
    QTest::newRow("never a longer name")
        << false << QByteArray("/service-abc") << -1 << QByteArray();
    QTest::newRow("never a longer name below")
        << false << QByteArray("/service-abc/x") << -1 << QByteArray();
    QTest::newRow("shorter than prefix") << false << QByteArray("/service") << -1 << QByteArray();
    QTest::newRow("case sensitive") << false << QByteArray("/Service-a") << -1 << QByteArray();
    QTest::newRow("no route") << false << QByteArray("/other") << -1 << QByteArray();
    QTest::newRow("slash alone without root") << false << QByteArray("/") << -1 << QByteArray();

    // Stripping and the query.
    QTest::newRow("query kept") << false << QByteArray("/service-a/x?q=1") << int(ServiceA)
                                << QByteArray("/x?q=1");
    QTest::newRow("query with slashes and dots untouched")
        << false << QByteArray("/service-a/x?next=/../admin") << int(ServiceA)
        << QByteArray("/x?next=/../admin");
    QTest::newRow("empty query kept")
        << false << QByteArray("/service-a?") << int(ServiceA) << QByteArray("/?");
    QTest::newRow("empty segments kept")
        << false << QByteArray("/service-a//x") << int(ServiceA) << QByteArray("//x");

    // Longest prefix wins, in whole segments.
    QTest::newRow("longer prefix")
        << false << QByteArray("/service-a/v2/x") << int(ServiceAV2) << QByteArray("/x");
    QTest::newRow("longer prefix exact")
        << false << QByteArray("/service-a/v2") << int(ServiceAV2) << QByteArray("/");
    QTest::newRow("longer prefix is not a name prefix")
        << false << QByteArray("/service-a/v20") << int(ServiceA) << QByteArray("/v20");

    // Dot-segments are removed before matching, so they cannot cross routes.
    QTest::newRow("dot-dot escapes to another route")
        << false << QByteArray("/service-a/../admin") << int(Admin) << QByteArray("/");
    QTest::newRow("dot-dot to nowhere")
        << false << QByteArray("/service-a/../secret") << -1 << QByteArray();
    QTest::newRow("encoded dot-dot")
        << false << QByteArray("/service-a/%2e%2e/admin/x") << int(Admin) << QByteArray("/x");
    QTest::newRow("encoded dot-dot uppercase")
        << false << QByteArray("/service-a/%2E%2E/other") << -1 << QByteArray();
    QTest::newRow("dot-dot inside the route")
        << false << QByteArray("/service-a/x/../y") << int(ServiceA) << QByteArray("/y");
    QTest::newRow("dot-dot into the longer prefix")
        << false << QByteArray("/service-a/x/../v2/y") << int(ServiceAV2) << QByteArray("/y");
    QTest::newRow("dot-dot above root")
        << false << QByteArray("/../../service-a/x") << int(ServiceA) << QByteArray("/x");
    QTest::newRow("single dot") << false << QByteArray("/./service-a/./x") << int(ServiceA)
                                << QByteArray("/x");
    QTest::newRow("encoded letters reach their route")
        << false << QByteArray("/%61dmin/x") << int(Admin) << QByteArray("/x");

    // The root route catches the rest and strips nothing.
    QTest::newRow("root catches slash") << true << QByteArray("/") << int(Root) << QByteArray("/");
    QTest::newRow("root catches unknown")
        << true << QByteArray("/other/x?q") << int(Root) << QByteArray("/other/x?q");
    QTest::newRow("root catches longer name")
        << true << QByteArray("/service-abc") << int(Root) << QByteArray("/service-abc");
    QTest::newRow("root does not shadow longer")
        << true << QByteArray("/service-a/x") << int(ServiceA) << QByteArray("/x");
    QTest::newRow("root gets normalized path")
        << true << QByteArray("/a/../b?x=/../") << int(Root) << QByteArray("/b?x=/../");

    // Not an origin-form path.
    QTest::newRow("asterisk") << true << QByteArray("*") << -1 << QByteArray();
    QTest::newRow("empty") << true << QByteArray() << -1 << QByteArray();
    QTest::newRow("query only") << true << QByteArray("?q") << -1 << QByteArray();
}

void TestRouter::match() {
    QFETCH(bool, withRoot);
    QFETCH(QByteArray, target);
    QFETCH(int, route);
    QFETCH(QByteArray, upstreamTarget);

    const std::optional<RouteMatch> result = makeRouter(withRoot).match(target);
    if (route < 0) {
        QVERIFY2(!result,
                 result ? result->upstreamTarget.in(target).toByteArray().constData() : "");
        return;
    }
    QVERIFY(result);
    QCOMPARE(result->routeIndex, route);
    QCOMPARE(result->upstreamTarget.in(target), upstreamTarget);
}

void TestRouter::prefixesAreNormalized_data() {
    QTest::addColumn<QByteArray>("prefix");

    QTest::newRow("trailing slash") << QByteArray("/api/");
    QTest::newRow("dot-segment") << QByteArray("/x/../api");
    QTest::newRow("encoded letter") << QByteArray("/%61pi");
}

void TestRouter::prefixesAreNormalized() {
    QFETCH(QByteArray, prefix);

    const Router router({{7, prefix}});
    for (const QByteArray &target :
         {QByteArray("/api"), QByteArray("/api/"), QByteArray("/api/x")}) {
        const std::optional<RouteMatch> result = router.match(target);
        QVERIFY2(result, target.constData());
        QCOMPARE(result->routeIndex, 7);
    }
    QVERIFY(!router.match("/apix"));
}

void TestRouter::strippedInPlaceWhenTheTargetEndsWithIt_data() {
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<qsizetype>("from"); // -1: rebuilt

    QTest::newRow("below the prefix") << QByteArray("/service-a/x?q=1") << qsizetype(10);
    QTest::newRow("trailing slash") << QByteArray("/service-a/") << qsizetype(10);
    QTest::newRow("prefix alone gains its slash") << QByteArray("/service-a") << qsizetype(-1);
    QTest::newRow("prefix alone with a query") << QByteArray("/service-a?q") << qsizetype(-1);
    QTest::newRow("normalized path") << QByteArray("/service-a/./x") << qsizetype(-1);
}

// Routing an already normal path copies nothing: the upstream target is where it starts in the
// request's own target (ProxyExchange and the record keep only that offset).
void TestRouter::strippedInPlaceWhenTheTargetEndsWithIt() {
    QFETCH(QByteArray, target);
    QFETCH(qsizetype, from);

    const std::optional<RouteMatch> result = makeRouter(false).match(target);
    QVERIFY(result);
    QCOMPARE(result->upstreamTarget.from, from);
    QCOMPARE(result->upstreamTarget.rebuilt.isNull(), from >= 0);
}

void TestRouter::firstOfDuplicatePrefixesWins() {
    const Router router({{1, "/a"}, {2, "/a/"}, {3, "/a"}});
    const std::optional<RouteMatch> result = router.match("/a/b");
    QVERIFY(result);
    QCOMPARE(result->routeIndex, 1);
}

void TestRouter::emptyRouterMatchesNothing() {
    QVERIFY(!Router().match("/"));
    QVERIFY(!Router(QList<RoutePrefix>()).match("/anything"));
}

void TestRouter::joinUpstreamPath_data() {
    QTest::addColumn<QByteArray>("basePath");
    QTest::addColumn<QByteArray>("stripped");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("no base") << QByteArray() << QByteArray("/x?q=1") << QByteArray("/x?q=1");
    QTest::newRow("no base root") << QByteArray() << QByteArray("/") << QByteArray("/");
    QTest::newRow("base") << QByteArray("/api") << QByteArray("/x?q=1") << QByteArray("/api/x?q=1");
    QTest::newRow("base root") << QByteArray("/api") << QByteArray("/") << QByteArray("/api/");
    QTest::newRow("base root query")
        << QByteArray("/api") << QByteArray("/?q") << QByteArray("/api/?q");
    QTest::newRow("base with trailing slash")
        << QByteArray("/api/") << QByteArray("/x") << QByteArray("/api/x");
}

void TestRouter::joinUpstreamPath() {
    QFETCH(QByteArray, basePath);
    QFETCH(QByteArray, stripped);
    QFETCH(QByteArray, expected);

    QCOMPARE(::joinUpstreamPath(basePath, stripped), expected);
}

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
