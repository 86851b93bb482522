#include "balancing/balancer.h"

#include <QCryptographicHash>
#include <QTest>

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

PickCandidate entry(int index, CandidateVerdict verdict, SkipReason reason = SkipReason::Disabled) {
    PickCandidate candidate;
    candidate.index = index;
    candidate.verdict = verdict;
    candidate.reason = reason;
    candidate.eligible = verdict != CandidateVerdict::Skipped || reason == SkipReason::NotChosen;
    candidate.weight = 1;
    return candidate;
}

QList<qint64> currentWeights(const PickExplanation &explanation, bool after) {
    QList<qint64> weights;
    for (const PickCandidate &candidate : explanation.candidates)
        weights.append(after ? candidate.currentWeightAfter : candidate.currentWeightBefore);
    return weights;
}

QList<QByteArray> lines(std::initializer_list<const char *> texts) {
    QList<QByteArray> list;
    for (const char *text : texts)
        list.append(QByteArray(text));
    return list;
}

} // namespace

class TestPickExplanation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void summary_data();
    void summary();
    void candidateLines_data();
    void candidateLines();
    void skipReasonNames();

    void roundRobin();
    void weightedRoundRobinSteps_data();
    void weightedRoundRobinSteps();
    void weightedRoundRobinSkipped();
    void leastConnections();
    void randomDraw();
    void powerOfTwo();
    void ipHash();
    void noInstances();
};

void TestPickExplanation::summary_data() {
    QTest::addColumn<PickExplanation>("explanation");
    QTest::addColumn<QByteArray>("expected");

    PickExplanation roundRobin;
    roundRobin.strategy = StrategyKind::RoundRobin;
    roundRobin.chosenIndex = 1;
    roundRobin.previousIndex = 0;
    roundRobin.candidates = {entry(1, CandidateVerdict::Chosen),
                             entry(0, CandidateVerdict::NotReached)};
    QTest::newRow("numbers are 1-based")
        << roundRobin << QByteArray("round_robin: #2 (next after #1)");

    PickExplanation ipHash;
    ipHash.strategy = StrategyKind::IpHash;
    ipHash.chosenIndex = 3;
    ipHash.clientHash = 0x2a;
    ipHash.candidates = {entry(2, CandidateVerdict::Skipped, SkipReason::AlreadyTried),
                         entry(0, CandidateVerdict::Skipped, SkipReason::Down),
                         entry(3, CandidateVerdict::Chosen),
                         entry(1, CandidateVerdict::NotReached)};
    QTest::newRow("skipped in the order met")
        << ipHash
        << QByteArray("ip_hash: #4 (client hash 0000002a); skipped #3 (already tried), #1 (down)");

    PickExplanation powerOfTwo;
    powerOfTwo.strategy = StrategyKind::PowerOfTwo;
    powerOfTwo.chosenIndex = 2;
    powerOfTwo.candidates = {entry(0, CandidateVerdict::Skipped, SkipReason::NotChosen),
                             entry(1, CandidateVerdict::Skipped, SkipReason::Down),
                             entry(2, CandidateVerdict::Chosen)};
    powerOfTwo.candidates[0].sampled = true;
    powerOfTwo.candidates[0].activeRequests = 4;
    powerOfTwo.candidates[2].sampled = true;
    QTest::newRow("power_of_two's loser comes last")
        << powerOfTwo
        << QByteArray("power_of_two: #3 (active 0/weight 1 vs #1 active 4/weight 1); skipped #2 "
                      "(down), #1 (not chosen)");

    PickExplanation none;
    none.strategy = StrategyKind::LeastConnections;
    none.candidates = {entry(0, CandidateVerdict::Skipped, SkipReason::Draining),
                       entry(1, CandidateVerdict::Skipped, SkipReason::Down)};
    QTest::newRow("none eligible")
        << none << QByteArray("least_connections: none eligible; skipped #1 (draining), #2 (down)");

    PickExplanation empty;
    empty.strategy = StrategyKind::WeightedRoundRobin;
    QTest::newRow("no instances") << empty << QByteArray("weighted_round_robin: no instances");

    PickExplanation panic;
    panic.strategy = StrategyKind::RoundRobin;
    panic.chosenIndex = 0;
    panic.candidates = {entry(0, CandidateVerdict::Chosen, SkipReason::Down),
                        entry(1, CandidateVerdict::Skipped, SkipReason::Disabled)};
    panic.candidates[0].panic = true;
    QTest::newRow("panic goes first")
        << panic
        << QByteArray("panic: every instance is down by health, trying anyway; round_robin: #1 "
                      "(first pick); skipped #2 (disabled)");

    PickExplanation random;
    random.strategy = StrategyKind::Random;
    random.chosenIndex = 1;
    random.totalWeight = 3;
    random.candidates = {entry(1, CandidateVerdict::Chosen), entry(0, CandidateVerdict::Passed)};
    random.candidates[0].weight = 2;
    QTest::newRow("random") << random << QByteArray("random: #2 (weight 2 of 3)");

    PickExplanation leastConnections;
    leastConnections.strategy = StrategyKind::LeastConnections;
    leastConnections.chosenIndex = 0;
    leastConnections.tiedCount = 1;
    leastConnections.candidates = {entry(0, CandidateVerdict::Chosen),
                                   entry(1, CandidateVerdict::Passed)};
    leastConnections.candidates[0].activeRequests = 12;
    QTest::newRow("least_connections without a tie")
        << leastConnections << QByteArray("least_connections: #1 (active 12, weight 1)");

    PickExplanation onlyEligible;
    onlyEligible.strategy = StrategyKind::PowerOfTwo;
    onlyEligible.chosenIndex = 0;
    onlyEligible.candidates = {entry(1, CandidateVerdict::Skipped, SkipReason::Ejected),
                               entry(0, CandidateVerdict::Chosen)};
    QTest::newRow("power_of_two with one eligible")
        << onlyEligible
        << QByteArray("power_of_two: #1 (only eligible instance); skipped #2 (ejected by passive "
                      "health)");

    PickExplanation negative;
    negative.strategy = StrategyKind::WeightedRoundRobin;
    negative.chosenIndex = 1;
    negative.candidates = {entry(0, CandidateVerdict::Passed), entry(1, CandidateVerdict::Chosen)};
    negative.candidates[0].currentWeightBefore = -1234567890123;
    negative.candidates[0].currentWeightAfter = 9;
    negative.candidates[1].currentWeightBefore = 0;
    negative.candidates[1].currentWeightAfter = -10;
    QTest::newRow("weighted_round_robin, large and negative weights")
        << negative << QByteArray("weighted_round_robin: #2 (current -1234567890123,0 → 9,-10)");

    PickExplanation fullHash;
    fullHash.strategy = StrategyKind::IpHash;
    fullHash.chosenIndex = 0;
    fullHash.clientHash = 0xfedcba98;
    fullHash.candidates = {entry(0, CandidateVerdict::Chosen)};
    QTest::newRow("ip_hash, every hex digit")
        << fullHash << QByteArray("ip_hash: #1 (client hash fedcba98)");
}

