#pragma once

#include "balancing/backend.h"

#include <QByteArray>
#include <memory>
#include <optional>

class ByteArena;
class ExchangeObserver;
class RouteTable;
class UpstreamLink;
struct LimitsConfig;

// What a ProxyExchange needs from the gateway: its limits, routes and request ids, where records
// go, and connections to instances. ProxyServer implements it over UpstreamPool; tests and
// fuzzers use tests/doubles/inmemoryexchangeenvironment.h.
class ExchangeEnvironment {
public:
    virtual const LimitsConfig &limits() const = 0;
    virtual quint64 nextRequestId() = 0;
    // The table in force; an exchange keeps the one it started with across a reload.
    virtual std::shared_ptr<RouteTable> currentRoutes() const = 0;
    virtual const QByteArray &viaPseudonym() const = 0;
    virtual ExchangeObserver &observer() = 0;
    // The per-body limit while capture is on (capture.body_limit; 0 keeps heads only), nullopt
    // while it is off. Read when an exchange starts: a switch applies from the next request.
    virtual std::optional<qint64> captureBodyLimit() const = 0;
    // Where what an exchange hands over is kept: parts of blocks shared by the exchanges that
    // finished around it (model/bytearena.h), one arena per kind of keeper, since a block lives
    // as long as the longest-kept part in it: the records' strings (kept by the live log) and
    // the captures (kept by a capture store, under a cap of its own).
    virtual ByteArena &recordArena() = 0;
    virtual ByteArena &captureArena() = 0;
    // An idle keep-alive connection to backend, or a new one, connecting.
    virtual UpstreamLink *acquireUpstream(const BackendPtr &backend) = 0;
    // Hands a link back after an exchange: kept if reusable, otherwise closed and dropped.
    virtual void releaseUpstream(UpstreamLink *link) = 0;

protected:
    ~ExchangeEnvironment() = default;
};
