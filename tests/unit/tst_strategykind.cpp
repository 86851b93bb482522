#include "model/strategykind.h"

#include <QList>
#include <QTest>

class TestStrategyKind : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void canonicalNamesRoundTrip();
    void onlyRoundRobinIgnoresWeights();
};

void TestStrategyKind::parse_data() {
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<int>("kind"); // -1: rejected

    QTest::newRow("round_robin") << QByteArray("round_robin") << int(StrategyKind::RoundRobin);
    QTest::newRow("weighted_round_robin")
        << QByteArray("weighted_round_robin") << int(StrategyKind::WeightedRoundRobin);
    QTest::newRow("least_connections")
        << QByteArray("least_connections") << int(StrategyKind::LeastConnections);
    QTest::newRow("random") << QByteArray("random") << int(StrategyKind::Random);
    QTest::newRow("power_of_two") << QByteArray("power_of_two") << int(StrategyKind::PowerOfTwo);
    QTest::newRow("ip_hash") << QByteArray("ip_hash") << int(StrategyKind::IpHash);

    // The blog's names.
    QTest::newRow("blog round") << QByteArray("round") << int(StrategyKind::RoundRobin);
    QTest::newRow("blog leastConn")
        << QByteArray("leastConn") << int(StrategyKind::LeastConnections);
    QTest::newRow("blog weight") << QByteArray("weight") << int(StrategyKind::WeightedRoundRobin);

    QTest::newRow("case matters") << QByteArray("Round_Robin") << -1;
    QTest::newRow("alias case matters") << QByteArray("leastconn") << -1;
    QTest::newRow("unknown") << QByteArray("fastest") << -1;
    QTest::newRow("empty") << QByteArray() << -1;
    QTest::newRow("prefix of a name") << QByteArray("round_") << -1;
}

void TestStrategyKind::parse() {
    QFETCH(QByteArray, name);
    QFETCH(int, kind);

    const std::optional<StrategyKind> parsed = parseStrategyName(name);
    if (kind < 0) {
        QVERIFY(!parsed);
        return;
    }
    QVERIFY(parsed);
    QCOMPARE(int(*parsed), kind);
}

void TestStrategyKind::canonicalNamesRoundTrip() {
    const QList<QByteArray> names = allStrategyNames();
    QCOMPARE(names, (QList<QByteArray>{"round_robin", "weighted_round_robin", "least_connections",
                                       "random", "power_of_two", "ip_hash"}));
    for (int i = 0; i < names.size(); ++i) {
        QCOMPARE(strategyName(StrategyKind(i)), names[i]);
        QCOMPARE(parseStrategyName(names[i]), std::optional<StrategyKind>(StrategyKind(i)));
    }
}

void TestStrategyKind::onlyRoundRobinIgnoresWeights() {
    QVERIFY(!strategyUsesWeights(StrategyKind::RoundRobin));
    for (StrategyKind kind : {StrategyKind::WeightedRoundRobin, StrategyKind::LeastConnections,
                              StrategyKind::Random, StrategyKind::PowerOfTwo, StrategyKind::IpHash})
        QVERIFY2(strategyUsesWeights(kind), strategyName(kind).constData());
}

QTEST_GUILESS_MAIN(TestStrategyKind)
#include "tst_strategykind.moc"
