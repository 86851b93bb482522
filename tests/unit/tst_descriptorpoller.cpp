// DescriptorPoller: the worker's one epoll set behind one socket notifier. An edge-triggered
// watch reports a descriptor once per change, a level-triggered one on every pass while it is
// ready; what was ready before the watch is reported too. Unwatching drops what the pass being
// delivered still holds for the target. A turn asked for comes once: at the end of the pass
// being delivered, or on the next pass of the event loop, and a turn asked for during the turns
// waits for a later pass. Real descriptors (socketpair), the event loop driven by QTRY_*.
#include "proxy/descriptorpoller.h"

#include <QTest>
#include <functional>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Both ends of a connected pair of stream sockets, closed at the end.
struct SocketPair {
    int ours = -1;
    int peer = -1;
    SocketPair() {
        int ends[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, ends) == 0) {
            ours = ends[0];
            peer = ends[1];
        }
    }
    ~SocketPair() {
        ::close(ours);
        ::close(peer);
    }
    SocketPair(const SocketPair &) = delete;
    SocketPair &operator=(const SocketPair &) = delete;
    bool peerSends(const char *bytes) const {
        const auto size = std::strlen(bytes);
        return ::send(peer, bytes, size, MSG_NOSIGNAL) == ssize_t(size);
    }
};

// Records what it is told, in one log shared by all targets of a test, and runs a reaction.
class RecordingTarget final : public PolledDescriptor {
public:
    RecordingTarget(QString name, QStringList &log)
        : m_name(std::move(name))
        , m_log(log) {}
    std::function<void(quint32 events)> reaction;
    int events = 0;
    int turns = 0;

    void descriptorReady(quint32 reported) override {
        if (reported == 0) {
            ++turns;
            m_log.append(m_name + " turn");
        } else {
            ++events;
            m_log.append(m_name + ((reported & EPOLLIN) ? " readable" : " event"));
        }
        if (reaction)
            reaction(reported);
    }

private:
    QString m_name;
    QStringList &m_log;
};

constexpr quint32 edgeTriggeredReading = EPOLLIN | EPOLLRDHUP | EPOLLET;
constexpr quint32 levelTriggeredReading = EPOLLIN | EPOLLRDHUP;

} // namespace

class TestDescriptorPoller final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void edgeTriggeredReportsEachChangeOnce();
    void levelTriggeredReportsEveryPassWhileReady();
    void reportsWhatWasReadyBeforeTheWatch();
    void unwatchDropsWhatThePassStillHoldsForTheTarget();
    void aScheduledTurnComesOnceOnTheNextPass();
    void aTurnAskedForDuringAPassComesAtItsEnd();
    void aTurnAskedForDuringTheTurnsWaitsForALaterPass();
    void unwatchCancelsAScheduledTurn();
    void unwatchDuringTheTurnsDropsATurnNotDeliveredYet();

private:
    // Runs the event loop until a call posted now has run, and so everything posted before it.
    void runWhatIsPosted();

    std::unique_ptr<DescriptorPoller> m_poller;
    QStringList m_log; // what every target of a test was told, in order
};

void TestDescriptorPoller::init() {
    m_poller = std::make_unique<DescriptorPoller>();
    QVERIFY(m_poller->isAvailable());
    m_log.clear();
}

void TestDescriptorPoller::cleanup() {
    m_poller.reset();
}

void TestDescriptorPoller::runWhatIsPosted() {
    bool ran = false;
    QMetaObject::invokeMethod(
        m_poller.get(), [&] { ran = true; }, Qt::QueuedConnection);
    QTRY_VERIFY(ran);
}

void TestDescriptorPoller::edgeTriggeredReportsEachChangeOnce() {
    SocketPair watched, marker;
    RecordingTarget target("watched", m_log), markerTarget("marker", m_log);
    QVERIFY(m_poller->watch(watched.ours, edgeTriggeredReading, &target));
    QVERIFY(m_poller->watch(marker.ours, edgeTriggeredReading, &markerTarget));
    QVERIFY(watched.peerSends("a"));
    QTRY_COMPARE(target.events, 1);
    // Not read: a level-triggered watch would report it on every pass. The marker's bytes come
    // later, so the passes in between did not report the first descriptor again.
    QVERIFY(marker.peerSends("m"));
    QTRY_COMPARE(markerTarget.events, 1);
    QCOMPARE(target.events, 1);
    // A new change is a new edge.
    QVERIFY(watched.peerSends("b"));
    QTRY_COMPARE(target.events, 2);
    QVERIFY(m_poller->unwatch(watched.ours, &target));
    QVERIFY(m_poller->unwatch(marker.ours, &markerTarget));
}

void TestDescriptorPoller::levelTriggeredReportsEveryPassWhileReady() {
    SocketPair watched;
    RecordingTarget target("watched", m_log);
    QVERIFY(m_poller->watch(watched.ours, levelTriggeredReading, &target));
    QVERIFY(watched.peerSends("a"));
    QTRY_VERIFY(target.events >= 3);
    QVERIFY(m_poller->unwatch(watched.ours, &target));
    // Unwatched, nothing more comes however long it stays readable.
    const int reported = target.events;
    SocketPair marker;
    RecordingTarget markerTarget("marker", m_log);
    QVERIFY(m_poller->watch(marker.ours, levelTriggeredReading, &markerTarget));
    QVERIFY(marker.peerSends("m"));
    QTRY_VERIFY(markerTarget.events >= 2);
    QCOMPARE(target.events, reported);
    QVERIFY(m_poller->unwatch(marker.ours, &markerTarget));
}

