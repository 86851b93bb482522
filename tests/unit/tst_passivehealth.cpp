#include "health/passivehealth.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

// Passive health as nginx's max_fails/fail_timeout, with probation at the ejection's end, kept
// apart from the active checks' verdict.
class TestPassiveHealth final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ejectsAtMaxFails_data();
    void ejectsAtMaxFails();
    void failuresWhileEjectedAreIgnored();
    void probationSuccessClears();
    void probationFailureEjectsAtOnce();
    void probationAdmitsOneRequest();
    void loneInstanceIsNeverEjected();
    void ejectionIgnoresTheActiveVerdict();
    void countsFiveHundredsOnlyWhenAsked_data();
    void countsFiveHundredsOnlyWhenAsked();
    void clearReleasesEveryInstance();
};

namespace {

constexpr qsizetype twoInstances = 2;

BackendPtr makeBackend() {
    static quint64 lastId = 0;
    return std::make_shared<Backend>(++lastId, QUrl("http://127.0.0.1:9"), 1, QString());
}

} // namespace

void TestPassiveHealth::ejectsAtMaxFails_data() {
    QTest::addColumn<int>("maxFails");
    QTest::addColumn<int>("failures");
    QTest::addColumn<bool>("ejected");
    QTest::newRow("1 of 1") << 1 << 1 << true;
    QTest::newRow("2 of 3") << 3 << 2 << false;
    QTest::newRow("3 of 3") << 3 << 3 << true;
    QTest::newRow("off") << 0 << 5 << false;
}

void TestPassiveHealth::ejectsAtMaxFails() {
    QFETCH(int, maxFails);
    QFETCH(int, failures);
    QFETCH(bool, ejected);
    PassiveHealth passive;
    QSignalSpy ejections(&passive, &PassiveHealth::ejected);
    const BackendPtr backend = makeBackend();
    const PassiveHealthConfig config{maxFails, 60s};
    passive.recordAttempt(backend, twoInstances, config, false);
    for (int i = 0; i < failures; ++i)
        passive.recordAttempt(backend, twoInstances, config, true);
    QCOMPARE(backend->passiveState == PassiveState::Ejected, ejected);
    QCOMPARE(backend->health == Health::Down, ejected);
    QCOMPARE(backend->activeHealth, Health::Unknown); // never written by passive health
    QCOMPARE(backend->acceptsNewRequests(), !ejected);
    QCOMPARE(ejections.size(), ejected ? 1 : 0);
}

void TestPassiveHealth::failuresWhileEjectedAreIgnored() {
    PassiveHealth passive;
    QSignalSpy ejections(&passive, &PassiveHealth::ejected);
    const BackendPtr backend = makeBackend();
    const PassiveHealthConfig config{1, 60s};
    passive.recordAttempt(backend, twoInstances, config, true);
    passive.recordAttempt(backend, twoInstances, config, true);
    passive.recordAttempt(backend, twoInstances, config, false); // e.g. in panic: still ejected
    QCOMPARE(backend->passiveState, PassiveState::Ejected);
    QCOMPARE(ejections.size(), 1);
}

void TestPassiveHealth::probationSuccessClears() {
    PassiveHealth passive;
    const BackendPtr backend = makeBackend();
    const PassiveHealthConfig config{1, 50ms};
    passive.recordAttempt(backend, twoInstances, config, true);
    QCOMPARE(backend->health, Health::Down);
    QTRY_COMPARE(backend->passiveState, PassiveState::Probation);
    QCOMPARE(backend->health, Health::Unknown);
    passive.recordAttempt(backend, twoInstances, config, false);
    QCOMPARE(backend->passiveState, PassiveState::Clear);
    // Without active checks nobody says "up": the combined health is unknown again.
    QCOMPARE(backend->health, Health::Unknown);
}

void TestPassiveHealth::probationFailureEjectsAtOnce() {
    PassiveHealth passive;
    QSignalSpy ejections(&passive, &PassiveHealth::ejected);
    const BackendPtr backend = makeBackend();
    const PassiveHealthConfig config{3, 50ms};
    for (int i = 0; i < 3; ++i)
        passive.recordAttempt(backend, twoInstances, config, true);
    QTRY_COMPARE(backend->passiveState, PassiveState::Probation);
    passive.recordAttempt(backend, twoInstances, config, true); // one, not max_fails
    QCOMPARE(backend->passiveState, PassiveState::Ejected);
    QCOMPARE(backend->health, Health::Down);
    QCOMPARE(ejections.size(), 2);
}

