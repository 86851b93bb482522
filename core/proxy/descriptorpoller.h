#pragma once

#include <QObject>
#include <QSocketNotifier>
#include <QString>
#include <array>
#include <vector>

#include <sys/epoll.h>

// What a DescriptorPoller calls back.
class PolledDescriptor {
public:
    // The epoll events of the descriptor (EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLLHUP, EPOLLERR), or
    // 0 for a turn it asked for (DescriptorPoller::schedule()). It may be destroyed inside the
    // call, if it stops being watched first (its destructor's job).
    virtual void descriptorReady(quint32 events) = 0;

protected:
    ~PolledDescriptor() = default;

private:
    friend class DescriptorPoller;
    bool m_turnAsked = false; // in DescriptorPoller's turns: asking again adds nothing
};

// The worker's one epoll set, which Qt's event loop watches through a single QSocketNotifier:
// the descriptor streams of every open connection (edge-triggered, DescriptorStream) and the idle
// client connections (level-triggered, IdleParking). Qt's Unix dispatcher hands every enabled
// socket notifier to ppoll() on each pass and keeps them in a hash that enabling or disabling one
// edits (twice per write), so with N connections each pass costs O(N) in the kernel and in Qt;
// here a pass costs what is ready, and an event goes straight to its stream, with no QEvent
// (docs/BENCHMARKS.md, "The worker's event loop on epoll"). Linux only, like the rest of the
// gateway's platform code. Worker thread only.
class DescriptorPoller final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DescriptorPoller)

public:
    explicit DescriptorPoller(QObject *parent = nullptr);
    ~DescriptorPoller() override;

    // False when the epoll set could not be made (no descriptor left): nothing can be watched,
    // and unavailableReason() says why.
    bool isAvailable() const { return m_epollFd >= 0; }
    QString unavailableReason() const;
    // Watches descriptor for events (epoll's flags: EPOLLET for edges). What it is already ready
    // for is reported on the next pass. False when it cannot be watched (errno says why).
    bool watch(int descriptor, quint32 events, PolledDescriptor *target);
    // Stops watching; nothing more reaches target, not even what the pass being delivered holds
    // for it, and its scheduled turn is dropped. Before the descriptor closes: epoll forgets a
    // descriptor only when every duplicate of it is closed.
    bool unwatch(int descriptor, PolledDescriptor *target);
    // descriptorReady(0) at the end of the pass being delivered, or on the event loop's next pass
    // when none is: for a stream that stopped with more to read or left a send for later. Once,
    // however often it is asked before the turn comes.
    void schedule(PolledDescriptor *target);

private:
    void deliverReady();
    void deliverTurns();
    // One posted call for the turns, however often asked before it runs.
    void postTurns();
    void postedTurns();
    bool isDelivering() const { return m_batchCount > 0 || !m_turns.empty(); }

    // Events delivered per activation; more stay ready and the notifier fires again.
    static constexpr int batchSize = 64;

    int m_epollFd = -1;
    int m_creationError = 0; // errno of epoll_create1 when it failed
    QSocketNotifier *m_notifier = nullptr;
    std::array<epoll_event, batchSize> m_batch{};
    int m_batchCount = 0; // events of m_batch not delivered yet (delivery in progress)
    int m_batchNext = 0;
    // Turns asked for, and those being delivered (a target that went is null there). Whether a
    // target is in them is its own flag, so asking costs O(1) however many streams wait.
    std::vector<PolledDescriptor *> m_scheduled;
    std::vector<PolledDescriptor *> m_turns;
    bool m_turnsPosted = false;
};
