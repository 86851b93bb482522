#include "inmemoryexchangeenvironment.h"

#include "proxy/routetable.h"

InMemoryExchangeEnvironment::InMemoryExchangeEnvironment(const QList<RouteConfig> &routes,
                                                         Upstreams upstreams)
    : m_routes(RouteTable::build(routes, nullptr))
    , m_upstreams(upstreams) {}

InMemoryExchangeEnvironment::~InMemoryExchangeEnvironment() = default;

UpstreamLink *InMemoryExchangeEnvironment::acquireUpstream(const BackendPtr &backend) {
    if (m_upstreams == Upstreams::Scripted) {
        links.push_back(std::make_unique<InMemoryUpstreamLink>(connectedLinks));
        return links.back().get();
    }
    auto transport = std::make_unique<InMemoryUpstreamTransport>();
    InMemoryUpstreamTransport *peer = transport.get();
    connections.push_back(
        {std::make_unique<UpstreamConnection>(backend, std::move(transport)), peer});
    UpstreamConnection &connection = *connections.back().connection;
    connection.connectToBackend();
    return &connection;
}

void InMemoryExchangeEnvironment::releaseUpstream(UpstreamLink *link) {
    ++released;
    if (m_upstreams == Upstreams::Scripted)
        return;
    // As UpstreamPool::release(): what cannot serve another exchange is closed.
    auto *connection = static_cast<UpstreamConnection *>(link);
    connection->detach();
    if (connection->state() != UpstreamConnection::State::Idle)
        connection->close();
}

void InMemoryExchangeEnvironment::attemptFinished(Route &, Backend &, bool failed) {
    failedAttempts += failed ? 1 : 0;
}
