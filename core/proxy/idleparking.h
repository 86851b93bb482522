#pragma once

#include <QObject>
#include <QSocketNotifier>
#include <array>

#include <sys/epoll.h>

// What the parking calls back when a parked descriptor has something to say.
class ParkedConnection {
public:
    // The descriptor became readable or the peer hung up; the connection takes it back with
    // IdleParking::leave() before returning.
    virtual void wakeFromParking() = 0;

protected:
    ~ParkedConnection() = default;
};

// Where idle keep-alive client connections wait for their next request, outside Qt's event
// dispatcher. Qt's Unix dispatcher hands every enabled socket notifier to ppoll() on each
// wake-up, so each idle connection would slow every request down, and a QTcpSocket keeps a
// 16 KiB read and a 32 KiB write chunk while it lives (docs/BENCHMARKS.md, "10 000 idle
// connections"). A parked connection has neither: its descriptor sits in one epoll set, which
// Qt watches through a single QSocketNotifier. Linux only (epoll, like the rest of the gateway's
// platform code); if the epoll set cannot be created, isAvailable() is false and connections are
// simply never parked. Worker thread only.
class IdleParking final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IdleParking)

public:
    explicit IdleParking(QObject *parent = nullptr);
    ~IdleParking() override;

    bool isAvailable() const { return m_epollFd >= 0; }
    // Watches descriptor until it is readable or hung up, then calls connection's
    // wakeFromParking(). False when it cannot be watched (the caller keeps the connection).
    bool park(int descriptor, ParkedConnection *connection);
    // Stops watching descriptor; no wake-up for it arrives afterwards, not even one already
    // reported in the batch being delivered.
    void leave(int descriptor, ParkedConnection *connection);
    int parkedCount() const { return m_parkedCount; }

private:
    void deliverWakeUps();

    // Wake-ups delivered per activation; more stay ready and the notifier fires again.
    static constexpr int batchSize = 64;

    int m_epollFd = -1;
    QSocketNotifier *m_notifier = nullptr;
    std::array<epoll_event, batchSize> m_batch{};
    int m_batchCount = 0; // events of m_batch not delivered yet (delivery in progress)
    int m_batchNext = 0;
    int m_parkedCount = 0;
};
