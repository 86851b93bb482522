// The admin API's Host rule (core/admin/adminhostcheck.h): which names it answers, whatever
// address it was reached on.
#include "admin/adminhostcheck.h"

#include <QTest>

class TestAdminHostCheck final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void answersOnlyNamesOfItself_data();
    void answersOnlyNamesOfItself();
    void refusalSaysWhatItAnswers();
};

void TestAdminHostCheck::answersOnlyNamesOfItself_data() {
    QTest::addColumn<QByteArray>("host"); // "-": no Host header
    QTest::addColumn<QString>("localAddress");
    QTest::addColumn<bool>("answered");

    const QString loopback = QStringLiteral("127.0.0.1");
    const QString lan = QStringLiteral("10.0.0.5");
    QTest::newRow("no Host (HTTP/1.0)") << QByteArray("-") << lan << true;
    QTest::newRow("localhost") << QByteArray("localhost") << lan << true;
    QTest::newRow("localhost:port") << QByteArray("localhost:9000") << lan << true;
    QTest::newRow("Localhost.") << QByteArray("Localhost.") << lan << true;
    QTest::newRow("127.0.0.1") << QByteArray("127.0.0.1:8090") << lan << true;
    QTest::newRow("127.8.9.10") << QByteArray("127.8.9.10") << loopback << true;
    QTest::newRow("[::1]") << QByteArray("[::1]") << loopback << true;
    QTest::newRow("[::1]:port") << QByteArray("[::1]:8090") << loopback << true;
    QTest::newRow("its own address") << QByteArray("10.0.0.5:8090") << lan << true;
    QTest::newRow("its own, IPv4-mapped socket")
        << QByteArray("10.0.0.5:8090") << QStringLiteral("::ffff:10.0.0.5") << true;
    QTest::newRow("its own IPv6") << QByteArray("[fd00::5]:8090") << QStringLiteral("fd00::5")
                                  << true;
    QTest::newRow("another address") << QByteArray("10.0.0.6:8090") << lan << false;
    QTest::newRow("a DNS name") << QByteArray("attacker.example") << loopback << false;
    QTest::newRow("a name under localhost")
        << QByteArray("localhost.attacker.example") << loopback << false;
    QTest::newRow("a name ending in localhost") << QByteArray("notlocalhost") << loopback << false;
    QTest::newRow("the wildcard") << QByteArray("0.0.0.0:8090") << lan << false;
}

void TestAdminHostCheck::answersOnlyNamesOfItself() {
    QFETCH(QByteArray, host);
    QFETCH(QString, localAddress);
    QFETCH(bool, answered);
    const std::optional<QByteArrayView> value =
        host == "-" ? std::nullopt : std::optional<QByteArrayView>(host);
    const QString refusal = adminHostRefusal(value, QHostAddress(localAddress));
    QVERIFY2(refusal.isEmpty() == answered, qPrintable(refusal));
}

void TestAdminHostCheck::refusalSaysWhatItAnswers() {
    QCOMPARE(adminHostRefusal(QByteArrayView("evil.example:8090"),
                              QHostAddress(QStringLiteral("::ffff:10.0.0.5"))),
             QStringLiteral("Host 'evil.example:8090' does not name this admin API: it answers "
                            "only localhost, a loopback address or 10.0.0.5 (protection against "
                            "DNS rebinding)"));
    QVERIFY(
        adminHostRefusal(QByteArrayView("evil.example"), QHostAddress(QStringLiteral("fd00::5")))
            .contains(QLatin1String("[fd00::5]")));
}

QTEST_GUILESS_MAIN(TestAdminHostCheck)
#include "tst_adminhostcheck.moc"
