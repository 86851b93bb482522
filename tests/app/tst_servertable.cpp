// servertable.h: the headless program's table of a HAProxy's servers (--haproxy), in text with
// aligned columns and as JSON lines, and what makes it worth printing again: a state, not a
// counter.
#include "servertable.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

GatewaySnapshot twoServers() {
    BackendSnapshot one;
    one.name = QStringLiteral("one");
    one.url = QStringLiteral("http://127.0.0.1:8081");
    one.health = Health::Up;
    one.requests = 12;
    one.lastCheck.ran = true;
    one.lastCheck.ok = true;
    one.lastCheck.status = 200;
    BackendSnapshot two;
    two.name = QStringLiteral("a-longer-name");
    two.index = 1;
    two.url = QStringLiteral("http://127.0.0.1:8082");
    two.adminState = AdminState::Disabled;
    two.weight = 3;
    two.attemptErrors = 2;
    two.lastCheck.ran = true;
    two.lastCheck.error = "Connection refused";
    RouteSnapshot route;
    route.id = QStringLiteral("route_svc");
    route.backends = {one, two};
    GatewaySnapshot snapshot;
    snapshot.routes = {route};
    return snapshot;
}

} // namespace

class TestServerTable final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void textColumnsAreAligned();
    void jsonLinePerServer();
    void stateIgnoresCounters();
};

void TestServerTable::textColumnsAreAligned() {
    QCOMPARE(serverTable(twoServers(), AccessLogFormatter::Format::Text),
             QByteArray("BACKEND/SERVER           ADDRESS         ADMIN     HEALTH   WEIGHT  "
                        "SESSIONS  REQUESTS  ERRORS  CHECK\n"
                        "route_svc/one            127.0.0.1:8081  enabled   up       1       0 "
                        "        12        0       ok 200\n"
                        "route_svc/a-longer-name  127.0.0.1:8082  disabled  unknown  3       0 "
                        "        0         2       Connection refused\n"));
}

void TestServerTable::jsonLinePerServer() {
    const QList<QByteArray> lines =
        serverTable(twoServers(), AccessLogFormatter::Format::Json).trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject two = QJsonDocument::fromJson(lines[1]).object();
    QCOMPARE(two.value(QStringLiteral("event")).toString(), QStringLiteral("server"));
    QCOMPARE(two.value(QStringLiteral("backend")).toString(), QStringLiteral("route_svc"));
    QCOMPARE(two.value(QStringLiteral("server")).toString(), QStringLiteral("a-longer-name"));
    QCOMPARE(two.value(QStringLiteral("address")).toString(), QStringLiteral("127.0.0.1:8082"));
    QCOMPARE(two.value(QStringLiteral("admin_state")).toString(), QStringLiteral("disabled"));
    QCOMPARE(two.value(QStringLiteral("weight")).toInt(), 3);
    QCOMPARE(two.value(QStringLiteral("errors")).toInt(), 2);
    QCOMPARE(two.value(QStringLiteral("check")).toString(), QStringLiteral("Connection refused"));
}

void TestServerTable::stateIgnoresCounters() {
    const GatewaySnapshot before = twoServers();
    GatewaySnapshot busier = before;
    busier.routes[0].backends[0].requests = 500;
    busier.routes[0].backends[0].activeRequests = 3;
    QCOMPARE(serverTableState(busier), serverTableState(before));
    GatewaySnapshot drained = before;
    drained.routes[0].backends[0].adminState = AdminState::Draining;
    QVERIFY(serverTableState(drained) != serverTableState(before));
    GatewaySnapshot reweighted = before;
    reweighted.routes[0].backends[1].weight = 4;
    QVERIFY(serverTableState(reweighted) != serverTableState(before));
    GatewaySnapshot fewer = before;
    fewer.routes[0].backends.removeLast();
    QVERIFY(serverTableState(fewer) != serverTableState(before));
}

QTEST_GUILESS_MAIN(TestServerTable)
#include "tst_servertable.moc"