void TestPickExplanation::summary() {
    QFETCH(PickExplanation, explanation);
    QFETCH(QByteArray, expected);
    QCOMPARE(explanation.summary(), expected);

    // The appending form writes the same line after what the buffer holds, and only that.
    QByteArray line = "reason=";
    explanation.appendSummary(line);
    QCOMPARE(line, "reason=" + expected);
}

void TestPickExplanation::candidateLines_data() {
    QTest::addColumn<PickExplanation>("explanation");
    QTest::addColumn<QList<QByteArray>>("expected");

    PickExplanation panic;
    panic.strategy = StrategyKind::RoundRobin;
    panic.chosenIndex = 1;
    panic.previousIndex = 0;
    panic.candidates = {entry(1, CandidateVerdict::Chosen, SkipReason::Ejected),
                        entry(0, CandidateVerdict::NotReached, SkipReason::Down)};
    panic.candidates[0].panic = true;
    panic.candidates[1].eligible = false;
    QTest::newRow("panic")
        << panic
        << lines({"#1 not reached (down)",
                  "#2 chosen (ejected by passive health, tried anyway: panic): next after #1"});

    PickExplanation ipHash;
    ipHash.strategy = StrategyKind::IpHash;
    ipHash.chosenIndex = 3;
    ipHash.clientHash = 0x2a;
    ipHash.ringPoint = 0x2b;
    ipHash.candidates = {entry(2, CandidateVerdict::Skipped, SkipReason::AlreadyTried),
                         entry(0, CandidateVerdict::Skipped, SkipReason::Down),
                         entry(3, CandidateVerdict::Chosen),
                         entry(1, CandidateVerdict::NotReached)};
    QTest::newRow("ip_hash")
        << ipHash
        << lines({"#1 skipped (down): walked past on the ring", "#2 not reached",
                  "#3 skipped (already tried): walked past on the ring",
                  "#4 chosen: ring point 0000002b, the first eligible clockwise from client hash "
                  "0000002a"});

    PickExplanation leastConnections;
    leastConnections.strategy = StrategyKind::LeastConnections;
    leastConnections.chosenIndex = 0;
    leastConnections.tiedCount = 1;
    leastConnections.candidates = {entry(0, CandidateVerdict::Chosen),
                                   entry(1, CandidateVerdict::Passed),
                                   entry(2, CandidateVerdict::Skipped, SkipReason::Draining)};
    leastConnections.candidates[1].activeRequests = 5;
    QTest::newRow("least_connections without a tie")
        << leastConnections
        << lines({"#1 chosen: active 0/weight 1, least loaded", "#2 not chosen: active 5/weight 1",
                  "#3 skipped (draining)"});

    PickExplanation powerOfTwo;
    powerOfTwo.strategy = StrategyKind::PowerOfTwo;
    powerOfTwo.chosenIndex = 1;
    powerOfTwo.candidates = {entry(1, CandidateVerdict::Chosen),
                             entry(0, CandidateVerdict::NotReached, SkipReason::Draining),
                             entry(2, CandidateVerdict::NotReached)};
    powerOfTwo.candidates[0].sampled = true;
    powerOfTwo.candidates[1].eligible = false;
    QTest::newRow("power_of_two, not sampled")
        << powerOfTwo
        << lines({"#1 not sampled (draining)", "#2 chosen: sampled, active 0/weight 1",
                  "#3 not sampled: active 0/weight 1"});
}

