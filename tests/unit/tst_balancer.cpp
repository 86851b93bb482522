#include "balancing/balancer.h"

#include <QTest>

#include <numeric>

namespace {

constexpr quint64 testSeed = 20240601;

QList<BackendPtr> makeBackends(const QList<int> &weights) {
    QList<BackendPtr> backends;
    for (qsizetype i = 0; i < weights.size(); ++i) {
        const QUrl url("http://10.0.0." + QString::number(i + 1) + ":8080");
        backends.append(std::make_shared<Backend>(quint64(i + 1), url, weights[i], QString()));
    }
    return backends;
}

QByteArray clientAddress(int n) {
    return "10." + QByteArray::number(n >> 16) + '.' + QByteArray::number((n >> 8) & 0xff) + '.' +
           QByteArray::number(n & 0xff);
}

// Mixed state so that every strategy has something to skip and something to weigh.
std::unique_ptr<Balancer> makeMixedBalancer(StrategyKind kind) {
    auto balancer = createBalancer(kind, makeBackends({5, 1, 1, 2, 3}), testSeed);
    balancer->backends()[1]->setAdminState(AdminState::Disabled);
    balancer->backends()[0]->activeRequests = 2;
    balancer->backends()[3]->activeRequests = 1;
    return balancer;
}

void addStrategyRows() {
    QTest::addColumn<int>("kind");
    for (const QByteArray &name : allStrategyNames())
        QTest::newRow(name.constData()) << int(*parseStrategyName(name));
}

} // namespace

class TestBalancer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void previewEqualsNextPick_data() { addStrategyRows(); }
    void previewEqualsNextPick();
    void previewLeavesSequenceUnchanged_data() { addStrategyRows(); }
    void previewLeavesSequenceUnchanged();

    void expectedShares_data();
    void expectedShares();
    void ipHashSharesMatchClients();
};

void TestBalancer::previewEqualsNextPick() {
    QFETCH(int, kind);
    const auto balancer = makeMixedBalancer(StrategyKind(kind));
    for (int n = 0; n < 50; ++n) {
        PickContext context;
        context.clientAddress = clientAddress(n);
        if (n % 5 == 0)
            context.excludedIndexes = {n % 3};
        const PickResult preview = balancer->preview(context);
        const PickResult pick = balancer->pick(context);
        QCOMPARE(preview.index, pick.index);
        QCOMPARE(preview.backend, pick.backend);
        QVERIFY2(preview.explanation == pick.explanation, pick.explanation.summary().constData());
    }
}

void TestBalancer::previewLeavesSequenceUnchanged() {
    QFETCH(int, kind);
    const auto plain = makeMixedBalancer(StrategyKind(kind));
    const auto previewed = makeMixedBalancer(StrategyKind(kind));
    for (int n = 0; n < 50; ++n) {
        PickContext context;
        context.clientAddress = clientAddress(n);
        // Previews with other contexts too: none of them may move the rotation or the draws.
        PickContext retry = context;
        retry.excludedIndexes = {0, 2};
        previewed->preview(retry);
        previewed->preview(context);
        const PickResult expected = plain->pick(context);
        const PickResult actual = previewed->pick(context);
        QCOMPARE(actual.index, expected.index);
        QVERIFY2(actual.explanation == expected.explanation,
                 actual.explanation.summary().constData());
    }
}

