#include "balancing/balancer.h"

#include <QHash>
#include <QTest>

namespace {

// The instances the reason line names as skipped, in its order.
QList<PickCandidate> skippedOf(const PickResult &result) {
    QList<PickCandidate> skipped;
    for (const PickCandidate &candidate : result.explanation.candidates) {
        if (candidate.verdict == CandidateVerdict::Skipped)
            skipped.append(candidate);
    }
    return skipped;
}

constexpr quint64 testSeed = 20240601;

BackendPtr makeBackend(quint64 id, int weight = 1) {
    return std::make_shared<Backend>(id, QUrl("http://10.0.0." + QString::number(id) + ":8080"),
                                     weight, QString());
}

QList<BackendPtr> makeBackends(const QList<int> &weights) {
    QList<BackendPtr> backends;
    for (qsizetype i = 0; i < weights.size(); ++i)
        backends.append(makeBackend(quint64(i + 1), weights[i]));
    return backends;
}

QList<int> pickIndexes(Balancer &balancer, int picks, const PickContext &context = {}) {
    QList<int> indexes;
    for (int i = 0; i < picks; ++i)
        indexes.append(balancer.pick(context).index);
    return indexes;
}

// How many of picks went to each position.
QList<int> pickCounts(Balancer &balancer, int picks) {
    QList<int> counts(balancer.backends().size(), 0);
    for (int i = 0; i < picks; ++i) {
        const PickResult result = balancer.pick({});
        if (!result.backend)
            return {};
        ++counts[result.index];
    }
    return counts;
}

QByteArray clientAddress(int n) {
    return "192.168." + QByteArray::number(n / 256) + '.' + QByteArray::number(n % 256);
}

constexpr int clientCount = 1000;

// Which instance (by id, which survives position shifts) each of the test clients lands on.
QList<quint64> ipHashAssignment(Balancer &balancer) {
    QList<quint64> ids;
    for (int n = 0; n < clientCount; ++n) {
        PickContext context;
        context.clientAddress = clientAddress(n);
        const PickResult result = balancer.pick(context);
        ids.append(result.backend ? result.backend->id : 0);
    }
    return ids;
}

void addStrategyRows() {
    QTest::addColumn<int>("kind");
    for (const QByteArray &name : allStrategyNames())
        QTest::newRow(name.constData()) << int(*parseStrategyName(name));
}

} // namespace

class TestStrategies : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Every strategy.
    void factoryCreatesEachKind_data() { addStrategyRows(); }
    void factoryCreatesEachKind();
    void excludedIndexesHonoured_data() { addStrategyRows(); }
    void excludedIndexesHonoured();
    void noneEligibleReturnsNull_data() { addStrategyRows(); }
    void noneEligibleReturnsNull();
    void panicTriesInstancesDownByHealth_data() { addStrategyRows(); }
    void panicTriesInstancesDownByHealth();
    void noPanicWithoutAnEnabledInstance_data() { addStrategyRows(); }
    void noPanicWithoutAnEnabledInstance();
    void probationAdmitsOneRequest_data() { addStrategyRows(); }
    void probationAdmitsOneRequest();
    void onlyEligibleInstancesArePicked_data() { addStrategyRows(); }
    void onlyEligibleInstancesArePicked();

    void weightedRoundRobinSmoothSequence();
    void weightedRoundRobinDetail();
    void weightedRoundRobinSkipsIneligible();
    void weightedRoundRobinContinuesAfterAnAdd();

    void leastConnectionsPicksLowestLoad_data();
    void leastConnectionsPicksLowestLoad();
    void leastConnectionsBreaksTiesRoundRobin();
    void leastConnectionsFollowsActiveCounts();

    void ipHashIsStableAndIndependentOfOrder();
    void ipHashSpreadsClients();
    void ipHashDisablingRemapsOnlyThatInstance();
    void ipHashRemovingRemapsOnlyThatInstance();
    void ipHashAddingTakesOnlyANewShare();
    void ipHashFollowsWeights();
    void ipHashHashesEachAddressOfAReusedContext();

    void randomDistributionFollowsWeights();
    void randomIsRepeatableWithSeed();

    void powerOfTwoEvenDistribution();
    void powerOfTwoAvoidsLoadedInstance();
    void powerOfTwoComparesLoadPerWeight();
};

