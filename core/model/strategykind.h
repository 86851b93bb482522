#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

// The balancing strategies a route can use. One Balancer subclass per kind lives in its own
// file under core/balancing/.
enum class StrategyKind {
    RoundRobin,
    WeightedRoundRobin,
    LeastConnections,
    Random,
    PowerOfTwo,
    IpHash,
};

// Canonical YAML/API name, e.g. "weighted_round_robin".
QByteArray strategyName(StrategyKind kind);

// Accepts the canonical names and the blog's aliases ("round", "random", "leastConn",
// "weight"). Returns nullopt for anything else.
std::optional<StrategyKind> parseStrategyName(QByteArrayView name);

// Whether the strategy looks at the instances' weights: every one but round_robin, which
// rotates over them one by one (README, "Strategies").
bool strategyUsesWeights(StrategyKind kind);

// Every canonical name, in declaration order (for error messages and menus).
QList<QByteArray> allStrategyNames();
