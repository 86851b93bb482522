#include "model/numbertext.h"

#include <QTest>

#include <limits>

class TestNumberText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void appendsDecimal_data();
    void appendsDecimal();
    void appendsHex32_data();
    void appendsHex32();
};

void TestNumberText::appendsDecimal_data() {
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("zero") << qint64(0) << QByteArray("0");
    QTest::newRow("negative") << qint64(-42) << QByteArray("-42");
    QTest::newRow("largest") << std::numeric_limits<qint64>::max()
                             << QByteArray("9223372036854775807");
    QTest::newRow("smallest") << std::numeric_limits<qint64>::min()
                              << QByteArray("-9223372036854775808");
}

void TestNumberText::appendsDecimal() {
    QFETCH(qint64, value);
    QFETCH(QByteArray, expected);
    QByteArray out = "n=";
    appendNumber(out, value);
    QCOMPARE(out, "n=" + expected);
}

void TestNumberText::appendsHex32_data() {
    QTest::addColumn<quint32>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("zero-padded") << quint32(0x2a) << QByteArray("0000002a");
    QTest::newRow("zero") << quint32(0) << QByteArray("00000000");
    QTest::newRow("every digit") << quint32(0x1234abcd) << QByteArray("1234abcd");
    QTest::newRow("largest") << quint32(0xffffffff) << QByteArray("ffffffff");
}

void TestNumberText::appendsHex32() {
    QFETCH(quint32, value);
    QFETCH(QByteArray, expected);
    QByteArray out = "h=";
    appendHex32(out, value);
    QCOMPARE(out, "h=" + expected);
}

QTEST_GUILESS_MAIN(TestNumberText)
#include "tst_numbertext.moc"