void TestStrategies::factoryCreatesEachKind() {
    QFETCH(int, kind);
    const auto balancer = createBalancer(StrategyKind(kind), makeBackends({1, 1}), testSeed);
    QCOMPARE(int(balancer->kind()), kind);
    QCOMPARE(balancer->backends().size(), 2);
    const PickResult result = balancer->pick({});
    QCOMPARE(int(result.explanation.strategy), kind);
    QVERIFY(result.explanation.summary().startsWith(
        QByteArray(strategyName(StrategyKind(kind)) + ": #")));
}

void TestStrategies::excludedIndexesHonoured() {
    QFETCH(int, kind);
    const auto balancer = createBalancer(StrategyKind(kind), makeBackends({1, 1, 1, 1}), testSeed);
    PickContext context;
    context.excludedIndexes = {0, 2, 3};
    for (int n = 0; n < 200; ++n) {
        context.clientAddress = clientAddress(n);
        const PickResult result = balancer->pick(context);
        QCOMPARE(result.index, 1);
        // Only the instances the strategy passed over are listed, each for the right reason.
        for (const PickCandidate &candidate : skippedOf(result)) {
            QVERIFY2(context.excludedIndexes.contains(candidate.index),
                     result.explanation.summary().constData());
            QCOMPARE(candidate.reason, SkipReason::AlreadyTried);
        }
    }

    context.excludedIndexes = {0, 1, 2, 3};
    const PickResult none = balancer->pick(context);
    QVERIFY(!none.backend);
    QCOMPARE(skippedOf(none).size(), 4);
    for (const PickCandidate &candidate : skippedOf(none))
        QCOMPARE(candidate.reason, SkipReason::AlreadyTried);
}

void TestStrategies::noneEligibleReturnsNull() {
    QFETCH(int, kind);
    const auto balancer = createBalancer(StrategyKind(kind), makeBackends({1, 2, 3, 1}), testSeed);
    balancer->backends()[0]->setAdminState(AdminState::Disabled);
    balancer->backends()[1]->setAdminState(AdminState::Draining);
    balancer->backends()[2]->setActiveHealth(Health::Down);
    PickContext retry; // #4 is healthy (no panic), but this request already tried it
    retry.clientAddress = "10.0.0.1";
    retry.excludedIndexes = {3};

    const PickResult result = balancer->pick(retry);
    QVERIFY(!result.backend);
    QCOMPARE(result.index, -1);
    QCOMPARE(skippedOf(result).size(), 4);
    QVERIFY2(result.explanation.summary().contains(": none eligible; skipped #1 (disabled)"),
             result.explanation.summary().constData());
    QVERIFY(!result.explanation.isPanic());

    const auto empty = createBalancer(StrategyKind(kind), {}, testSeed);
    QVERIFY(!empty->pick({}).backend);
}

void TestStrategies::panicTriesInstancesDownByHealth() {
    QFETCH(int, kind);
    const auto balancer = createBalancer(StrategyKind(kind), makeBackends({1, 1, 1, 1}), testSeed);
    balancer->backends()[0]->setAdminState(AdminState::Disabled);
    balancer->backends()[1]->setActiveHealth(Health::Down);
    balancer->backends()[2]->setPassiveState(PassiveState::Ejected);
    balancer->backends()[3]->setAdminState(AdminState::Draining);
    QVERIFY(balancer->inPanic());

    QSet<int> picked;
    for (int n = 0; n < 200; ++n) {
        PickContext context;
        context.clientAddress = clientAddress(n);
        const PickResult result = balancer->pick(context);
        QVERIFY(result.backend);
        QVERIFY(result.explanation.isPanic());
        QVERIFY2(result.explanation.summary().startsWith(
                     "panic: every instance is down by health, trying anyway; "),
                 result.explanation.summary().constData());
        picked.insert(result.index);
    }
    // Admin state still counts in panic: the disabled and the draining one get nothing.
    if (StrategyKind(kind) == StrategyKind::IpHash)
        QVERIFY(picked == (QSet<int>{1}) || picked == (QSet<int>{2}) ||
                picked == (QSet<int>{1, 2}));
    else
        QCOMPARE(picked, (QSet<int>{1, 2}));
    const QList<double> shares = balancer->expectedShares();
    QCOMPARE(shares[0], 0.0);
    QCOMPARE(shares[3], 0.0);
    QVERIFY(qFuzzyCompare(shares[1] + shares[2], 1.0));

    // One instance healthy again: panic is over, only it is picked.
    balancer->backends()[2]->setPassiveState(PassiveState::Clear);
    QVERIFY(!balancer->inPanic());
    for (int n = 0; n < 20; ++n) {
        PickContext context;
        context.clientAddress = clientAddress(n);
        const PickResult result = balancer->pick(context);
        QCOMPARE(result.index, 2);
        QVERIFY(!result.explanation.isPanic());
    }
}