void TestBalancer::expectedShares_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QList<int>>("weights");
    QTest::addColumn<QList<int>>("ineligible"); // 0: disabled, 1: draining, 2: down
    QTest::addColumn<QList<double>>("expected");

    const int wrr = int(StrategyKind::WeightedRoundRobin);
    QTest::newRow("weighted_round_robin 3:1")
        << wrr << QList<int>{3, 1} << QList<int>{} << QList<double>{0.75, 0.25};
    QTest::newRow("weighted_round_robin, down instance gets nothing")
        << wrr << QList<int>{3, 1, 4} << QList<int>{2} << QList<double>{0.75, 0.25, 0.0};
    QTest::newRow("weighted_round_robin, weight 0 counts as 1")
        << wrr << QList<int>{0, 3} << QList<int>{} << QList<double>{0.25, 0.75};
    QTest::newRow("random draws by weight") << int(StrategyKind::Random) << QList<int>{3, 1}
                                            << QList<int>{} << QList<double>{0.75, 0.25};
    QTest::newRow("round_robin ignores weights, disabled gets nothing")
        << int(StrategyKind::RoundRobin) << QList<int>{3, 1, 1, 1} << QList<int>{1}
        << QList<double>{1.0 / 3, 0.0, 1.0 / 3, 1.0 / 3};
    QTest::newRow("least_connections by weight")
        << int(StrategyKind::LeastConnections) << QList<int>{3, 1} << QList<int>{}
        << QList<double>{0.75, 0.25};
    QTest::newRow("least_connections, down instance gets nothing")
        << int(StrategyKind::LeastConnections) << QList<int>{3, 1, 4} << QList<int>{2}
        << QList<double>{0.75, 0.25, 0.0};
    QTest::newRow("power_of_two by weight") << int(StrategyKind::PowerOfTwo) << QList<int>{3, 1}
                                            << QList<int>{} << QList<double>{0.75, 0.25};
    QTest::newRow("power_of_two, draining gets nothing")
        << int(StrategyKind::PowerOfTwo) << QList<int>{2, 3, 1} << QList<int>{0}
        << QList<double>{0.0, 0.75, 0.25};
    QTest::newRow("none eligible")
        << wrr << QList<int>{1, 1} << QList<int>{0, 1} << QList<double>{0.0, 0.0};
    QTest::newRow("ip_hash, single eligible owns the ring")
        << int(StrategyKind::IpHash) << QList<int>{1, 2, 1} << QList<int>{0, 2}
        << QList<double>{0.0, 1.0, 0.0};
    QTest::newRow("no instances") << wrr << QList<int>{} << QList<int>{} << QList<double>{};
}

void TestBalancer::expectedShares() {
    QFETCH(int, kind);
    QFETCH(QList<int>, weights);
    QFETCH(QList<int>, ineligible);
    QFETCH(QList<double>, expected);

    const auto balancer = createBalancer(StrategyKind(kind), makeBackends(weights), testSeed);
    for (const int index : ineligible) {
        Backend &backend = *balancer->backends()[index];
        switch (index % 3) {
        case 0:
            backend.setAdminState(AdminState::Disabled);
            break;
        case 1:
            backend.setAdminState(AdminState::Draining);
            break;
        default:
            backend.setActiveHealth(Health::Down);
            break;
        }
    }
    const QList<double> shares = balancer->expectedShares();
    QCOMPARE(shares.size(), expected.size());
    for (qsizetype i = 0; i < shares.size(); ++i)
        QVERIFY2(qAbs(shares[i] - expected[i]) < 1e-12, QByteArray::number(shares[i]).constData());
}

void TestBalancer::ipHashSharesMatchClients() {
    const auto balancer = createBalancer(StrategyKind::IpHash, makeBackends({1, 2, 1, 3, 1}));
    balancer->backends()[2]->setActiveHealth(Health::Down);
    const QList<double> shares = balancer->expectedShares();
    QCOMPARE(shares.size(), 5);
    QCOMPARE(shares[2], 0.0);
    QVERIFY(qAbs(std::accumulate(shares.cbegin(), shares.cend(), 0.0) - 1.0) < 1e-9);

    constexpr int clients = 100000;
    QList<int> counts(5, 0);
    for (int n = 0; n < clients; ++n) {
        PickContext context;
        context.clientAddress = clientAddress(n);
        ++counts[balancer->pick(context).index];
    }
    // MD5 spreads addresses uniformly over the ring, so each instance's clients follow its arc:
    // a standard deviation is at most 0.16 %, the tolerance about six of them.
    for (int index = 0; index < 5; ++index) {
        const double observed = double(counts[index]) / clients;
        const QByteArray message = QByteArray::number(index) + ": observed " +
                                   QByteArray::number(observed) + ", expected " +
                                   QByteArray::number(shares[index]);
        QVERIFY2(qAbs(observed - shares[index]) < 0.01, message.constData());
    }
}

QTEST_GUILESS_MAIN(TestBalancer)
#include "tst_balancer.moc"
