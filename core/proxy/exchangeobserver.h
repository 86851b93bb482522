#pragma once

#include "balancing/backend.h"
#include "model/capturedexchange.h"
#include "model/requestrecord.h"

struct Route;

// What the proxy reports about traffic, implemented by the Gateway: finished exchanges (for the
// log and metrics), their captures while capture is on, and each attempt's outcome per instance
// (for passive health).
class ExchangeObserver {
public:
    virtual ~ExchangeObserver() = default;
    virtual void exchangeFinished(RequestRecord &&record) = 0;
    // With capture on, just before exchangeFinished() of the same exchange: its heads and
    // bodies (README, "Inspecting traffic").
    virtual void exchangeCaptured(CapturedExchange &&exchange) = 0;
    // failed: connect error, timeout, reset or malformed response from the instance, or a 5xx
    // when the route's passive health counts them (PassiveHealthConfig::countsAsFailure()).
    virtual void attemptFinished(Route &route, Backend &backend, bool failed) = 0;
};
