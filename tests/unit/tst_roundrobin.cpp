#include "balancing/roundrobinbalancer.h"

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

BackendPtr makeBackend(quint64 id) {
    return std::make_shared<Backend>(id, QUrl("http://127.0.0.1:" + QString::number(8080 + id)), 1,
                                     QString());
}

QList<BackendPtr> makeBackends(int count) {
    QList<BackendPtr> backends;
    for (int i = 1; i <= count; ++i)
        backends.append(makeBackend(quint64(i)));
    return backends;
}

// The ids of the next picks (0 for "none"), which stay meaningful when positions shift.
QList<quint64> pickIds(Balancer &balancer, int picks, const PickContext &context = {}) {
    QList<quint64> ids;
    for (int i = 0; i < picks; ++i) {
        const PickResult result = balancer.pick(context);
        ids.append(result.backend ? result.backend->id : 0);
    }
    return ids;
}

} // namespace

class TestRoundRobin : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rotatesInOrder();
    void summaryNamesPickAndPrevious();
    void skipsIneligible_data();
    void skipsIneligible();
    void unknownHealthIsEligible();
    void noneEligibleReturnsAtOnce();
    void emptyBalancer();
    void resumesWhenAnInstanceReturns();
    void honoursExcludedIndexes();
    void continuesAfterAnAdd();
    void continuesAfterARemoval_data();
    void continuesAfterARemoval();
};

void TestRoundRobin::rotatesInOrder() {
    RoundRobinBalancer balancer(makeBackends(3));
    QCOMPARE(balancer.kind(), StrategyKind::RoundRobin);
    QCOMPARE(pickIds(balancer, 7), (QList<quint64>{1, 2, 3, 1, 2, 3, 1}));

    // Indexes match the positions of the instances picked.
    const PickResult result = balancer.pick({});
    QCOMPARE(result.index, 1);
    QCOMPARE(result.backend, balancer.backends()[1]);
}

void TestRoundRobin::summaryNamesPickAndPrevious() {
    RoundRobinBalancer balancer(makeBackends(3));
    QCOMPARE(balancer.pick({}).explanation.summary(), QByteArray("round_robin: #1 (first pick)"));
    QCOMPARE(balancer.pick({}).explanation.summary(),
             QByteArray("round_robin: #2 (next after #1)"));
    balancer.backends()[2]->setAdminState(AdminState::Disabled);
    QCOMPARE(balancer.pick({}).explanation.summary(),
             QByteArray("round_robin: #1 (next after #2); skipped #3 (disabled)"));
}

void TestRoundRobin::skipsIneligible_data() {
    QTest::addColumn<int>("adminState"); // of instance #2
    QTest::addColumn<int>("health");     // of instance #2
    QTest::addColumn<QByteArray>("reason");

    QTest::newRow("disabled") << int(AdminState::Disabled) << int(Health::Up)
                              << QByteArray("disabled");
    QTest::newRow("draining") << int(AdminState::Draining) << int(Health::Up)
                              << QByteArray("draining");
    QTest::newRow("down") << int(AdminState::Enabled) << int(Health::Down) << QByteArray("down");
    QTest::newRow("disabled and down reports the operator's state")
        << int(AdminState::Disabled) << int(Health::Down) << QByteArray("disabled");
}

void TestRoundRobin::skipsIneligible() {
    QFETCH(int, adminState);
    QFETCH(int, health);
    QFETCH(QByteArray, reason);

    RoundRobinBalancer balancer(makeBackends(3));
    balancer.backends()[1]->setAdminState(AdminState(adminState));
    balancer.backends()[1]->setActiveHealth(Health(health));

    QCOMPARE(balancer.pick({}).backend->id, 1u);
    const PickResult skipping = balancer.pick({});
    QCOMPARE(skipping.backend->id, 3u);
    QCOMPARE(skippedOf(skipping).size(), 1);
    QCOMPARE(skippedOf(skipping)[0].index, 1);
    QCOMPARE(skipReasonName(skippedOf(skipping)[0].reason), reason);
    QCOMPARE(pickIds(balancer, 4), (QList<quint64>{1, 3, 1, 3}));
}

void TestRoundRobin::unknownHealthIsEligible() {
    RoundRobinBalancer balancer(makeBackends(2));
    balancer.backends()[0]->setActiveHealth(Health::Unknown);
    balancer.backends()[1]->setActiveHealth(Health::Up);
    QCOMPARE(pickIds(balancer, 2), (QList<quint64>{1, 2}));
}