void TestPickExplanation::candidateLines() {
    QFETCH(PickExplanation, explanation);
    QFETCH(QList<QByteArray>, expected);
    QCOMPARE(explanation.candidateLines(), expected);
}

void TestPickExplanation::skipReasonNames() {
    QCOMPARE(skipReasonName(SkipReason::Disabled), QByteArray("disabled"));
    QCOMPARE(skipReasonName(SkipReason::Draining), QByteArray("draining"));
    QCOMPARE(skipReasonName(SkipReason::Down), QByteArray("down"));
    QCOMPARE(skipReasonName(SkipReason::AlreadyTried), QByteArray("already tried"));
    QCOMPARE(skipReasonName(SkipReason::NotChosen), QByteArray("not chosen"));
}

void TestPickExplanation::roundRobin() {
    const auto balancer = createBalancer(StrategyKind::RoundRobin, makeBackends({1, 1, 1}));
    balancer->backends()[1]->setAdminState(AdminState::Disabled);

    const PickExplanation first = balancer->pick({}).explanation;
    QCOMPARE(first.chosenIndex, 0);
    QCOMPARE(first.previousIndex, -1);
    QCOMPARE(first.summary(), QByteArray("round_robin: #1 (first pick)"));
    QCOMPARE(first.candidateLines(),
             lines({"#1 chosen: first pick", "#2 not reached (disabled)", "#3 not reached"}));

    const PickExplanation second = balancer->pick({}).explanation;
    QCOMPARE(second.chosenIndex, 2);
    QCOMPARE(second.previousIndex, 0);
    QCOMPARE(second.summary(),
             QByteArray("round_robin: #3 (next after #1); skipped #2 (disabled)"));
    QCOMPARE(second.candidateLines(),
             lines({"#1 not reached", "#2 skipped (disabled)", "#3 chosen: next after #1"}));
}

void TestPickExplanation::weightedRoundRobinSteps_data() {
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("chosen");
    QTest::addColumn<QList<qint64>>("before");
    QTest::addColumn<QList<qint64>>("after");

    // nginx's smooth weighted round robin over 5:1:1, worked by hand: each eligible current
    // weight grows by its weight, the largest (first on a tie) wins and loses the total, 7.
    QTest::newRow("1") << 1 << 0 << QList<qint64>{0, 0, 0} << QList<qint64>{-2, 1, 1};
    QTest::newRow("2") << 2 << 0 << QList<qint64>{-2, 1, 1} << QList<qint64>{-4, 2, 2};
    QTest::newRow("3") << 3 << 1 << QList<qint64>{-4, 2, 2} << QList<qint64>{1, -4, 3};
    QTest::newRow("4") << 4 << 0 << QList<qint64>{1, -4, 3} << QList<qint64>{-1, -3, 4};
    QTest::newRow("5") << 5 << 2 << QList<qint64>{-1, -3, 4} << QList<qint64>{4, -2, -2};
    QTest::newRow("6") << 6 << 0 << QList<qint64>{4, -2, -2} << QList<qint64>{2, -1, -1};
    QTest::newRow("7, back to zero")
        << 7 << 0 << QList<qint64>{2, -1, -1} << QList<qint64>{0, 0, 0};
}

