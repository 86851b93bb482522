#include "admin/statejson.h"

#include <QJsonArray>
#include <QTest>

namespace {

const QDateTime startedAt = QDateTime(QDate(2024, 5, 1), QTime(12, 0, 0, 123), Qt::UTC);

BackendSnapshot makeBackend(int index) {
    BackendSnapshot backend;
    backend.id = 40 + quint64(index);
    backend.index = index;
    backend.name = QStringLiteral("b%1").arg(index);
    backend.url = QStringLiteral("http://localhost:%1").arg(8081 + index);
    return backend;
}

GatewaySnapshot makeSnapshot() {
    BackendSnapshot measured = makeBackend(0);
    measured.weight = 3;
    measured.adminState = AdminState::Draining;
    measured.adminStateChangedAt = startedAt.addSecs(60);
    measured.health = Health::Up;
    measured.healthChangedAt = startedAt.addSecs(2);
    measured.activeRequests = 2;
    measured.requests = 10;
    measured.attemptErrors = 1;
    measured.expectedShare = 0.75;
    for (int i = 0; i < 10; ++i)
        measured.latency.record(std::chrono::microseconds(2000));
    measured.latencyP50Us = 1750;
    measured.latencyP99Us = 2485;
    measured.lastCheck = {true, false, 503, "status 503", 1500, startedAt.addSecs(3)};

    RouteSnapshot route;
    route.id = QStringLiteral("service-a");
    route.path = "/service-a";
    route.strategy = StrategyKind::WeightedRoundRobin;
    route.backends = {measured, makeBackend(1)};

    GatewaySnapshot snapshot;
    snapshot.running = true;
    snapshot.listenUrl = QStringLiteral("http://127.0.0.1:8080");
    snapshot.adminUrl = QStringLiteral("http://127.0.0.1:8090");
    snapshot.configFile = QStringLiteral("/etc/gateway.yaml");
    snapshot.startedAt = startedAt;
    snapshot.countingSince =
        startedAt.addSecs(-3600).addMSecs(-123); // an earlier start, same config
    snapshot.totalRequests = 12;
    snapshot.failedRequests = 3;
    snapshot.clientErrors = 6;
    snapshot.attemptErrors = 7;
    snapshot.openConnections = 4;
    snapshot.parkedConnections = 3;
    snapshot.upstreamConnectionsOpened = 2;
    snapshot.acceptPauses = 5;
    snapshot.routes = {route};
    return snapshot;
}

} // namespace

class TestStateJson : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gatewayFields();
    void stoppedGatewayHasNulls();
    void routeFields();
    void measuredBackend();
    void freshBackendHasNulls();
    void passiveStateIsShownApart_data();
    void passiveStateIsShownApart();
    void namesOfStates_data();
    void namesOfStates();
};

void TestStateJson::gatewayFields() {
    const QJsonObject json = stateToJson(makeSnapshot());
    QCOMPARE(json.value(QLatin1String("running")), QJsonValue(true));
    QCOMPARE(json.value(QLatin1String("listen_url")),
             QJsonValue(QStringLiteral("http://127.0.0.1:8080")));
    QCOMPARE(json.value(QLatin1String("admin_url")),
             QJsonValue(QStringLiteral("http://127.0.0.1:8090")));
    QCOMPARE(json.value(QLatin1String("config_file")),
             QJsonValue(QStringLiteral("/etc/gateway.yaml")));
    QCOMPARE(json.value(QLatin1String("started_at")),
             QJsonValue(QStringLiteral("2024-05-01T12:00:00.123Z")));
    QCOMPARE(json.value(QLatin1String("counting_since")),
             QJsonValue(QStringLiteral("2024-05-01T11:00:00.000Z")));
    QCOMPARE(json.value(QLatin1String("total_requests")), QJsonValue(12));
    QCOMPARE(json.value(QLatin1String("failed_requests")), QJsonValue(3));
    QCOMPARE(json.value(QLatin1String("client_errors")), QJsonValue(6));
    QCOMPARE(json.value(QLatin1String("attempt_errors")), QJsonValue(7));
    // Replaced by the three above (README, "What the counts mean"): never served again.
    QVERIFY(!json.contains(QLatin1String("total_errors")));
    QCOMPARE(json.value(QLatin1String("open_connections")), QJsonValue(4));
    QCOMPARE(json.value(QLatin1String("parked_connections")), QJsonValue(3));
    QCOMPARE(json.value(QLatin1String("upstream_connections_opened")), QJsonValue(2));
    QCOMPARE(json.value(QLatin1String("accept_pauses")), QJsonValue(5));
    QCOMPARE(json.value(QLatin1String("routes")).toArray().size(), 1);
}

