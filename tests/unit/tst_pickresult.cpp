#include "balancing/pickresult.h"

#include <QTest>

class TestPickResult : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void summary_data();
    void summary();
    void skipReasonNames();
};

void TestPickResult::summary_data() {
    QTest::addColumn<bool>("picked");
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("strategy");
    QTest::addColumn<QByteArray>("detail");
    QTest::addColumn<QList<int>>("skipped"); // pairs: index, SkipReason
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("pick, numbers are 1-based")
        << true << 1 << int(StrategyKind::RoundRobin) << QByteArray("next after #1")
        << QList<int>{0, int(SkipReason::Disabled)}
        << QByteArray("round_robin: #2 (next after #1); skipped #1 (disabled)");
    QTest::newRow("pick without detail") << true << 0 << int(StrategyKind::Random) << QByteArray()
                                         << QList<int>{} << QByteArray("random: #1");
    QTest::newRow("several skipped")
        << true << 3 << int(StrategyKind::IpHash) << QByteArray("client hash 0000002a")
        << QList<int>{0, int(SkipReason::Down), 2, int(SkipReason::AlreadyTried)}
        << QByteArray("ip_hash: #4 (client hash 0000002a); skipped #1 (down), #3 (already tried)");
    QTest::newRow("none eligible")
        << false << -1 << int(StrategyKind::LeastConnections) << QByteArray()
        << QList<int>{0, int(SkipReason::Draining), 1, int(SkipReason::Down)}
        << QByteArray("least_connections: none eligible; skipped #1 (draining), #2 (down)");
    QTest::newRow("no instances") << false << -1 << int(StrategyKind::WeightedRoundRobin)
                                  << QByteArray() << QList<int>{}
                                  << QByteArray("weighted_round_robin: no instances");
}

void TestPickResult::summary() {
    QFETCH(bool, picked);
    QFETCH(int, index);
    QFETCH(int, strategy);
    QFETCH(QByteArray, detail);
    QFETCH(QList<int>, skipped);
    QFETCH(QByteArray, expected);

    PickResult result;
    if (picked)
        result.backend = std::make_shared<Backend>(1, QUrl("http://localhost:1"), 1, QString());
    result.index = index;
    result.strategy = StrategyKind(strategy);
    result.detail = detail;
    for (qsizetype i = 0; i < skipped.size(); i += 2)
        result.skipped.append({skipped[i], SkipReason(skipped[i + 1])});
    QCOMPARE(result.summary(), expected);
}

void TestPickResult::skipReasonNames() {
    QCOMPARE(skipReasonName(SkipReason::Disabled), QByteArray("disabled"));
    QCOMPARE(skipReasonName(SkipReason::Draining), QByteArray("draining"));
    QCOMPARE(skipReasonName(SkipReason::Down), QByteArray("down"));
    QCOMPARE(skipReasonName(SkipReason::AlreadyTried), QByteArray("already tried"));
    QCOMPARE(skipReasonName(SkipReason::NotChosen), QByteArray("not chosen"));
}

QTEST_GUILESS_MAIN(TestPickResult)
#include "tst_pickresult.moc"
