#include "traffic/trafficplan.h"
#include "traffic/trafficsummary.h"

#include <QTest>

using namespace std::chrono_literals;

class TestTrafficPlan : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void validationError_data();
    void validationError();
    void expectedRequests_data();
    void expectedRequests();
    void completedAddsEveryOutcomeAndFailedExcludesClientErrors();
};

namespace {

TrafficPlan validPlan() {
    TrafficPlan plan;
    plan.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:8080"));
    plan.path = "/service-a/x?q=1";
    return plan;
}

} // namespace

void TestTrafficPlan::validationError_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("concurrency");
    QTest::addColumn<QString>("errorPart"); // empty: valid

    const QString url = QStringLiteral("http://127.0.0.1:8080");
    QTest::newRow("valid") << url << QByteArray("/service-a/x?q=1") << 4 << QString();
    QTest::newRow("root") << url << QByteArray("/") << 1 << QString();
    QTest::newRow("https") << QStringLiteral("https://127.0.0.1:8080") << QByteArray("/") << 1
                           << QStringLiteral("http://host:port");
    QTest::newRow("no port") << QStringLiteral("http://127.0.0.1") << QByteArray("/") << 1
                             << QStringLiteral("http://host:port");
    QTest::newRow("empty path") << url << QByteArray() << 1 << QStringLiteral("start with /");
    QTest::newRow("absolute form")
        << url << QByteArray("http://x/") << 1 << QStringLiteral("start with /");
    QTest::newRow("space") << url << QByteArray("/a b") << 1 << QStringLiteral("printable");
    QTest::newRow("CRLF") << url << QByteArray("/a\r\nX: y") << 1 << QStringLiteral("printable");
    QTest::newRow("8-bit") << url << QByteArray("/caf\xc3\xa9") << 1 << QStringLiteral("printable");
    QTest::newRow("fragment") << url << QByteArray("/a#b") << 1 << QStringLiteral("printable");
    QTest::newRow("no connection") << url << QByteArray("/") << 0 << QStringLiteral("concurrency");
    QTest::newRow("too many connections")
        << url << QByteArray("/") << TrafficPlan::maxConcurrency + 1
        << QStringLiteral("concurrency");
}

void TestTrafficPlan::validationError() {
    QFETCH(QString, url);
    QFETCH(QByteArray, path);
    QFETCH(int, concurrency);
    QFETCH(QString, errorPart);

    TrafficPlan plan = validPlan();
    plan.baseUrl = QUrl(url);
    plan.path = path;
    plan.concurrency = concurrency;
    const QString error = plan.validationError();
    if (errorPart.isEmpty())
        QVERIFY2(error.isEmpty(), qPrintable(error));
    else
        QVERIFY2(error.contains(errorPart), qPrintable(error));
}

void TestTrafficPlan::expectedRequests_data() {
    QTest::addColumn<TrafficPlan::Mode>("mode");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<int>("rate");
    QTest::addColumn<qint64>("durationMs");
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<bool>("valid");

    QTest::newRow("count") << TrafficPlan::Mode::Count << qint64(200) << 10 << qint64(0)
                           << qint64(200) << true;
    QTest::newRow("count zero") << TrafficPlan::Mode::Count << qint64(0) << 10 << qint64(0)
                                << qint64(0) << false;
    QTest::newRow("rate for 2 s") << TrafficPlan::Mode::Rate << qint64(0) << 50 << qint64(2000)
                                  << qint64(100) << true;
    // Slots at 0, 1/3 and 2/3 s fall within one second.
    QTest::newRow("rate partial slot")
        << TrafficPlan::Mode::Rate << qint64(0) << 3 << qint64(1000) << qint64(3) << true;
    QTest::newRow("rate 3/s for 0.5 s")
        << TrafficPlan::Mode::Rate << qint64(0) << 3 << qint64(500) << qint64(2) << true;
    QTest::newRow("rate until stopped")
        << TrafficPlan::Mode::Rate << qint64(0) << 50 << qint64(0) << qint64(-1) << true;
    QTest::newRow("rate zero") << TrafficPlan::Mode::Rate << qint64(0) << 0 << qint64(1000)
                               << qint64(0) << false;
}

void TestTrafficPlan::expectedRequests() {
    QFETCH(TrafficPlan::Mode, mode);
    QFETCH(qint64, total);
    QFETCH(int, rate);
    QFETCH(qint64, durationMs);
    QFETCH(qint64, expected);
    QFETCH(bool, valid);

    TrafficPlan plan = validPlan();
    plan.mode = mode;
    plan.totalRequests = total;
    plan.requestsPerSecond = rate;
    plan.duration = std::chrono::milliseconds(durationMs);
    QCOMPARE(plan.validationError().isEmpty(), valid);
    if (valid)
        QCOMPARE(plan.expectedRequests(), expected);
}

void TestTrafficPlan::completedAddsEveryOutcomeAndFailedExcludesClientErrors() {
    TrafficSummary summary;
    summary.sent = 20;
    summary.ok = 7;
    summary.errorsByStatus = {{404, 2}, {500, 3}, {503, 2}};
    summary.transportErrors = {{TrafficTransportError::ConnectRefused, 4},
                               {TrafficTransportError::Timeout, 1}};
    QCOMPARE(summary.statusErrorCount(), 7);
    QCOMPARE(summary.transportErrorCount(), 5);
    QCOMPARE(summary.completed(), 19);
    // Failed: the 5xx and every request without a response; client errors: the 4xx.
    QCOMPARE(summary.failedCount(), 10);
    QCOMPARE(summary.clientErrorCount(), 2);
    QCOMPARE(trafficTransportErrorName(TrafficTransportError::ConnectRefused),
             QStringLiteral("connect refused"));
}

QTEST_GUILESS_MAIN(TestTrafficPlan)
#include "tst_trafficplan.moc"