void TestPassiveHealth::probationAdmitsOneRequest() {
    PassiveHealth passive;
    const BackendPtr backend = makeBackend();
    passive.recordAttempt(backend, twoInstances, PassiveHealthConfig{1, 50ms}, true);
    QTRY_COMPARE(backend->passiveState, PassiveState::Probation);
    QVERIFY(backend->acceptsNewRequests());
    ++backend->activeRequests; // the test request, picked
    QVERIFY(!backend->acceptsNewRequests());
    QVERIFY(backend->isHeldOutByHealth());
    --backend->activeRequests;
    QVERIFY(backend->acceptsNewRequests());
}

void TestPassiveHealth::loneInstanceIsNeverEjected() {
    PassiveHealth passive;
    QSignalSpy ejections(&passive, &PassiveHealth::ejected);
    const BackendPtr backend = makeBackend();
    const PassiveHealthConfig config{1, 60s};
    for (int i = 0; i < 5; ++i)
        passive.recordAttempt(backend, 1, config, true);
    QCOMPARE(backend->passiveState, PassiveState::Clear);
    QCOMPARE(ejections.size(), 0);

    // Ejected while it had a sibling; the route then shrinks to it alone (a reload): its next
    // attempt releases it rather than leaving it out for good.
    passive.recordAttempt(backend, twoInstances, config, true);
    QCOMPARE(backend->passiveState, PassiveState::Ejected);
    passive.recordAttempt(backend, 1, config, true);
    QCOMPARE(backend->passiveState, PassiveState::Clear);
}

void TestPassiveHealth::ejectionIgnoresTheActiveVerdict() {
    PassiveHealth passive;
    const BackendPtr backend = makeBackend();
    backend->setActiveHealth(Health::Up); // the probes pass throughout
    passive.recordAttempt(backend, twoInstances, PassiveHealthConfig{1, 50ms}, true);
    QCOMPARE(backend->health, Health::Down);
    QVERIFY(!backend->acceptsNewRequests());
    QTRY_COMPARE(backend->passiveState, PassiveState::Probation);
    QCOMPARE(backend->health, Health::Unknown);
    passive.recordAttempt(backend, twoInstances, PassiveHealthConfig{1, 50ms}, false);
    QCOMPARE(backend->health, Health::Up);

    // The probes failing does not touch passive state, and ejection still ends in probation
    // while they hold it down: the instance stays out until both let it in.
    passive.recordAttempt(backend, twoInstances, PassiveHealthConfig{1, 50ms}, true);
    backend->setActiveHealth(Health::Down);
    QTRY_COMPARE(backend->passiveState, PassiveState::Probation);
    QCOMPARE(backend->health, Health::Down);
    QVERIFY(!backend->acceptsNewRequests());
    backend->setActiveHealth(Health::Up);
    QCOMPARE(backend->health, Health::Unknown); // probation: the next request decides
    QVERIFY(backend->acceptsNewRequests());
}

void TestPassiveHealth::countsFiveHundredsOnlyWhenAsked_data() {
    QTest::addColumn<bool>("count5xx");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("failure");
    QTest::newRow("default, 500") << false << 500 << false;
    QTest::newRow("default, 503") << false << 503 << false;
    QTest::newRow("default, 404") << false << 404 << false;
    QTest::newRow("count_5xx, 500") << true << 500 << true;
    QTest::newRow("count_5xx, 502") << true << 502 << true;
    QTest::newRow("count_5xx, 499") << true << 499 << false;
    QTest::newRow("count_5xx, 200") << true << 200 << false;
}

void TestPassiveHealth::countsFiveHundredsOnlyWhenAsked() {
    QFETCH(bool, count5xx);
    QFETCH(int, status);
    QFETCH(bool, failure);
    PassiveHealthConfig config;
    QVERIFY(!config.count5xx); // the default
    config.count5xx = count5xx;
    QCOMPARE(config.countsAsFailure(status), failure);
}

void TestPassiveHealth::clearReleasesEveryInstance() {
    PassiveHealth passive;
    const BackendPtr backend = makeBackend();
    passive.recordAttempt(backend, twoInstances, PassiveHealthConfig{1, 50ms}, true);
    QCOMPARE(backend->passiveState, PassiveState::Ejected);
    passive.clear();
    QCOMPARE(backend->passiveState, PassiveState::Clear);
    // The cleared ejection's timer changes nothing when it fires.
    const BackendPtr witness = makeBackend();
    passive.recordAttempt(witness, twoInstances, PassiveHealthConfig{1, 50ms}, true);
    QTRY_COMPARE(witness->passiveState, PassiveState::Probation);
    QCOMPARE(backend->passiveState, PassiveState::Clear);
}

QTEST_MAIN(TestPassiveHealth)
#include "tst_passivehealth.moc"