void TestRoundRobin::noneEligibleReturnsAtOnce() {
    RoundRobinBalancer balancer(makeBackends(4));
    balancer.backends()[0]->setAdminState(AdminState::Disabled);
    balancer.backends()[1]->setAdminState(AdminState::Draining);
    balancer.backends()[2]->setActiveHealth(Health::Down);
    // #4 is healthy, so the route is not in panic; this request already tried it.
    PickContext retry;
    retry.excludedIndexes = {3};

    // The blog's loop spins here forever; a second pick proves the first one returned.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const PickResult result = balancer.pick(retry);
        QVERIFY(!result.backend);
        QCOMPARE(result.index, -1);
        QCOMPARE(skippedOf(result).size(), 4);
        QCOMPARE(result.explanation.summary(),
                 QByteArray("round_robin: none eligible; skipped #1 (disabled), "
                            "#2 (draining), #3 (down), #4 (already tried)"));
    }
}

void TestRoundRobin::emptyBalancer() {
    RoundRobinBalancer balancer({});
    const PickResult result = balancer.pick({});
    QVERIFY(!result.backend);
    QCOMPARE(result.explanation.summary(), QByteArray("round_robin: no instances"));
}

void TestRoundRobin::resumesWhenAnInstanceReturns() {
    RoundRobinBalancer balancer(makeBackends(2));
    QCOMPARE(pickIds(balancer, 1), QList<quint64>{1});
    // Every instance down: panic, the rotation goes on over all of them.
    for (const BackendPtr &backend : balancer.backends())
        backend->setActiveHealth(Health::Down);
    QCOMPARE(pickIds(balancer, 2), (QList<quint64>{2, 1}));

    balancer.backends()[0]->setActiveHealth(Health::Up);
    QCOMPARE(pickIds(balancer, 2), (QList<quint64>{1, 1}));
    balancer.backends()[1]->setActiveHealth(Health::Up);
    QCOMPARE(pickIds(balancer, 3), (QList<quint64>{2, 1, 2}));
}

void TestRoundRobin::honoursExcludedIndexes() {
    RoundRobinBalancer balancer(makeBackends(3));
    PickContext retry;
    retry.excludedIndexes = {0};
    const PickResult result = balancer.pick(retry);
    QCOMPARE(result.index, 1);
    QCOMPARE(result.explanation.summary(),
             QByteArray("round_robin: #2 (first pick); skipped #1 (already tried)"));

    retry.excludedIndexes = {0, 1, 2};
    QVERIFY(!balancer.pick(retry).backend);
}

// The route's next balancer (an instance added or removed at runtime, a reload) continues the
// rotation of the one before it.
void TestRoundRobin::continuesAfterAnAdd() {
    const QList<BackendPtr> three = makeBackends(3);
    RoundRobinBalancer before(three);
    QCOMPARE(pickIds(before, 2), (QList<quint64>{1, 2}));
    RoundRobinBalancer after(three + QList<BackendPtr>{makeBackend(4)});
    after.continueFrom(before);
    QCOMPARE(pickIds(after, 5), (QList<quint64>{3, 4, 1, 2, 3}));

    // Added after the last pick wrapped: the new one still gets its turn before #1.
    const QList<BackendPtr> two = makeBackends(2);
    RoundRobinBalancer wrapped(two);
    QCOMPARE(pickIds(wrapped, 2), (QList<quint64>{1, 2}));
    RoundRobinBalancer grown(two + QList<BackendPtr>{makeBackend(3)});
    grown.continueFrom(wrapped);
    QCOMPARE(pickIds(grown, 4), (QList<quint64>{3, 1, 2, 3}));
}

void TestRoundRobin::continuesAfterARemoval_data() {
    QTest::addColumn<int>("picksBefore");
    QTest::addColumn<int>("removeIndex");
    QTest::addColumn<QList<quint64>>("expected"); // ids after the removal

    // Four instances 1..4; the rotation continues with the successor of the last pick.
    QTest::newRow("remove the last picked") << 2 << 1 << QList<quint64>{3, 4, 1, 3};
    QTest::newRow("remove one before the last picked") << 2 << 0 << QList<quint64>{3, 4, 2, 3};
    QTest::newRow("remove the next one") << 2 << 2 << QList<quint64>{4, 1, 2, 4};
    QTest::newRow("remove the first when it was picked last")
        << 1 << 0 << QList<quint64>{2, 3, 4, 2};
    QTest::newRow("remove the end when it was picked last") << 4 << 3 << QList<quint64>{1, 2, 3, 1};
    QTest::newRow("remove before any pick") << 0 << 0 << QList<quint64>{2, 3, 4, 2};
}

void TestRoundRobin::continuesAfterARemoval() {
    QFETCH(int, picksBefore);
    QFETCH(int, removeIndex);
    QFETCH(QList<quint64>, expected);

    QList<BackendPtr> backends = makeBackends(4);
    RoundRobinBalancer before(backends);
    pickIds(before, picksBefore);
    backends.removeAt(removeIndex);
    RoundRobinBalancer after(backends);
    after.continueFrom(before);
    QCOMPARE(pickIds(after, 4), expected);
}

QTEST_GUILESS_MAIN(TestRoundRobin)
#include "tst_roundrobin.moc"
