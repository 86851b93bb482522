#include "proxy/upstreampool.h"

#include "proxy/monotonicclock.h"
#include "proxy/socketupstreamtransport.h"
#include "proxy/upstreamconnection.h"

namespace {
// Idle connections kept per instance; more are closed on release.
constexpr qsizetype maxIdlePerBackend = 256;
} // namespace

UpstreamPool::UpstreamPool(DescriptorPoller &poller, QObject *parent)
    : QObject(parent)
    , m_poller(poller) {}

UpstreamPool::~UpstreamPool() {
    closeAll();
}

UpstreamConnection *UpstreamPool::acquire(const BackendPtr &backend) {
    auto found = m_idle.find(backend->id);
    if (found != m_idle.end()) {
        while (!found->isEmpty()) {
            UpstreamConnection *connection = found->takeLast();
            if (connection->state() == UpstreamConnection::State::Idle)
                return connection;
            connection->deleteLater();
        }
    }
    auto *connection =
        new UpstreamConnection(backend, std::make_unique<SocketUpstreamTransport>(m_poller), this);
    connect(connection, &UpstreamConnection::becameUnusable, this, &UpstreamPool::drop);
    ++m_connectionsOpened;
    connection->connectToBackend();
    return connection;
}

void UpstreamPool::release(UpstreamConnection *connection) {
    connection->detach();
    QList<UpstreamConnection *> &idle = m_idle[connection->backend()->id];
    if (connection->state() == UpstreamConnection::State::Idle && idle.size() < maxIdlePerBackend) {
        idle.append(connection);
        return;
    }
    connection->close();
    connection->deleteLater();
}

void UpstreamPool::drop(UpstreamConnection *connection) {
    auto found = m_idle.find(connection->backend()->id);
    if (found != m_idle.end())
        found->removeOne(connection);
    connection->deleteLater();
}

void UpstreamPool::closeIdleOlderThan(qint64 idleLimitMs) {
    const qint64 now = monotonicMillis();
    for (auto it = m_idle.begin(); it != m_idle.end(); ++it) {
        // Oldest first: the list is used from its end.
        QList<UpstreamConnection *> &idle = it.value();
        while (!idle.isEmpty() && now - idle.first()->idleSinceMs() > idleLimitMs) {
            UpstreamConnection *connection = idle.takeFirst();
            connection->close();
            connection->deleteLater();
        }
    }
}

void UpstreamPool::closeAll() {
    for (QList<UpstreamConnection *> &idle : m_idle) {
        for (UpstreamConnection *connection : idle) {
            connection->close();
            connection->deleteLater();
        }
    }
    m_idle.clear();
}