void TestStrategies::noPanicWithoutAnEnabledInstance() {
    QFETCH(int, kind);
    const auto balancer = createBalancer(StrategyKind(kind), makeBackends({1, 1}), testSeed);
    balancer->backends()[0]->setAdminState(AdminState::Disabled);
    balancer->backends()[1]->setAdminState(AdminState::Disabled);
    balancer->backends()[1]->setActiveHealth(Health::Down);
    QVERIFY(!balancer->inPanic());
    QVERIFY(!balancer->pick({}).backend); // → 503
}

void TestStrategies::probationAdmitsOneRequest() {
    QFETCH(int, kind);
    const auto balancer = createBalancer(StrategyKind(kind), makeBackends({1, 1}), testSeed);
    balancer->backends()[0]->setPassiveState(PassiveState::Probation);
    balancer->backends()[0]->activeRequests = 1; // its one test request
    for (int n = 0; n < 50; ++n) {
        PickContext context;
        context.clientAddress = clientAddress(n);
        const PickResult result = balancer->pick(context);
        QCOMPARE(result.index, 1);
        if (const PickCandidate *probation = result.explanation.findCandidate(0);
            probation && probation->verdict == CandidateVerdict::Skipped) {
            QCOMPARE(probation->reason, SkipReason::ProbationBusy);
            QVERIFY2(result.explanation.summary().contains(
                         "#1 (on probation, one request already testing it)"),
                     result.explanation.summary().constData());
        }
    }
    balancer->backends()[0]->activeRequests = 0;
    QSet<int> picked;
    for (int n = 0; n < 200; ++n) {
        PickContext context;
        context.clientAddress = clientAddress(n);
        picked.insert(balancer->pick(context).index);
    }
    QVERIFY(picked.contains(0) || StrategyKind(kind) == StrategyKind::IpHash);
}

void TestStrategies::onlyEligibleInstancesArePicked() {
    QFETCH(int, kind);
    const auto balancer =
        createBalancer(StrategyKind(kind), makeBackends({1, 1, 1, 1, 1}), testSeed);
    balancer->backends()[0]->setAdminState(AdminState::Disabled);
    balancer->backends()[2]->setActiveHealth(Health::Down);
    balancer->backends()[4]->setAdminState(AdminState::Draining);

    QSet<int> picked;
    for (int n = 0; n < 500; ++n) {
        PickContext context;
        context.clientAddress = clientAddress(n);
        picked.insert(balancer->pick(context).index);
    }
    QCOMPARE(picked, (QSet<int>{1, 3}));
}

void TestStrategies::weightedRoundRobinSmoothSequence() {
    const auto balancer = createBalancer(StrategyKind::WeightedRoundRobin, makeBackends({5, 1, 1}));
    // nginx's smooth weighted round robin: a a b a c a a, and again.
    const QList<int> cycle{0, 0, 1, 0, 2, 0, 0};
    QCOMPARE(pickIndexes(*balancer, 14), cycle + cycle);
}

void TestStrategies::weightedRoundRobinDetail() {
    const auto balancer = createBalancer(StrategyKind::WeightedRoundRobin, makeBackends({5, 1, 1}));
    QCOMPARE(balancer->pick({}).explanation.summary(),
             QByteArray("weighted_round_robin: #1 (current 0,0,0 → -2,1,1)"));
    QCOMPARE(balancer->pick({}).explanation.summary(),
             QByteArray("weighted_round_robin: #1 (current -2,1,1 → -4,2,2)"));
    QCOMPARE(balancer->pick({}).explanation.summary(),
             QByteArray("weighted_round_robin: #2 (current -4,2,2 → 1,-4,3)"));
}

void TestStrategies::weightedRoundRobinSkipsIneligible() {
    const auto balancer = createBalancer(StrategyKind::WeightedRoundRobin, makeBackends({5, 1, 1}));
    balancer->backends()[1]->setAdminState(AdminState::Disabled);
    // Only a (5) and c (1) take part, so the total is 6: a a a c a a.
    const QList<int> cycle{0, 0, 0, 2, 0, 0};
    QCOMPARE(pickIndexes(*balancer, 12), cycle + cycle);
    const PickResult result = balancer->pick({});
    QCOMPARE(skippedOf(result).size(), 1);
    QCOMPARE(skippedOf(result)[0].index, 1);
    QCOMPARE(skippedOf(result)[0].reason, SkipReason::Disabled);
}

