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

QTEST_GUILESS_MAIN(TestRequestRecord)
#include "tst_requestrecord.moc"
