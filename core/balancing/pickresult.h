#pragma once

#include "balancing/backend.h"
#include "balancing/strategykind.h"

#include <QByteArray>
#include <QList>

// Why an instance was passed over. Kept as values, formatted only for display (house rule 8).
enum class SkipReason : quint8 {
    Disabled,     // admin state disabled
    Draining,     // admin state draining: no new requests
    Down,         // health down
    AlreadyTried, // an earlier attempt of this request failed on it
    NotChosen,    // eligible, but the strategy preferred another (e.g. power_of_two's loser)
};

QByteArray skipReasonName(SkipReason reason);

struct SkippedCandidate {
    int index; // position in Balancer::backends()
    SkipReason reason;
};

// Outcome of Balancer::pick(). backend is null when no instance can take the request (→ 503).
struct PickResult {
    BackendPtr backend;
    int index = -1; // position of backend in Balancer::backends()
    StrategyKind strategy = StrategyKind::RoundRobin;
    QList<SkippedCandidate> skipped;
    // Strategy-specific detail, e.g. "next after #1" or smooth weights "5,1,1 → -2,2,2".
    QByteArray detail;

    // One line for the log: "round_robin: #2 (next after #1); skipped #1 (disabled)".
    // Instance numbers are 1-based for people; indexes stay 0-based in the API.
    QByteArray summary() const;
};

// What a pick may know about the request.
struct PickContext {
    QByteArray clientAddress;   // for ip_hash
    QList<int> excludedIndexes; // instances already tried by this request (retries)
};