void TestStateJson::stoppedGatewayHasNulls() {
    const QJsonObject json = stateToJson(GatewaySnapshot{});
    QCOMPARE(json.value(QLatin1String("running")), QJsonValue(false));
    for (const char *key :
         {"listen_url", "admin_url", "config_file", "started_at", "counting_since"})
        QVERIFY2(json.value(QLatin1String(key)).isNull(), key);
    QCOMPARE(json.value(QLatin1String("routes")), QJsonValue(QJsonArray()));
}

void TestStateJson::routeFields() {
    const QJsonObject route =
        stateToJson(makeSnapshot()).value(QLatin1String("routes")).toArray().at(0).toObject();
    QCOMPARE(route.value(QLatin1String("id")), QJsonValue(QStringLiteral("service-a")));
    QCOMPARE(route.value(QLatin1String("path")), QJsonValue(QStringLiteral("/service-a")));
    QCOMPARE(route.value(QLatin1String("strategy")),
             QJsonValue(QStringLiteral("weighted_round_robin")));
    const QJsonArray backends = route.value(QLatin1String("backends")).toArray();
    QCOMPARE(backends.size(), 2);
    QCOMPARE(backends.at(1).toObject().value(QLatin1String("index")), QJsonValue(1));
    QCOMPARE(route.value(QLatin1String("panic")), QJsonValue(false));

    GatewaySnapshot panicking = makeSnapshot();
    panicking.routes[0].panic = true;
    QCOMPARE(routeToJson(panicking.routes[0]).value(QLatin1String("panic")), QJsonValue(true));
}

void TestStateJson::measuredBackend() {
    const QJsonObject json = backendToJson(makeSnapshot().routes.at(0).backends.at(0));
    QCOMPARE(json.value(QLatin1String("index")), QJsonValue(0));
    QCOMPARE(json.value(QLatin1String("id")), QJsonValue(40));
    QCOMPARE(json.value(QLatin1String("name")), QJsonValue(QStringLiteral("b0")));
    QCOMPARE(json.value(QLatin1String("url")), QJsonValue(QStringLiteral("http://localhost:8081")));
    QCOMPARE(json.value(QLatin1String("weight")), QJsonValue(3));
    QCOMPARE(json.value(QLatin1String("admin_state")), QJsonValue(QStringLiteral("draining")));
    QCOMPARE(json.value(QLatin1String("admin_state_changed_at")),
             QJsonValue(QStringLiteral("2024-05-01T12:01:00.123Z")));
    QCOMPARE(json.value(QLatin1String("health")), QJsonValue(QStringLiteral("up")));
    QCOMPARE(json.value(QLatin1String("health_changed_at")),
             QJsonValue(QStringLiteral("2024-05-01T12:00:02.123Z")));
    QCOMPARE(json.value(QLatin1String("active")), QJsonValue(2));
    QCOMPARE(json.value(QLatin1String("requests")), QJsonValue(10));
    QCOMPARE(json.value(QLatin1String("attempt_errors")), QJsonValue(1));
    QVERIFY(!json.contains(QLatin1String("errors")));
    QCOMPARE(json.value(QLatin1String("expected_share")), QJsonValue(0.75));
    QCOMPARE(json.value(QLatin1String("latency_p50_ms")), QJsonValue(1.75));
    QCOMPARE(json.value(QLatin1String("latency_p99_ms")), QJsonValue(2.485));

    const QJsonObject check = json.value(QLatin1String("last_check")).toObject();
    QCOMPARE(check.value(QLatin1String("ok")), QJsonValue(false));
    QCOMPARE(check.value(QLatin1String("status")), QJsonValue(503));
    QCOMPARE(check.value(QLatin1String("error")), QJsonValue(QStringLiteral("status 503")));
    QCOMPARE(check.value(QLatin1String("duration_ms")), QJsonValue(1.5));
    QCOMPARE(check.value(QLatin1String("at")),
             QJsonValue(QStringLiteral("2024-05-01T12:00:03.123Z")));
}