void TestDescriptorPoller::reportsWhatWasReadyBeforeTheWatch() {
    SocketPair watched;
    QVERIFY(watched.peerSends("early"));
    RecordingTarget target("watched", m_log);
    QVERIFY(m_poller->watch(watched.ours, edgeTriggeredReading, &target));
    QTRY_COMPARE(target.events, 1);
    QVERIFY(m_poller->unwatch(watched.ours, &target));
    // A descriptor watched twice is refused, with epoll's reason.
    QVERIFY(m_poller->watch(watched.ours, edgeTriggeredReading, &target));
    QVERIFY(!m_poller->watch(watched.ours, edgeTriggeredReading, &target));
    QCOMPARE(errno, EEXIST);
    QVERIFY(m_poller->unwatch(watched.ours, &target));
    QVERIFY(!m_poller->unwatch(watched.ours, &target));
}

// Two descriptors ready in the same pass; whichever is told first unwatches the other (as a
// connection that closes another would): the other hears nothing, though its event is in the
// batch being delivered.
void TestDescriptorPoller::unwatchDropsWhatThePassStillHoldsForTheTarget() {
    SocketPair first, second;
    RecordingTarget firstTarget("first", m_log), secondTarget("second", m_log);
    firstTarget.reaction = [&](quint32) { m_poller->unwatch(second.ours, &secondTarget); };
    secondTarget.reaction = [&](quint32) { m_poller->unwatch(first.ours, &firstTarget); };
    QVERIFY(first.peerSends("1"));
    QVERIFY(second.peerSends("2"));
    // Both ready before the loop runs: one epoll_wait returns both.
    QVERIFY(m_poller->watch(first.ours, levelTriggeredReading, &firstTarget));
    QVERIFY(m_poller->watch(second.ours, levelTriggeredReading, &secondTarget));
    // Level-triggered and still readable: the one left goes on being reported, alone.
    QTRY_VERIFY(m_log.size() >= 3);
    QCOMPARE(m_log.filter(m_log.first()).size(), m_log.size());
    if (firstTarget.events > 0)
        m_poller->unwatch(first.ours, &firstTarget);
    else
        m_poller->unwatch(second.ours, &secondTarget);
}

void TestDescriptorPoller::aScheduledTurnComesOnceOnTheNextPass() {
    RecordingTarget target("target", m_log);
    m_poller->schedule(&target);
    m_poller->schedule(&target);
    QCOMPARE(target.turns, 0); // not inside the call
    QTRY_COMPARE(target.turns, 1);
    // Once, however often asked: a call posted now runs after any second turn would have.
    runWhatIsPosted();
    QCOMPARE(target.turns, 1);
}

// A stream that leaves a send for the end of the pass (written, not flushed) gets its turn
// before the event loop runs anything else: before a call it posted while it was told.
void TestDescriptorPoller::aTurnAskedForDuringAPassComesAtItsEnd() {
    SocketPair watched;
    RecordingTarget target("watched", m_log), other("other", m_log);
    target.reaction = [&](quint32 events) {
        if (events == 0)
            return;
        QMetaObject::invokeMethod(
            m_poller.get(), [&] { m_log.append("posted"); }, Qt::QueuedConnection);
        m_poller->schedule(&other);
    };
    QVERIFY(m_poller->watch(watched.ours, edgeTriggeredReading, &target));
    QVERIFY(watched.peerSends("a"));
    QTRY_COMPARE(m_log.size(), 3);
    QCOMPARE(m_log, QStringList({"watched readable", "other turn", "posted"}));
    QVERIFY(m_poller->unwatch(watched.ours, &target));
}

// A stream that always has more to read asks for a turn in each of its turns; the next one comes
// on a later pass of the event loop, after what was posted meanwhile, so it cannot hold the loop.
void TestDescriptorPoller::aTurnAskedForDuringTheTurnsWaitsForALaterPass() {
    RecordingTarget target("target", m_log);
    target.reaction = [&](quint32) {
        if (target.turns == 1)
            QMetaObject::invokeMethod(
                m_poller.get(), [&] { m_log.append("posted"); }, Qt::QueuedConnection);
        if (target.turns < 3)
            m_poller->schedule(&target);
    };
    m_poller->schedule(&target);
    QTRY_COMPARE(target.turns, 3);
    QCOMPARE(m_log, QStringList({"target turn", "posted", "target turn", "target turn"}));
}

void TestDescriptorPoller::unwatchCancelsAScheduledTurn() {
    SocketPair watched;
    RecordingTarget target("target", m_log);
    QVERIFY(m_poller->watch(watched.ours, edgeTriggeredReading, &target));
    m_poller->schedule(&target);
    QVERIFY(m_poller->unwatch(watched.ours, &target));
    runWhatIsPosted();
    QCOMPARE(target.turns, 0);
}

// Two turns in one delivery; the first unwatches the second's target (a connection that ends
// another): the second is not told.
void TestDescriptorPoller::unwatchDuringTheTurnsDropsATurnNotDeliveredYet() {
    SocketPair watched;
    RecordingTarget first("first", m_log), second("second", m_log);
    QVERIFY(m_poller->watch(watched.ours, edgeTriggeredReading, &second));
    first.reaction = [&](quint32) { QVERIFY(m_poller->unwatch(watched.ours, &second)); };
    m_poller->schedule(&first);
    m_poller->schedule(&second);
    QTRY_COMPARE(first.turns, 1);
    runWhatIsPosted();
    QCOMPARE(m_log, QStringList({"first turn"}));
}

QTEST_GUILESS_MAIN(TestDescriptorPoller)
#include "tst_descriptorpoller.moc"