void TestStrategies::weightedRoundRobinContinuesAfterAnAdd() {
    const QList<BackendPtr> backends = makeBackends({5, 1, 1});
    const auto before = createBalancer(StrategyKind::WeightedRoundRobin, backends);
    QCOMPARE(pickIndexes(*before, 2), (QList<int>{0, 0}));
    const auto after =
        createBalancer(StrategyKind::WeightedRoundRobin, backends + QList{makeBackend(4, 1)});
    after->continueFrom(*before);
    // Current weights were -4,2,2 and the new one starts at 0; the total is now 8.
    QCOMPARE(after->pick({}).explanation.summary(),
             QByteArray("weighted_round_robin: #2 (current -4,2,2,0 → 1,-5,3,1)"));
}

void TestStrategies::leastConnectionsPicksLowestLoad_data() {
    QTest::addColumn<QList<int>>("weights");
    QTest::addColumn<QList<int>>("active");
    QTest::addColumn<int>("expected");

    QTest::newRow("fewest active") << QList<int>{1, 1, 1} << QList<int>{3, 1, 2} << 1;
    QTest::newRow("idle one") << QList<int>{1, 1, 1} << QList<int>{3, 2, 0} << 2;
    // Loads 2/1, 4/3 and 1/1: the last is lowest although #2 has the most weight.
    QTest::newRow("relative to weight") << QList<int>{1, 3, 1} << QList<int>{2, 4, 1} << 2;
    // Loads 3/1 and 5/2: the heavier instance carries more and still wins.
    QTest::newRow("heavier carries more") << QList<int>{1, 2} << QList<int>{3, 5} << 1;
    QTest::newRow("weight zero counts as one") << QList<int>{0, 1} << QList<int>{1, 2} << 0;
}

void TestStrategies::leastConnectionsPicksLowestLoad() {
    QFETCH(QList<int>, weights);
    QFETCH(QList<int>, active);
    QFETCH(int, expected);

    const auto balancer = createBalancer(StrategyKind::LeastConnections, makeBackends(weights));
    for (qsizetype i = 0; i < active.size(); ++i)
        balancer->backends()[i]->activeRequests = active[i];
    const PickResult result = balancer->pick({});
    QCOMPARE(result.index, expected);
    QCOMPARE(result.explanation.summary(),
             "least_connections: #" + QByteArray::number(expected + 1) + " (active " +
                 QByteArray::number(active[expected]) + ", weight " +
                 QByteArray::number(std::max(weights[expected], 1)) + ')');
}

void TestStrategies::leastConnectionsBreaksTiesRoundRobin() {
    const auto balancer =
        createBalancer(StrategyKind::LeastConnections, makeBackends({1, 1, 1, 1}));
    QCOMPARE(pickIndexes(*balancer, 6), (QList<int>{0, 1, 2, 3, 0, 1}));

    balancer->backends()[0]->activeRequests = 1;
    balancer->backends()[2]->activeRequests = 1;
    QCOMPARE(pickIndexes(*balancer, 4), (QList<int>{3, 1, 3, 1}));
    QCOMPARE(
        balancer->pick({}).explanation.summary(),
        QByteArray("least_connections: #4 (active 0, weight 1, 2-way tie broken round robin)"));
}

void TestStrategies::leastConnectionsFollowsActiveCounts() {
    // The proxy increments activeRequests on send and decrements it before release().
    const auto balancer = createBalancer(StrategyKind::LeastConnections, makeBackends({2, 1}));
    QList<int> picks;
    for (int i = 0; i < 6; ++i) {
        const PickResult result = balancer->pick({});
        ++result.backend->activeRequests;
        picks.append(result.index);
    }
    // Loads of #1 (weight 2) and #2 (weight 1) before each pick: 0/2 = 0/1 (tie, #1),
    // 1/2 > 0/1, 1/2 < 1/1, 2/2 = 1/1 (tie, #2's turn), 2/2 < 2/1, 3/2 < 2/1.
    QCOMPARE(picks, (QList<int>{0, 1, 0, 1, 0, 0}));
    QCOMPARE(balancer->backends()[0]->activeRequests, 4);
    QCOMPARE(balancer->backends()[1]->activeRequests, 2);

    const BackendPtr finished = balancer->backends()[1];
    --finished->activeRequests;
    --finished->activeRequests;
    QCOMPARE(balancer->pick({}).index, 1);
}