void TestStateJson::freshBackendHasNulls() {
    const QJsonObject json = backendToJson(makeBackend(1));
    QCOMPARE(json.value(QLatin1String("admin_state")), QJsonValue(QStringLiteral("enabled")));
    QCOMPARE(json.value(QLatin1String("health")), QJsonValue(QStringLiteral("unknown")));
    QCOMPARE(json.value(QLatin1String("active_health")), QJsonValue(QStringLiteral("unknown")));
    QVERIFY(json.contains(QLatin1String("passive")));
    QVERIFY(json.value(QLatin1String("passive")).isNull()); // no passive hold
    // Before any measurement there is nothing to report, which 0 would misstate.
    for (const char *key : {"admin_state_changed_at", "health_changed_at", "latency_p50_ms",
                            "latency_p99_ms", "last_check"})
        QVERIFY2(json.value(QLatin1String(key)).isNull(), key);
    QVERIFY(json.contains(QLatin1String("last_check")));
}

void TestStateJson::passiveStateIsShownApart_data() {
    QTest::addColumn<PassiveState>("passive");
    QTest::addColumn<QJsonValue>("json");
    QTest::newRow("clear") << PassiveState::Clear << QJsonValue(QJsonValue::Null);
    QTest::newRow("ejected") << PassiveState::Ejected << QJsonValue(QStringLiteral("ejected"));
    QTest::newRow("probation") << PassiveState::Probation
                               << QJsonValue(QStringLiteral("probation"));
}

void TestStateJson::passiveStateIsShownApart() {
    QFETCH(PassiveState, passive);
    QFETCH(QJsonValue, json);
    BackendSnapshot backend = makeBackend(0);
    backend.activeHealth = Health::Up;
    backend.passiveState = passive;
    backend.health = combinedHealth(backend.activeHealth, passive);
    const QJsonObject object = backendToJson(backend);
    QCOMPARE(object.value(QLatin1String("passive")), json);
    QCOMPARE(object.value(QLatin1String("active_health")), QJsonValue(QStringLiteral("up")));
    const char *health = passive == PassiveState::Clear     ? "up"
                         : passive == PassiveState::Ejected ? "down"
                                                            : "unknown";
    QCOMPARE(object.value(QLatin1String("health")), QJsonValue(QString::fromLatin1(health)));
}

void TestStateJson::namesOfStates_data() {
    QTest::addColumn<AdminState>("adminState");
    QTest::addColumn<Health>("health");
    QTest::addColumn<QString>("adminName");
    QTest::addColumn<QString>("healthName");

    QTest::newRow("enabled, up") << AdminState::Enabled << Health::Up << QStringLiteral("enabled")
                                 << QStringLiteral("up");
    QTest::newRow("draining, unknown") << AdminState::Draining << Health::Unknown
                                       << QStringLiteral("draining") << QStringLiteral("unknown");
    QTest::newRow("disabled, down") << AdminState::Disabled << Health::Down
                                    << QStringLiteral("disabled") << QStringLiteral("down");
}

void TestStateJson::namesOfStates() {
    QFETCH(AdminState, adminState);
    QFETCH(Health, health);
    QFETCH(QString, adminName);
    QFETCH(QString, healthName);

    BackendSnapshot backend = makeBackend(0);
    backend.adminState = adminState;
    backend.health = health;
    const QJsonObject json = backendToJson(backend);
    QCOMPARE(json.value(QLatin1String("admin_state")).toString(), adminName);
    QCOMPARE(json.value(QLatin1String("health")).toString(), healthName);
}

QTEST_GUILESS_MAIN(TestStateJson)
#include "tst_statejson.moc"
