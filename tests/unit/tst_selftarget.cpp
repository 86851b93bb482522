// Loop protection at configuration time (core/config/selftarget.h): which instance URLs land on
// the gateway's own listener, and the warnings --check-config prints for them.
#include "config/selftarget.h"

#include <QNetworkInterface>
#include <QTest>

class TestSelfTarget final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void reachesListener_data();
    void reachesListener();
    void wildcardListenerReachedThroughThisMachinesAddress();
    void warningsNameRouteAndInstance();
};

void TestSelfTarget::reachesListener_data() {
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("listenAddress");
    QTest::addColumn<int>("listenPort");
    QTest::addColumn<bool>("reaches");

    const QString loopback = QStringLiteral("127.0.0.1");
    QTest::newRow("same address and port")
        << QStringLiteral("http://127.0.0.1:8080/x") << loopback << 8080 << true;
    QTest::newRow("localhost") << QStringLiteral("http://localhost:8080") << loopback << 8080
                               << true;
    QTest::newRow("LocalHost") << QStringLiteral("http://LocalHost:8080") << loopback << 8080
                               << true;
    QTest::newRow("0.0.0.0 connects to loopback")
        << QStringLiteral("http://0.0.0.0:8080") << loopback << 8080 << true;
    QTest::newRow("default port 80")
        << QStringLiteral("http://127.0.0.1") << loopback << 80 << true;
    QTest::newRow("another port") << QStringLiteral("http://127.0.0.1:8081") << loopback << 8080
                                  << false;
    QTest::newRow("another loopback address")
        << QStringLiteral("http://127.0.0.2:8080") << loopback << 8080 << false;
    QTest::newRow("IPv6 loopback, IPv4 listener")
        << QStringLiteral("http://[::1]:8080") << loopback << 8080 << false;
    QTest::newRow("IPv6 loopback listener")
        << QStringLiteral("http://[::1]:8080") << QStringLiteral("::1") << 8080 << true;
    QTest::newRow("localhost, IPv6 listener")
        << QStringLiteral("http://localhost:8080") << QStringLiteral("::1") << 8080 << true;
    QTest::newRow("a name is not resolved")
        << QStringLiteral("http://gateway.internal:8080") << loopback << 8080 << false;
    QTest::newRow("wildcard listener, loopback target")
        << QStringLiteral("http://127.0.0.9:8080") << QStringLiteral("0.0.0.0") << 8080 << true;
    QTest::newRow("wildcard listener, wildcard target")
        << QStringLiteral("http://0.0.0.0:8080") << QStringLiteral("0.0.0.0") << 8080 << true;
    QTest::newRow("wildcard listener, foreign address")
        << QStringLiteral("http://192.0.2.1:8080") << QStringLiteral("0.0.0.0") << 8080 << false;
    QTest::newRow("port 0 is not known yet")
        << QStringLiteral("http://127.0.0.1:0") << loopback << 0 << false;
}

void TestSelfTarget::reachesListener() {
    QFETCH(QString, target);
    QFETCH(QString, listenAddress);
    QFETCH(int, listenPort);
    QFETCH(bool, reaches);
    const ListenAddress listen{QHostAddress(listenAddress), quint16(listenPort)};
    QCOMPARE(::reachesListener(QUrl(target), listen), reaches);
}

void TestSelfTarget::wildcardListenerReachedThroughThisMachinesAddress() {
    for (const QHostAddress &own : QNetworkInterface::allAddresses()) {
        if (own.protocol() != QAbstractSocket::IPv4Protocol || own.isLoopback())
            continue;
        const QUrl target(QStringLiteral("http://%1:8080").arg(own.toString()));
        QVERIFY(::reachesListener(target, {QHostAddress(QHostAddress::AnyIPv4), 8080}));
        QVERIFY(!::reachesListener(target, {QHostAddress(QHostAddress::LocalHost), 8080}));
        return;
    }
    QSKIP("no IPv4 address besides loopback");
}

void TestSelfTarget::warningsNameRouteAndInstance() {
    GatewayConfig config;
    config.listen = {QHostAddress(QHostAddress::LocalHost), 8080};
    RouteConfig route;
    route.id = QStringLiteral("svc");
    route.path = "/svc";
    route.targets = {{QUrl(QStringLiteral("http://127.0.0.1:8081")), 1, {}},
                     {QUrl(QStringLiteral("http://localhost:8080/svc")), 1, {}}};
    config.routes = {route};
    const QStringList warnings = selfTargetWarnings(config);
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings.first().contains(QLatin1String("route 'svc'")), qPrintable(warnings.first()));
    QVERIFY2(warnings.first().contains(QLatin1String("http://localhost:8080/svc")),
             qPrintable(warnings.first()));
    QVERIFY2(warnings.first().contains(QLatin1String("508")), qPrintable(warnings.first()));

    config.listen.port = 0; // picked at start: nothing to compare with
    QVERIFY(selfTargetWarnings(config).isEmpty());
}

QTEST_GUILESS_MAIN(TestSelfTarget)
#include "tst_selftarget.moc"