void TestPickExplanation::weightedRoundRobinSteps() {
    QFETCH(int, step);
    QFETCH(int, chosen);
    QFETCH(QList<qint64>, before);
    QFETCH(QList<qint64>, after);

    const auto balancer = createBalancer(StrategyKind::WeightedRoundRobin, makeBackends({5, 1, 1}));
    for (int i = 1; i < step; ++i)
        balancer->pick({});
    const PickResult result = balancer->pick({});
    const PickExplanation &explanation = result.explanation;
    QCOMPARE(result.index, chosen);
    QCOMPARE(explanation.chosenIndex, chosen);
    QCOMPARE(explanation.totalWeight, 7);
    QCOMPARE(currentWeights(explanation, false), before);
    QCOMPARE(currentWeights(explanation, true), after);
    for (const PickCandidate &candidate : explanation.candidates) {
        QCOMPARE(candidate.verdict,
                 candidate.index == chosen ? CandidateVerdict::Chosen : CandidateVerdict::Passed);
        QCOMPARE(candidate.weight, candidate.index == 0 ? 5 : 1);
    }
    const auto joined = [](const QList<qint64> &values) {
        QByteArrayList texts;
        for (const qint64 value : values)
            texts.append(QByteArray::number(value));
        return texts.join(',');
    };
    QCOMPARE(explanation.summary(), "weighted_round_robin: #" + QByteArray::number(chosen + 1) +
                                        " (current " + joined(before) + " → " + joined(after) +
                                        ')');
}

void TestPickExplanation::weightedRoundRobinSkipped() {
    const auto balancer = createBalancer(StrategyKind::WeightedRoundRobin, makeBackends({5, 1, 1}));
    balancer->backends()[1]->setAdminState(AdminState::Disabled);
    const PickExplanation explanation = balancer->pick({}).explanation;
    QCOMPARE(explanation.totalWeight, 6);
    QCOMPARE(
        explanation.summary(),
        QByteArray("weighted_round_robin: #1 (current 0,0,0 → -1,0,1); skipped #2 (disabled)"));
    QCOMPARE(explanation.candidateLines(),
             lines({"#1 chosen: weight 5, current 0 → -1 (largest after adding weights, minus "
                    "total 6)",
                    "#2 skipped (disabled): weight 1, current 0 → 0 (kept)",
                    "#3 not chosen: weight 1, current 0 → 1"}));
}

void TestPickExplanation::leastConnections() {
    const auto balancer =
        createBalancer(StrategyKind::LeastConnections, makeBackends({1, 1, 1, 1}));
    const QList<int> active{3, 1, 2, 1};
    for (qsizetype i = 0; i < active.size(); ++i)
        balancer->backends()[i]->activeRequests = active[i];
    balancer->backends()[2]->setActiveHealth(Health::Down);

    const PickExplanation explanation = balancer->pick({}).explanation;
    QCOMPARE(explanation.chosenIndex, 1);
    QCOMPARE(explanation.tiedCount, 2);
    for (const PickCandidate &candidate : explanation.candidates)
        QCOMPARE(candidate.activeRequests, active[candidate.index]);
    QCOMPARE(explanation.summary(),
             QByteArray("least_connections: #2 (active 1, weight 1, 2-way tie broken round "
                        "robin); skipped #3 (down)"));
    QCOMPARE(explanation.candidateLines(),
             lines({"#1 not chosen: active 3/weight 1",
                    "#2 chosen: active 1/weight 1, 2-way tie broken round robin",
                    "#3 skipped (down)", "#4 not chosen: active 1/weight 1"}));
}

