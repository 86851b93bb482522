#include "health/passivehealth.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

// Passive health as nginx's max_fails/fail_timeout, with probation at the window's end.
class TestPassiveHealth final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void marksDownAtMaxFails_data();
    void marksDownAtMaxFails();
    void failuresWhileDownAreIgnored();
    void probationSuccessMarksUp();
    void probationFailureMarksDownAtOnce();
    void activeChecksHoldingItDownSkipProbation();
    void forgetEndsTheDownTime();
};

namespace {

BackendPtr makeBackend() {
    static quint64 lastId = 0;
    return std::make_shared<Backend>(++lastId, QUrl("http://127.0.0.1:9"), 1, QString());
}

} // namespace

void TestPassiveHealth::marksDownAtMaxFails_data() {
    QTest::addColumn<int>("maxFails");
    QTest::addColumn<int>("failures");
    QTest::addColumn<bool>("down");
    QTest::newRow("1 of 1") << 1 << 1 << true;
    QTest::newRow("2 of 3") << 3 << 2 << false;
    QTest::newRow("3 of 3") << 3 << 3 << true;
    QTest::newRow("off") << 0 << 5 << false;
}

void TestPassiveHealth::marksDownAtMaxFails() {
    QFETCH(int, maxFails);
    QFETCH(int, failures);
    QFETCH(bool, down);
    PassiveHealth passive;
    QSignalSpy markedDown(&passive, &PassiveHealth::markedDown);
    const BackendPtr backend = makeBackend();
    const PassiveHealthConfig config{maxFails, 60s};
    passive.recordAttempt(backend, config, false);
    for (int i = 0; i < failures; ++i)
        passive.recordAttempt(backend, config, true);
    QCOMPARE(backend->health == Health::Down, down);
    QCOMPARE(passive.isMarkedDown(backend->id), down);
    QCOMPARE(markedDown.size(), down ? 1 : 0);
}

void TestPassiveHealth::failuresWhileDownAreIgnored() {
    PassiveHealth passive;
    QSignalSpy markedDown(&passive, &PassiveHealth::markedDown);
    const BackendPtr backend = makeBackend();
    const PassiveHealthConfig config{1, 60s};
    passive.recordAttempt(backend, config, true);
    passive.recordAttempt(backend, config, true);
    passive.recordAttempt(backend, config, false);
    QCOMPARE(backend->health, Health::Down);
    QCOMPARE(markedDown.size(), 1);
}

void TestPassiveHealth::probationSuccessMarksUp() {
    PassiveHealth passive;
    const BackendPtr backend = makeBackend();
    const PassiveHealthConfig config{1, 50ms};
    passive.recordAttempt(backend, config, true);
    QCOMPARE(backend->health, Health::Down);
    QTRY_VERIFY(passive.isOnProbation(backend->id));
    QCOMPARE(backend->health, Health::Unknown);
    passive.recordAttempt(backend, config, false);
    QCOMPARE(backend->health, Health::Up);
    QVERIFY(!passive.isOnProbation(backend->id));
}

void TestPassiveHealth::probationFailureMarksDownAtOnce() {
    PassiveHealth passive;
    QSignalSpy markedDown(&passive, &PassiveHealth::markedDown);
    const BackendPtr backend = makeBackend();
    const PassiveHealthConfig config{3, 50ms};
    for (int i = 0; i < 3; ++i)
        passive.recordAttempt(backend, config, true);
    QTRY_VERIFY(passive.isOnProbation(backend->id));
    passive.recordAttempt(backend, config, true); // one, not max_fails
    QCOMPARE(backend->health, Health::Down);
    QCOMPARE(markedDown.size(), 2);
}

void TestPassiveHealth::activeChecksHoldingItDownSkipProbation() {
    PassiveHealth passive;
    bool activelyDown = true;
    passive.setActivelyDown([&](quint64) { return activelyDown; });
    const BackendPtr backend = makeBackend();
    const PassiveHealthConfig config{1, 50ms};
    passive.recordAttempt(backend, config, true);
    QTRY_VERIFY(!passive.isMarkedDown(backend->id));
    QVERIFY(!passive.isOnProbation(backend->id));
    QCOMPARE(backend->health, Health::Down);
}

void TestPassiveHealth::forgetEndsTheDownTime() {
    PassiveHealth passive;
    const BackendPtr backend = makeBackend();
    const BackendPtr witness = makeBackend();
    passive.recordAttempt(backend, PassiveHealthConfig{1, 50ms}, true);
    passive.recordAttempt(witness, PassiveHealthConfig{1, 50ms}, true);
    passive.forget(backend->id); // as when the probes mark it up
    backend->setHealth(Health::Up);
    // The forgotten down time's end changes nothing; a second marking starts a fresh one.
    passive.recordAttempt(backend, PassiveHealthConfig{1, 60s}, true);
    QCOMPARE(backend->health, Health::Down);
    // The witness's down time started after the forgotten one and lasts as long: once it is
    // over, so is the forgotten one.
    QTRY_VERIFY(passive.isOnProbation(witness->id));
    QCOMPARE(backend->health, Health::Down);
    QVERIFY(passive.isMarkedDown(backend->id));
}

QTEST_MAIN(TestPassiveHealth)
#include "tst_passivehealth.moc"
