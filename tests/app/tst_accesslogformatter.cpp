// The access log's lines: the status sent, and beside it what the request counts as (README,
// "What the counts mean"), so that a response cut off after its 200 never reads as a success.
#include "accesslog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

// 200 sent, 1000 of the body bytes relayed, then the instance reset the connection.
RequestRecord abortedAfter200() {
    RequestRecord record;
    record.id = 7;
    record.startedAtMs = 1764061200123; // 2025-11-25T09:00:00.123Z
    record.clientAddress = "127.0.0.1";
    record.method = "GET";
    record.target = "/svc/big";
    record.routeId = QStringLiteral("svc");
    record.backendIndex = 0;
    record.backendName = QStringLiteral("a1");
    record.status = 200;
    record.bytesOut = 1000;
    record.totalUs = 1240;
    record.outcome = Outcome::Aborted;
    record.failure = "reset";
    AttemptRecord attempt;
    attempt.backendIndex = 0;
    attempt.backendName = QStringLiteral("a1");
    attempt.status = 200;
    attempt.error = "reset";
    attempt.instanceFault = true;
    record.attempts.append(attempt);
    return record;
}

// The gateway's own 404: its 42-byte body is what it sent.
RequestRecord noRoute() {
    RequestRecord record;
    record.startedAtMs = 1764061200123;
    record.clientAddress = "127.0.0.1";
    record.method = "GET";
    record.target = "/favicon.ico";
    record.status = 404;
    record.bytesOut = 42;
    record.outcome = Outcome::NoRoute;
    return record;
}

QJsonObject jsonOf(const RequestRecord &record) {
    return QJsonDocument::fromJson(formatAccessLogJson(record)).object();
}

} // namespace

class TestAccessLog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void textSaysACutResponseFailed();
    void jsonSaysACutResponseFailed();
    void localResponseCountsItsBody();
};

void TestAccessLog::textSaysACutResponseFailed() {
    QCOMPARE(formatAccessLogText(abortedAfter200()),
             QByteArray("2025-11-25T09:00:00.123Z 127.0.0.1 GET /svc/big -> svc #1 a1 200 1.24ms "
                        "out=1000B aborted result=failed reason=\"reset\""));
}

void TestAccessLog::jsonSaysACutResponseFailed() {
    const QJsonObject json = jsonOf(abortedAfter200());
    QCOMPARE(json.value(QLatin1String("status")), QJsonValue(200));
    QCOMPARE(json.value(QLatin1String("outcome")), QJsonValue(QStringLiteral("aborted")));
    QCOMPARE(json.value(QLatin1String("result")), QJsonValue(QStringLiteral("failed")));
    QCOMPARE(json.value(QLatin1String("response_cut")), QJsonValue(true));
    QCOMPARE(json.value(QLatin1String("bytes_out")), QJsonValue(1000));
}

void TestAccessLog::localResponseCountsItsBody() {
    QVERIFY(formatAccessLogText(noRoute()).contains(" 404 0.00ms out=42B no_route "
                                                    "result=client_error"));
    const QJsonObject json = jsonOf(noRoute());
    QCOMPARE(json.value(QLatin1String("bytes_out")), QJsonValue(42));
    QCOMPARE(json.value(QLatin1String("result")), QJsonValue(QStringLiteral("client_error")));
    QCOMPARE(json.value(QLatin1String("response_cut")), QJsonValue(false));
}

QTEST_GUILESS_MAIN(TestAccessLog)
#include "tst_accesslog.moc"
