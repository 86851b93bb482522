#include "common/displayformat.h"

#include <QTest>

class TestDisplayFormat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void duration_data();
    void duration();
    void haproxyDurations_data();
    void haproxyDurations();
    void bytes_data();
    void bytes();
    void uptime_data();
    void uptime();
};

void TestDisplayFormat::duration_data() {
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not measured") << qint64(-1) << QStringLiteral("–");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0 µs");
    QTest::newRow("micros") << qint64(850) << QStringLiteral("850 µs");
    QTest::newRow("one ms") << qint64(1000) << QStringLiteral("1.00 ms");
    QTest::newRow("ms, two decimals") << qint64(12346) << QStringLiteral("12.35 ms");
    QTest::newRow("ms, one decimal") << qint64(250500) << QStringLiteral("250.5 ms");
    QTest::newRow("seconds") << qint64(1250000) << QStringLiteral("1.25 s");
}

void TestDisplayFormat::duration() {
    QFETCH(qint64, micros);
    QFETCH(QString, expected);
    QCOMPARE(formatDuration(micros), expected);
}

void TestDisplayFormat::haproxyDurations_data() {
    // HAProxy's log counts whole milliseconds: no microseconds it never measured.
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not measured") << qint64(-1) << QStringLiteral("–");
    QTest::newRow("under a millisecond") << qint64(0) << QStringLiteral("< 1 ms");
    QTest::newRow("milliseconds") << qint64(12000) << QStringLiteral("12 ms");
    QTest::newRow("seconds") << qint64(1250000) << QStringLiteral("1.25 s");
}

void TestDisplayFormat::haproxyDurations() {
    QFETCH(qint64, micros);
    QFETCH(QString, expected);
    RequestRecord fromHaproxy;
    fromHaproxy.source = RecordSource::HaproxyLog;
    QCOMPARE(recordDurationText(fromHaproxy, micros), expected);
    // The gateway's own rows keep their microseconds.
    QCOMPARE(recordDurationText(RequestRecord(), micros), formatDuration(micros));
}

void TestDisplayFormat::bytes_data() {
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0 B");
    QTest::newRow("below a KiB") << qint64(1023) << QStringLiteral("1023 B");
    QTest::newRow("KiB") << qint64(1536) << QStringLiteral("1.5 KiB");
    QTest::newRow("MiB") << qint64(3 * 1024 * 1024 + 200 * 1024) << QStringLiteral("3.2 MiB");
    QTest::newRow("GiB") << qint64(5) * 1024 * 1024 * 1024 << QStringLiteral("5.00 GiB");
}

void TestDisplayFormat::bytes() {
    QFETCH(qint64, bytes);
    QFETCH(QString, expected);
    QCOMPARE(formatBytes(bytes), expected);
}

void TestDisplayFormat::uptime_data() {
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("expected");
    QTest::newRow("seconds") << qint64(42) << QStringLiteral("42 s");
    QTest::newRow("minutes") << qint64(5 * 60 + 3) << QStringLiteral("5 min 03 s");
    QTest::newRow("hours") << qint64(2 * 3600 + 5 * 60 + 59) << QStringLiteral("2 h 05 min");
    QTest::newRow("days") << qint64(3 * 86400 + 4 * 3600) << QStringLiteral("3 d 04 h");
}

void TestDisplayFormat::uptime() {
    QFETCH(qint64, seconds);
    QFETCH(QString, expected);
    QCOMPARE(formatUptime(seconds), expected);
}

QTEST_GUILESS_MAIN(TestDisplayFormat)
#include "tst_displayformat.moc"
