#include "model/requestrecord.h"

#include <QTest>

namespace {

PickExplanation roundRobinPick(int chosen, int previous) {
    PickExplanation pick;
    pick.strategy = StrategyKind::RoundRobin;
    pick.chosenIndex = chosen;
    pick.previousIndex = previous;
    PickCandidate candidate;
    candidate.index = chosen;
    candidate.verdict = CandidateVerdict::Chosen;
    candidate.eligible = true;
    pick.candidates.append(candidate);
    return pick;
}

} // namespace

class TestRequestRecord : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void formatReason_data();
    void formatReason();
    void addFailureJoins();
    void upstreamTargetNotSentIsEmpty();
    void upstreamTargetStrippedFromTheTargetIsAView();
    void upstreamTargetRewrittenHasItsOwnBytes();
    void upstreamTargetThatEndsTheTargetIsAView();
    void upstreamTargetViewFollowsCopies();
    void attemptsOfOneTryStayInline();
};

void TestRequestRecord::formatReason_data() {
    QTest::addColumn<RequestRecord>("record");
    QTest::addColumn<QByteArray>("expected");

    RequestRecord empty;
    QTest::newRow("nothing to say") << empty << QByteArray();

    RequestRecord local;
    local.failure = "no route for /x";
    QTest::newRow("failure only") << local << QByteArray("no route for /x");

    RequestRecord picked;
    picked.picks.append(roundRobinPick(1, 0));
    QTest::newRow("one pick") << picked << QByteArray("round_robin: #2 (next after #1)");

    RequestRecord retried = picked;
    retried.picks.append(roundRobinPick(2, 1));
    retried.failure = "connect refused";
    QTest::newRow("retry and failure")
        << retried
        << QByteArray("round_robin: #2 (next after #1); retry → round_robin: #3 (next after #2); "
                      "connect refused");
}

void TestRequestRecord::formatReason() {
    QFETCH(RequestRecord, record);
    QFETCH(QByteArray, expected);
    QCOMPARE(::formatReason(record), expected);

    // The access log's form appends the same text after what the line holds.
    QByteArray line = "reason=";
    appendReason(line, record);
    QCOMPARE(line, "reason=" + expected);
}

void TestRequestRecord::addFailureJoins() {
    RequestRecord record;
    record.addFailure("response timeout");
    record.addFailure("reset");
    QCOMPARE(record.failure, QByteArray("response timeout; reset"));
}

void TestRequestRecord::upstreamTargetNotSentIsEmpty() {
    RequestRecord record;
    record.target = "/svc/x";
    QVERIFY(record.upstreamTarget().isEmpty());
    QCOMPARE(record.upstreamTargetHeapBytes(), 0);
}

// The usual request: the route's prefix stripped from the client's target, kept as an offset.
void TestRequestRecord::upstreamTargetStrippedFromTheTargetIsAView() {
    RequestRecord record;
    record.target = "/svc/x?q=1";
    record.setUpstreamTargetFrom(4);
    QCOMPARE(record.upstreamTarget(), QByteArrayView("/x?q=1"));
    QCOMPARE(record.upstreamTarget().data(), record.target.constData() + 4);
    QCOMPARE(record.upstreamTargetHeapBytes(), 0);
}

// A normalized path, or the prefix alone ("/svc" → "/"): not a part of the target.
void TestRequestRecord::upstreamTargetRewrittenHasItsOwnBytes() {
    RequestRecord record;
    record.target = "/svc";
    const QByteArray rebuilt("/");
    record.setUpstreamTarget(rebuilt);
    QCOMPARE(record.upstreamTarget(), QByteArrayView("/"));
    QCOMPARE(record.upstreamTarget().data(), rebuilt.constData()); // shared, not copied
    QVERIFY(record.upstreamTargetHeapBytes() > 0);
    // Setting it again replaces it, whichever way it was kept.
    record.setUpstreamTargetFrom(0);
    QCOMPARE(record.upstreamTarget(), QByteArrayView("/svc"));
    QCOMPARE(record.upstreamTargetHeapBytes(), 0);
    record.setUpstreamTarget("/elsewhere");
    QCOMPARE(record.upstreamTarget(), QByteArrayView("/elsewhere"));
}

// A HAR file's sent target, or a test's, that happens to end the target costs no copy either.
void TestRequestRecord::upstreamTargetThatEndsTheTargetIsAView() {
    RequestRecord record;
    record.target = "/svc/items?page=2";
    record.setUpstreamTarget("/items?page=2");
    QCOMPARE(record.upstreamTarget(), QByteArrayView("/items?page=2"));
    QCOMPARE(record.upstreamTargetHeapBytes(), 0);
}

void TestRequestRecord::upstreamTargetViewFollowsCopies() {
    RequestRecord record;
    record.target = "/svc/x";
    record.setUpstreamTargetFrom(4);
    const RequestRecord copy = record;
    record = RequestRecord();
    QCOMPARE(copy.upstreamTarget(), QByteArrayView("/x"));
    QCOMPARE(copy.upstreamTarget().data(), copy.target.constData() + 4);
}

void TestRequestRecord::attemptsOfOneTryStayInline() {
    RequestRecord record;
    const AttemptRecord *inlineRoom = record.attempts.constData();
    record.attempts.append({7, 0, QStringLiteral("alpha"), 200, {}});
    QCOMPARE(record.attempts.constData(), inlineRoom);
    record.attempts.append({8, 1, QStringLiteral("beta"), 200, {}});
    QCOMPARE(record.attempts.size(), 2);
    QCOMPARE(record.attempts.last().backendName, QStringLiteral("beta"));
}

QTEST_GUILESS_MAIN(TestRequestRecord)
#include "tst_requestrecord.moc"
