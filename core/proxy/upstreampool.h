#pragma once

#include "balancing/backend.h"

#include <QHash>
#include <QList>
#include <QObject>

class DescriptorPoller;
class UpstreamConnection;

// Keep-alive connections to backend instances, per instance. Reusing them is most of the
// difference between a fast proxy and a slow one: a proxy that opens a connection per request
// pays a connect per request and keeps the backends busy accepting (`make bench` counts
// upstream connections per 1000 requests, docs/BENCHMARKS.md). Worker thread only.
class UpstreamPool final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UpstreamPool)

public:
    // New connections are watched by poller, which must outlive the pool.
    explicit UpstreamPool(DescriptorPoller &poller, QObject *parent = nullptr);
    ~UpstreamPool() override;

    // An idle connection to backend (most recently used first), or a new one, connecting.
    UpstreamConnection *acquire(const BackendPtr &backend);
    // Hands a connection back after an exchange: kept if reusable, otherwise closed.
    void release(UpstreamConnection *connection);
    // Closes idle connections unused for longer than idleLimitMs.
    void closeIdleOlderThan(qint64 idleLimitMs);
    void closeAll();

    // Connections opened since the pool was made (the gateway's start): with keep-alive working,
    // far fewer than requests (/metrics: gateway_upstream_connections_opened_total).
    quint64 connectionsOpened() const { return m_connectionsOpened; }

private:
    void drop(UpstreamConnection *connection);

    DescriptorPoller &m_poller;
    QHash<quint64, QList<UpstreamConnection *>> m_idle; // by Backend::id
    quint64 m_connectionsOpened = 0;
};