void TestStrategies::ipHashIsStableAndIndependentOfOrder() {
    const auto first = createBalancer(StrategyKind::IpHash, makeBackends({1, 1, 1, 1}));
    const QList<quint64> assignment = ipHashAssignment(*first);
    QCOMPARE(ipHashAssignment(*first), assignment);

    const auto second = createBalancer(StrategyKind::IpHash, makeBackends({1, 1, 1, 1}));
    QCOMPARE(ipHashAssignment(*second), assignment);

    QList<BackendPtr> reversed = makeBackends({1, 1, 1, 1});
    std::reverse(reversed.begin(), reversed.end());
    const auto reordered = createBalancer(StrategyKind::IpHash, reversed);
    QCOMPARE(ipHashAssignment(*reordered), assignment);

    // Pinned values, computed independently with Python's hashlib from the ketama layout: the
    // ring must not change between runs or Qt versions.
    QCOMPARE(assignment.first(8), (QList<quint64>{2, 4, 1, 3, 1, 2, 3, 4}));
}

void TestStrategies::ipHashSpreadsClients() {
    const auto balancer = createBalancer(StrategyKind::IpHash, makeBackends({1, 1, 1, 1}));
    QHash<quint64, int> perInstance;
    for (const quint64 id : ipHashAssignment(*balancer))
        ++perInstance[id];
    QCOMPARE(perInstance.size(), 4);
    for (auto it = perInstance.cbegin(); it != perInstance.cend(); ++it)
        QVERIFY2(it.value() > 150 && it.value() < 350, QByteArray::number(it.value()).constData());
}

void TestStrategies::ipHashDisablingRemapsOnlyThatInstance() {
    const auto balancer = createBalancer(StrategyKind::IpHash, makeBackends({1, 1, 1, 1}));
    const QList<quint64> before = ipHashAssignment(*balancer);

    balancer->backends()[1]->setAdminState(AdminState::Disabled);
    const QList<quint64> during = ipHashAssignment(*balancer);
    int moved = 0;
    for (int n = 0; n < clientCount; ++n) {
        if (before[n] == 2) {
            QVERIFY(during[n] != 2);
            ++moved;
        } else {
            QCOMPARE(during[n], before[n]);
        }
    }
    QVERIFY(moved > 0);

    // Its clients come back when it does.
    balancer->backends()[1]->setAdminState(AdminState::Enabled);
    QCOMPARE(ipHashAssignment(*balancer), before);
}

void TestStrategies::ipHashRemovingRemapsOnlyThatInstance() {
    QList<BackendPtr> backends = makeBackends({1, 1, 1, 1});
    const QList<quint64> before = ipHashAssignment(*createBalancer(StrategyKind::IpHash, backends));
    backends.removeAt(1);
    const QList<quint64> after = ipHashAssignment(*createBalancer(StrategyKind::IpHash, backends));
    for (int n = 0; n < clientCount; ++n) {
        if (before[n] == 2)
            QVERIFY(after[n] != 2 && after[n] != 0);
        else
            QCOMPARE(after[n], before[n]);
    }
}

void TestStrategies::ipHashAddingTakesOnlyANewShare() {
    const QList<BackendPtr> backends = makeBackends({1, 1, 1, 1});
    const QList<quint64> before = ipHashAssignment(*createBalancer(StrategyKind::IpHash, backends));
    const QList<quint64> after =
        ipHashAssignment(*createBalancer(StrategyKind::IpHash, backends + QList{makeBackend(5)}));
    int moved = 0;
    for (int n = 0; n < clientCount; ++n) {
        if (after[n] != before[n]) {
            QCOMPARE(after[n], 5u);
            ++moved;
        }
    }
    // Roughly a fifth of the clients, not a reshuffle of all of them.
    QVERIFY2(moved > 100 && moved < 300, QByteArray::number(moved).constData());
}

void TestStrategies::ipHashFollowsWeights() {
    const auto balancer = createBalancer(StrategyKind::IpHash, makeBackends({3, 1}));
    const QList<quint64> assignment = ipHashAssignment(*balancer);
    const auto heavy = std::count(assignment.cbegin(), assignment.cend(), 1u);
    QVERIFY2(heavy > 650 && heavy < 850, QByteArray::number(heavy).constData());
}