void TestPickExplanation::randomDraw() {
    const auto balancer = createBalancer(StrategyKind::Random, makeBackends({1, 2, 3}), testSeed);
    const PickExplanation explanation = balancer->pick({}).explanation;
    QCOMPARE(explanation.totalWeight, 6);
    const QList<QByteArray> candidateLines = explanation.candidateLines();
    QCOMPARE(candidateLines.size(), 3);
    for (int index = 0; index < 3; ++index) {
        const QByteArray verdict = index == explanation.chosenIndex ? "chosen" : "not chosen";
        QCOMPARE(candidateLines[index], '#' + QByteArray::number(index + 1) + ' ' + verdict +
                                            ": weight " + QByteArray::number(index + 1) + " of 6");
    }
}

void TestPickExplanation::powerOfTwo() {
    const auto balancer =
        createBalancer(StrategyKind::PowerOfTwo, makeBackends({1, 1, 1, 1}), testSeed);
    balancer->backends()[0]->setAdminState(AdminState::Draining);
    for (int n = 0; n < 50; ++n) {
        const PickExplanation explanation = balancer->pick({}).explanation;
        int sampled = 0;
        for (const PickCandidate &candidate : explanation.candidates) {
            sampled += candidate.sampled ? 1 : 0;
            if (candidate.index == explanation.chosenIndex)
                QVERIFY(candidate.sampled);
            else if (candidate.sampled)
                QCOMPARE(candidate.reason, SkipReason::NotChosen);
            else if (candidate.index != 0)
                QCOMPARE(candidate.verdict, CandidateVerdict::NotReached);
        }
        QCOMPARE(sampled, 2);
        QVERIFY(!explanation.findCandidate(0)->sampled);
    }

    const auto pair = createBalancer(StrategyKind::PowerOfTwo, makeBackends({1, 2}), testSeed);
    pair->backends()[0]->activeRequests = 2;
    pair->backends()[1]->activeRequests = 3;
    QCOMPARE(pair->pick({}).explanation.candidateLines(),
             lines({"#1 not chosen (more loaded): sampled, active 2/weight 1",
                    "#2 chosen: sampled, active 3/weight 2"}));

    pair->backends()[0]->setActiveHealth(Health::Down);
    QCOMPARE(pair->pick({}).explanation.candidateLines(),
             lines({"#1 skipped (down)", "#2 chosen: only eligible instance, active 3/weight 2"}));
}

void TestPickExplanation::ipHash() {
    const auto balancer = createBalancer(StrategyKind::IpHash, makeBackends({1, 1, 1}));
    PickContext context;
    context.clientAddress = "192.168.1.7";
    const QByteArray digest =
        QCryptographicHash::hash(context.clientAddress, QCryptographicHash::Md5);
    quint32 hash = 0;
    for (int i = 3; i >= 0; --i)
        hash = hash << 8 | quint8(digest[i]);
    const QByteArray hashText = QByteArray::number(hash, 16).rightJustified(8, '0');

    const PickExplanation explanation = balancer->pick(context).explanation;
    QCOMPARE(explanation.clientHash, hash);
    const int chosen = explanation.chosenIndex;
    QCOMPARE(explanation.summary(),
             "ip_hash: #" + QByteArray::number(chosen + 1) + " (client hash " + hashText + ')');

    // Without the chosen instance the walk goes past its point to the next owner clockwise.
    balancer->backends()[chosen]->setAdminState(AdminState::Disabled);
    const PickExplanation walked = balancer->pick(context).explanation;
    QVERIFY(walked.chosenIndex != chosen);
    QVERIFY(walked.ringPoint != explanation.ringPoint);
    // The next point clockwise, unless the walk wrapped past the top of the ring.
    QVERIFY(walked.ringPoint > explanation.ringPoint || walked.ringPoint < hash);
    QVERIFY(explanation.ringPoint >= hash || explanation.ringPoint < walked.ringPoint);
    QVERIFY(walked.summary().endsWith(
        QByteArray("; skipped #" + QByteArray::number(chosen + 1) + " (disabled)")));
    QVERIFY(walked.candidateLines().contains(QByteArray(
        "#" + QByteArray::number(chosen + 1) + " skipped (disabled): walked past on the ring")));
}

void TestPickExplanation::noInstances() {
    const auto balancer = createBalancer(StrategyKind::LeastConnections, {});
    const PickExplanation explanation = balancer->pick({}).explanation;
    QCOMPARE(explanation.summary(), QByteArray("least_connections: no instances"));
    QVERIFY(explanation.candidateLines().isEmpty());
}

QTEST_GUILESS_MAIN(TestPickExplanation)
#include "tst_pickexplanation.moc"
