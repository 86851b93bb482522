#include "details/attemptsformat.h"

#include <QTest>

class TestAttemptsFormat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void formatsEveryAttempt_data();
    void formatsEveryAttempt();
};

namespace {
AttemptRecord attempt(int backendIndex, int status, const QByteArray &error = {}) {
    AttemptRecord record;
    record.backendId = quint64(backendIndex + 100);
    record.backendIndex = backendIndex;
    record.backendName = QStringLiteral("i%1").arg(backendIndex);
    record.status = status;
    record.error = error;
    return record;
}
} // namespace

void TestAttemptsFormat::formatsEveryAttempt_data() {
    QTest::addColumn<QList<AttemptRecord>>("attempts");
    QTest::addColumn<QString>("expected");

    QTest::newRow("no attempt") << QList<AttemptRecord>{} << QString();
    QTest::newRow("one successful attempt stays quiet")
        << QList<AttemptRecord>{attempt(0, 200)} << QString();
    QTest::newRow("one 5xx attempt stays quiet: the status column shows it")
        << QList<AttemptRecord>{attempt(2, 503)} << QString();
    QTest::newRow("one failed attempt") << QList<AttemptRecord>{attempt(1, 0, "connect refused")}
                                        << QStringLiteral("attempt 1 → #2 connect refused");
    QTest::newRow("retried, 1-based instance numbers")
        << QList<AttemptRecord>{attempt(1, 0, "connect refused"), attempt(2, 200)}
        << QStringLiteral("attempt 1 → #2 connect refused; attempt 2 → #3 200");
    QTest::newRow("three tries, the error wins over a status")
        << QList<AttemptRecord>{attempt(0, 0, "connect timeout"), attempt(1, 502, "reset"),
                                attempt(0, 404)}
        << QStringLiteral(
               "attempt 1 → #1 connect timeout; attempt 2 → #2 reset; attempt 3 → #1 404");
    QTest::newRow("neither status nor error")
        << QList<AttemptRecord>{attempt(0, 0, "connect refused"), attempt(1, 0)}
        << QStringLiteral("attempt 1 → #1 connect refused; attempt 2 → #2 no response");
}

void TestAttemptsFormat::formatsEveryAttempt() {
    QFETCH(QList<AttemptRecord>, attempts);
    QFETCH(QString, expected);
    QCOMPARE(formatAttempts(attempts), expected);
}

QTEST_APPLESS_MAIN(TestAttemptsFormat)
#include "tst_attemptsformat.moc"
