// runtimeapiaddress.h: what --haproxy takes: a unix socket path (HAProxy's "unix@" prefix too)
// or HOST:PORT (HAProxy's "ipv4@"/"ipv6@" too, IPv6 in brackets), and the refusals.
#include "haproxy/runtimeapiaddress.h"

#include <QTest>

class TestRuntimeApiAddress final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void addresses_data();
    void addresses();
    void refused_data();
    void refused();
};

void TestRuntimeApiAddress::addresses_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("shown");
    QTest::newRow("relative path")
        << QStringLiteral("haproxy-admin.sock") << QStringLiteral("unix socket haproxy-admin.sock");
    QTest::newRow("absolute path") << QStringLiteral("/run/haproxy/admin.sock")
                                   << QStringLiteral("unix socket /run/haproxy/admin.sock");
    QTest::newRow("path with a colon")
        << QStringLiteral("/tmp/a:1") << QStringLiteral("unix socket /tmp/a:1");
    QTest::newRow("unix@") << QStringLiteral("unix@/tmp/s") << QStringLiteral("unix socket /tmp/s");
    QTest::newRow("ipv4") << QStringLiteral("127.0.0.1:9999") << QStringLiteral("127.0.0.1:9999");
    QTest::newRow("ipv4@") << QStringLiteral("ipv4@127.0.0.1:9999")
                           << QStringLiteral("127.0.0.1:9999");
    QTest::newRow("name") << QStringLiteral("localhost:9999") << QStringLiteral("localhost:9999");
    QTest::newRow("ipv6") << QStringLiteral("[::1]:9999") << QStringLiteral("[::1]:9999");
}

void TestRuntimeApiAddress::addresses() {
    QFETCH(QString, text);
    QFETCH(QString, shown);
    QString error;
    const std::optional<RuntimeApiAddress> address = RuntimeApiAddress::parse(text, &error);
    QVERIFY2(address, qPrintable(error));
    QCOMPARE(address->toString(), shown);
}

void TestRuntimeApiAddress::refused_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QString() << QStringLiteral("expected SOCKET or HOST:PORT, found ''");
    QTest::newRow("port 0") << QStringLiteral("127.0.0.1:0")
                            << QStringLiteral("expected SOCKET or HOST:PORT, found port '0' in "
                                              "'127.0.0.1:0'");
    QTest::newRow("port too large")
        << QStringLiteral("localhost:70000")
        << QStringLiteral("expected SOCKET or HOST:PORT, found port '70000' in 'localhost:70000'");
    QTest::newRow("unix@ alone") << QStringLiteral("unix@")
                                 << QStringLiteral("expected SOCKET or HOST:PORT, found 'unix@'");
}

void TestRuntimeApiAddress::refused() {
    QFETCH(QString, text);
    QFETCH(QString, error);
    QString found;
    QVERIFY(!RuntimeApiAddress::parse(text, &found));
    QCOMPARE(found, error);
}

QTEST_GUILESS_MAIN(TestRuntimeApiAddress)
#include "tst_runtimeapiaddress.moc"