void TestStrategies::randomDistributionFollowsWeights() {
    const auto balancer =
        createBalancer(StrategyKind::Random, makeBackends({1, 2, 3, 4}), testSeed);
    balancer->backends()[3]->setAdminState(AdminState::Disabled);
    const QList<int> counts = pickCounts(*balancer, 10000);
    // Expected 1667, 3333, 5000 and 0; the tolerance is about five standard deviations.
    QVERIFY2(qAbs(counts[0] - 1667) < 200, QByteArray::number(counts[0]).constData());
    QVERIFY2(qAbs(counts[1] - 3333) < 250, QByteArray::number(counts[1]).constData());
    QVERIFY2(qAbs(counts[2] - 5000) < 250, QByteArray::number(counts[2]).constData());
    QCOMPARE(counts[3], 0);

    const PickResult result = balancer->pick({});
    QCOMPARE(result.explanation.summary(), "random: #" + QByteArray::number(result.index + 1) +
                                               " (weight " + QByteArray::number(result.index + 1) +
                                               " of 6); skipped #4 (disabled)");
}

void TestStrategies::randomIsRepeatableWithSeed() {
    const auto first = createBalancer(StrategyKind::Random, makeBackends({1, 1, 1}), testSeed);
    const auto second = createBalancer(StrategyKind::Random, makeBackends({1, 1, 1}), testSeed);
    const auto other = createBalancer(StrategyKind::Random, makeBackends({1, 1, 1}), testSeed + 1);
    const QList<int> sequence = pickIndexes(*first, 50);
    QCOMPARE(pickIndexes(*second, 50), sequence);
    QVERIFY(pickIndexes(*other, 50) != sequence);
}

void TestStrategies::powerOfTwoEvenDistribution() {
    const auto balancer =
        createBalancer(StrategyKind::PowerOfTwo, makeBackends({1, 1, 1, 1}), testSeed);
    const QList<int> counts = pickCounts(*balancer, 10000);
    for (const int count : counts)
        QVERIFY2(qAbs(count - 2500) < 250, QByteArray::number(count).constData());
}

void TestStrategies::powerOfTwoAvoidsLoadedInstance() {
    const auto balancer =
        createBalancer(StrategyKind::PowerOfTwo, makeBackends({1, 1, 1}), testSeed);
    balancer->backends()[0]->activeRequests = 5;
    const QList<int> counts = pickCounts(*balancer, 10000);
    // The loaded instance loses every comparison it is drawn into.
    QCOMPARE(counts[0], 0);
    QVERIFY2(qAbs(counts[1] - 5000) < 250, QByteArray::number(counts[1]).constData());
    QVERIFY2(qAbs(counts[2] - 5000) < 250, QByteArray::number(counts[2]).constData());
}

void TestStrategies::powerOfTwoComparesLoadPerWeight() {
    const auto balancer = createBalancer(StrategyKind::PowerOfTwo, makeBackends({1, 2}), testSeed);
    balancer->backends()[0]->activeRequests = 2;
    balancer->backends()[1]->activeRequests = 3;
    // Loads 2/1 and 3/2: with two instances both are always drawn and #2 always wins.
    for (int i = 0; i < 20; ++i) {
        const PickResult result = balancer->pick({});
        QCOMPARE(result.explanation.summary(),
                 QByteArray("power_of_two: #2 (active 3/weight 2 vs #1 "
                            "active 2/weight 1); skipped #1 (not chosen)"));
    }
}

// The proxy keeps one context per connection and ip_hash remembers its address's point in it:
// a context that gets another address must be hashed anew, not sent where the last one went.
void TestStrategies::ipHashHashesEachAddressOfAReusedContext() {
    const auto balancer = createBalancer(StrategyKind::IpHash, makeBackends({1, 1, 1, 1}));
    const QList<quint64> assignment = ipHashAssignment(*balancer);
    PickContext reused;
    for (int n = 0; n < clientCount; ++n) {
        reused.clientAddress = clientAddress(n);
        QCOMPARE(balancer->pick(reused).backend->id, assignment[n]);
        QCOMPARE(balancer->pick(reused).backend->id, assignment[n]); // from the cache
    }
}

QTEST_GUILESS_MAIN(TestStrategies)
#include "tst_strategies.moc"
