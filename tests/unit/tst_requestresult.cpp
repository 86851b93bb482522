// The glossary (README, "What the counts mean") as a table: what every way a request can end
// counts as. Every counter, the log filter and the access log ask resultOf(), so this is the one
// place that decides.
#include "model/requestresult.h"

#include <QTest>

Q_DECLARE_METATYPE(AttemptRecord)
Q_DECLARE_METATYPE(RequestResult)

namespace {

RequestRecord ended(Outcome outcome, int status) {
    RequestRecord record;
    record.outcome = outcome;
    record.status = status;
    return record;
}

AttemptRecord attempt(int status, const QByteArray &error = {}, bool instanceFault = false) {
    AttemptRecord attempt;
    attempt.status = status;
    attempt.error = error;
    attempt.instanceFault = instanceFault;
    return attempt;
}

} // namespace

class TestRequestResult : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void eachEndCountsAsOneResult_data();
    void eachEndCountsAsOneResult();
    void namesAreTheAccessLogsWords();
    void attemptErrors_data();
    void attemptErrors();
};

void TestRequestResult::eachEndCountsAsOneResult_data() {
    QTest::addColumn<RequestRecord>("record");
    QTest::addColumn<RequestResult>("result");
    QTest::addColumn<bool>("cut"); // a status line went out, the response did not finish

    const auto row = [](const char *name, Outcome outcome, int status, RequestResult result,
                        bool cut = false) {
        QTest::newRow(name) << ended(outcome, status) << result << cut;
    };
    // A complete response from an instance counts by its status.
    row("200 from the instance", Outcome::Ok, 200, RequestResult::Succeeded);
    row("304 from the instance", Outcome::Ok, 304, RequestResult::Succeeded);
    row("404 from the instance", Outcome::Ok, 404, RequestResult::ClientError);
    row("500 from the instance", Outcome::Ok, 500, RequestResult::Failed);
    row("503 from the instance", Outcome::Ok, 503, RequestResult::Failed);
    // Upgrades are not errors, however the tunnel ends.
    row("WebSocket upgrade", Outcome::Upgraded, 101, RequestResult::Upgraded);
    // The gateway refused the request for what it was: the client's doing.
    row("404 no route", Outcome::NoRoute, 404, RequestResult::ClientError);
    row("400 malformed", Outcome::BadRequest, 400, RequestResult::ClientError);
    row("501 unknown transfer coding", Outcome::BadRequest, 501, RequestResult::ClientError);
    row("505 HTTP version", Outcome::BadRequest, 505, RequestResult::ClientError);
    row("408 head too slow", Outcome::HeaderTimeout, 408, RequestResult::ClientError);
    row("408 body stalled", Outcome::BodyTimeout, 408, RequestResult::ClientError);
    row("413 body too large", Outcome::BodyTooLarge, 413, RequestResult::ClientError);
    row("431 headers too large", Outcome::HeadersTooLarge, 431, RequestResult::ClientError);
    // The client left or stopped reading.
    row("client left before the response", Outcome::ClientClosed, 0, RequestResult::ClientError);
    row("client left during the body", Outcome::ClientClosed, 200, RequestResult::ClientError,
        true);
    row("client stopped reading", Outcome::SendTimeout, 200, RequestResult::ClientError, true);
    // No instance answered completely: failed, whoever's config or instance it was.
    row("503 no instance", Outcome::NoBackend, 503, RequestResult::Failed);
    row("502 connect failed", Outcome::UpstreamError, 502, RequestResult::Failed);
    row("504 no response in time", Outcome::UpstreamTimeout, 504, RequestResult::Failed);
    row("508 loop through the gateway", Outcome::LoopDetected, 508, RequestResult::Failed);
    row("503 out of descriptors", Outcome::OutOfResources, 503, RequestResult::Failed);
    row("aborted after 200", Outcome::Aborted, 200, RequestResult::Failed, true);
    row("aborted before any status", Outcome::Aborted, 0, RequestResult::Failed);
    row("gateway stopped under it", Outcome::Shutdown, 200, RequestResult::Failed, true);
    row("gateway stopped during the head", Outcome::Shutdown, 0, RequestResult::Failed);
}

void TestRequestResult::eachEndCountsAsOneResult() {
    QFETCH(RequestRecord, record);
    QFETCH(RequestResult, result);
    QFETCH(bool, cut);
    QCOMPARE(resultOf(record), result);
    QCOMPARE(isResponseCut(record), cut);
}

void TestRequestResult::namesAreTheAccessLogsWords() {
    QCOMPARE(resultName(RequestResult::Succeeded), QByteArray("succeeded"));
    QCOMPARE(resultName(RequestResult::Upgraded), QByteArray("upgraded"));
    QCOMPARE(resultName(RequestResult::ClientError), QByteArray("client_error"));
    QCOMPARE(resultName(RequestResult::Failed), QByteArray("failed"));
}

void TestRequestResult::attemptErrors_data() {
    QTest::addColumn<AttemptRecord>("attempt");
    QTest::addColumn<bool>("error");

    QTest::newRow("200") << attempt(200) << false;
    QTest::newRow("404: the client's") << attempt(404) << false;
    QTest::newRow("502 from the instance") << attempt(502) << true;
    QTest::newRow("connect refused, retried elsewhere")
        << attempt(0, "connect refused", true) << true;
    QTest::newRow("reset after 200") << attempt(200, "reset", true) << true;
    // The keep-alive race and the gateway's own shortage are nobody's fault at the instance.
    QTest::newRow("stale keep-alive connection") << attempt(0, "closed", false) << false;
    QTest::newRow("no descriptor for a socket") << attempt(0, "no descriptor", false) << false;
}

void TestRequestResult::attemptErrors() {
    QFETCH(AttemptRecord, attempt);
    QFETCH(bool, error);
    QCOMPARE(isAttemptError(attempt), error);
}

QTEST_GUILESS_MAIN(TestRequestResult)
#include "tst_requestresult.moc"
