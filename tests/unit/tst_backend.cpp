#include "balancing/backend.h"

#include <QTest>

class TestBackend : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void derivesConnectionFields_data();
    void derivesConnectionFields();
    void explicitNameIsKept();
    void acceptsNewRequests_data();
    void acceptsNewRequests();
    void setAdminStateStampsOnlyChanges();
    void setHealthStampsOnlyChanges();
    void stateNames();
};

void TestBackend::derivesConnectionFields_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QByteArray>("authority");
    QTest::addColumn<QByteArray>("basePath");
    QTest::addColumn<QString>("name");

    QTest::newRow("host and port")
        << "http://localhost:8082"
        << "localhost" << 8082 << QByteArray("localhost:8082") << QByteArray() << "localhost:8082";
    QTest::newRow("default port stays out of Host")
        << "http://example.com"
        << "example.com" << 80 << QByteArray("example.com") << QByteArray() << "example.com:80";
    QTest::newRow("explicit port 80 is kept")
        << "http://example.com:80/"
        << "example.com" << 80 << QByteArray("example.com:80") << QByteArray() << "example.com:80";
    QTest::newRow("base path loses trailing slash")
        << "http://127.0.0.1:9000/api/v1/"
        << "127.0.0.1" << 9000 << QByteArray("127.0.0.1:9000") << QByteArray("/api/v1")
        << "127.0.0.1:9000";
    QTest::newRow("ipv6 literal") << "http://[::1]:8080/x"
                                  << "::1" << 8080 << QByteArray("[::1]:8080") << QByteArray("/x")
                                  << "[::1]:8080";
    QTest::newRow("encoded base path stays encoded")
        << "http://h:1/a%20b"
        << "h" << 1 << QByteArray("h:1") << QByteArray("/a%20b") << "h:1";
}

void TestBackend::derivesConnectionFields() {
    QFETCH(QString, url);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QByteArray, authority);
    QFETCH(QByteArray, basePath);
    QFETCH(QString, name);

    const Backend backend(7, QUrl(url), 2, QString());
    QCOMPARE(backend.id, 7u);
    QCOMPARE(backend.url, QUrl(url));
    QCOMPARE(backend.weight, 2);
    QCOMPARE(backend.host, host);
    QCOMPARE(int(backend.port), port);
    QCOMPARE(backend.authority, authority);
    QCOMPARE(backend.basePath, basePath);
    QCOMPARE(backend.name, name);
}

void TestBackend::explicitNameIsKept() {
    const Backend backend(1, QUrl("http://localhost:8082"), 3, "a2");
    QCOMPARE(backend.name, QString("a2"));
}

void TestBackend::acceptsNewRequests_data() {
    QTest::addColumn<int>("adminState");
    QTest::addColumn<int>("health");
    QTest::addColumn<bool>("accepts");

    const std::pair<AdminState, const char *> states[] = {{AdminState::Enabled, "enabled"},
                                                          {AdminState::Draining, "draining"},
                                                          {AdminState::Disabled, "disabled"}};
    const std::pair<Health, const char *> healths[] = {
        {Health::Unknown, "unknown"}, {Health::Up, "up"}, {Health::Down, "down"}};
    for (const auto &[state, stateName] : states) {
        for (const auto &[health, healthName] : healths) {
            QTest::addRow("%s, %s", stateName, healthName)
                << int(state) << int(health)
                << (state == AdminState::Enabled && health != Health::Down);
        }
    }
}

void TestBackend::acceptsNewRequests() {
    QFETCH(int, adminState);
    QFETCH(int, health);
    QFETCH(bool, accepts);

    Backend backend(1, QUrl("http://localhost:1"), 1, QString());
    backend.setAdminState(AdminState(adminState));
    backend.setActiveHealth(Health(health));
    QCOMPARE(backend.acceptsNewRequests(), accepts);
}

void TestBackend::setAdminStateStampsOnlyChanges() {
    Backend backend(1, QUrl("http://localhost:1"), 1, QString());
    QVERIFY(!backend.adminStateChangedAt.isValid());

    const QDateTime earlier(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
    backend.adminStateChangedAt = earlier;
    backend.setAdminState(AdminState::Enabled);
    QCOMPARE(backend.adminStateChangedAt, earlier);

    const QDateTime before = QDateTime::currentDateTimeUtc();
    backend.setAdminState(AdminState::Draining);
    QCOMPARE(backend.adminState, AdminState::Draining);
    QVERIFY(backend.adminStateChangedAt >= before);
    QCOMPARE(backend.adminStateChangedAt.timeSpec(), Qt::UTC);
    QVERIFY(!backend.healthChangedAt.isValid());
}

void TestBackend::setHealthStampsOnlyChanges() {
    Backend backend(1, QUrl("http://localhost:1"), 1, QString());
    QCOMPARE(backend.health, Health::Unknown);

    const QDateTime earlier(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
    backend.healthChangedAt = earlier;
    backend.setActiveHealth(Health::Unknown);
    QCOMPARE(backend.healthChangedAt, earlier);

    const QDateTime before = QDateTime::currentDateTimeUtc();
    backend.setActiveHealth(Health::Down);
    QCOMPARE(backend.health, Health::Down);
    QVERIFY(backend.healthChangedAt >= before);
    QVERIFY(!backend.adminStateChangedAt.isValid());
}

void TestBackend::stateNames() {
    QCOMPARE(adminStateName(AdminState::Enabled), QByteArray("enabled"));
    QCOMPARE(adminStateName(AdminState::Draining), QByteArray("draining"));
    QCOMPARE(adminStateName(AdminState::Disabled), QByteArray("disabled"));
    QCOMPARE(healthName(Health::Unknown), QByteArray("unknown"));
    QCOMPARE(healthName(Health::Up), QByteArray("up"));
    QCOMPARE(healthName(Health::Down), QByteArray("down"));
}

QTEST_GUILESS_MAIN(TestBackend)
#include "tst_backend.moc"
