#pragma once

#include "proxy/descriptorpoller.h"

// What the parking calls back when a parked descriptor has something to say.
class ParkedConnection : private PolledDescriptor {
public:
    // The descriptor became readable or the peer hung up; the connection takes it back with
    // IdleParking::leave() before returning.
    virtual void wakeFromParking() = 0;

protected:
    ~ParkedConnection() = default;

private:
    friend class IdleParking;
    void descriptorReady(quint32) final { wakeFromParking(); }
};

// Where idle keep-alive client connections wait for their next request: in the worker's
// DescriptorPoller, level-triggered for reading, with their streams resting (no buffers). Before
// the poller, Qt's Unix dispatcher handed every enabled socket notifier to ppoll() on each
// wake-up, so each idle connection slowed every request down, and a QTcpSocket kept a 16 KiB read
// and a 32 KiB write chunk while it lived (docs/BENCHMARKS.md, "10 000 idle connections"); what
// parking still saves is the buffers. Worker thread only (a server whose poller has no epoll set
// does not listen, so there is nothing to park: ProxyServer::listen()).
class IdleParking final {
public:
    explicit IdleParking(DescriptorPoller &poller)
        : m_poller(poller) {}
    IdleParking(const IdleParking &) = delete;
    IdleParking &operator=(const IdleParking &) = delete;

    // Watches descriptor until it is readable or hung up, then calls connection's
    // wakeFromParking(). False when it cannot be watched (the caller keeps the connection).
    bool park(int descriptor, ParkedConnection *connection);
    // Stops watching descriptor; no wake-up for it arrives afterwards, not even one already
    // reported in the batch being delivered.
    void leave(int descriptor, ParkedConnection *connection);
    int parkedCount() const { return m_parkedCount; }

private:
    DescriptorPoller &m_poller;
    int m_parkedCount = 0;
};
