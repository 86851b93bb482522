// EventLoopLatencyLog: what gateway-console writes for bench/run.sh's window rows when
// GATEWAY_CONSOLE_LOOP_LATENCY_FILE is set (docs/BENCHMARKS.md, "The window rows"): one line per
// probe fire, the lateness in microseconds, flushed at once; a stall of the loop shows as one
// sample at least as late as the stall.
#include "eventlooplatencylog.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <algorithm>

namespace {

QList<QByteArray> lines(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> result = file.readAll().split('\n');
    result.removeLast(); // after the last newline: empty, as every line is written whole
    return result;
}

qint64 largestSample(const QString &path) {
    qint64 largest = -1;
    for (const QByteArray &line : lines(path))
        largest = std::max(largest, line.toLongLong());
    return largest;
}

} // namespace

class TestEventLoopLatencyLog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesOneWholeLinePerFireIntoAFreshFile();
    void aStalledLoopShowsAsALateSample();
    void refusesAFileItCannotOpen();
};

void TestEventLoopLatencyLog::writesOneWholeLinePerFireIntoAFreshFile() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("loop.txt"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("left from an earlier run\n");
    old.close();

    EventLoopLatencyLog log;
    QCOMPARE(log.start(path), QString());
    // Read while the log is still open: every line is there without a close.
    QTRY_VERIFY(lines(path).size() >= 3);
    for (const QByteArray &line : lines(path)) {
        bool isNumber = false;
        const qint64 latenessUs = line.toLongLong(&isNumber);
        QVERIFY2(isNumber && latenessUs >= 0, line.constData());
    }
}

void TestEventLoopLatencyLog::aStalledLoopShowsAsALateSample() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("loop.txt"));
    EventLoopLatencyLog log;
    QCOMPARE(log.start(path), QString());
    QTRY_VERIFY(!lines(path).isEmpty()); // the probe has fired, so its next fire is armed
    // The stall under test, not a wait: the armed fire (due in at most 5 ms) runs only after it,
    // at least 95 ms late whatever the machine's load.
    QThread::msleep(100);
    QTRY_VERIFY(largestSample(path) >= 95'000);
}

void TestEventLoopLatencyLog::refusesAFileItCannotOpen() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing/loop.txt"));
    EventLoopLatencyLog log;
    const QString error = log.start(path);
    QVERIFY2(error.startsWith(path + QLatin1String(": ")), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

QTEST_GUILESS_MAIN(TestEventLoopLatencyLog)
#include "tst_eventlooplatencylog.moc"
