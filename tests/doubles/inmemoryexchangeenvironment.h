#pragma once

#include "config/gatewayconfig.h"
#include "inmemoryupstreamlink.h"
#include "inmemoryupstreamtransport.h"
#include "model/bytearena.h"
#include "model/requestrecord.h"
#include "proxy/exchangeenvironment.h"
#include "proxy/exchangeobserver.h"
#include "proxy/upstreamconnection.h"

#include <memory>
#include <vector>

// The gateway around an exchange, in memory: ProxyServer's part for ProxyExchange and
// ClientConnection driven without sockets (tests/unit, tests/fuzz). Routes are built from the
// given config with default limits; each exchange's record and each attempt's end are kept.
// Every acquire opens a new connection, kept until the environment goes (no pooling).
class InMemoryExchangeEnvironment final : public ExchangeEnvironment, public ExchangeObserver {
public:
    // What acquireUpstream() hands out.
    enum class Upstreams {
        Scripted, // InMemoryUpstreamLinks: the test answers through respond()
        Real,     // UpstreamConnections over InMemoryUpstreamTransports, connecting
    };
    // The pseudonym in the Via header of what the gateway forwards.
    static constexpr QByteArrayView pseudonym = "gateway-console-0123456789abcdef";

    explicit InMemoryExchangeEnvironment(const QList<RouteConfig> &routes,
                                         Upstreams upstreams = Upstreams::Scripted);
    ~InMemoryExchangeEnvironment();
    Q_DISABLE_COPY_MOVE(InMemoryExchangeEnvironment)

    void setLimits(const LimitsConfig &limits) { m_limits = limits; }

    // ExchangeEnvironment.
    const LimitsConfig &limits() const override { return m_limits; }
    quint64 nextRequestId() override { return ++m_lastId; }
    std::shared_ptr<RouteTable> currentRoutes() const override { return m_routes; }
    const QByteArray &viaPseudonym() const override { return m_pseudonym; }
    ExchangeObserver &observer() override { return *this; }
    std::optional<qint64> captureBodyLimit() const override { return captureLimit; }
    ByteArena &recordArena() override { return arena; }
    ByteArena &captureArena() override { return capturesArena; }
    UpstreamLink *acquireUpstream(const BackendPtr &backend) override;
    void releaseUpstream(UpstreamLink *link) override;
    // ExchangeObserver.
    void exchangeFinished(RequestRecord &&record) override { records.push_back(record); }
    void exchangeCaptured(CapturedExchange &&exchange) override { captures.push_back(exchange); }
    void attemptFinished(Route &, Backend &, bool failed) override;

    // Upstreams::Scripted: whether acquired links are pooled (connected) ones.
    bool connectedLinks = false;
    // Upstreams::Scripted: one per acquire, in order.
    std::vector<std::unique_ptr<InMemoryUpstreamLink>> links;
    // Upstreams::Real: one per acquire, in order; the transport is the connection's.
    struct Connection {
        std::unique_ptr<UpstreamConnection> connection;
        InMemoryUpstreamTransport *transport = nullptr;
    };
    std::vector<Connection> connections;
    std::vector<RequestRecord> records;
    // Small blocks, so that a test's few exchanges have their strings in several.
    ByteArena arena{1024};
    ByteArena capturesArena{4096};
    // Capture: off unless a test sets the per-body limit; what was captured, in order.
    std::optional<qint64> captureLimit;
    std::vector<CapturedExchange> captures;
    int released = 0;
    int failedAttempts = 0;

private:
    LimitsConfig m_limits;
    std::shared_ptr<RouteTable> m_routes;
    QByteArray m_pseudonym = pseudonym.toByteArray();
    Upstreams m_upstreams;
    quint64 m_lastId = 0;
};
