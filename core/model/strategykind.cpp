#include "model/strategykind.h"

#include <QList>

#include <array>
#include <utility>

namespace {

// Declaration order of StrategyKind, so allStrategyNames() lists them the way the enum does.
constexpr std::array<std::pair<StrategyKind, const char *>, 6> canonicalNames{{
    {StrategyKind::RoundRobin, "round_robin"},
    {StrategyKind::WeightedRoundRobin, "weighted_round_robin"},
    {StrategyKind::LeastConnections, "least_connections"},
    {StrategyKind::Random, "random"},
    {StrategyKind::PowerOfTwo, "power_of_two"},
    {StrategyKind::IpHash, "ip_hash"},
}};

// The names the original blog post's configuration used ("random" is both canonical and alias).
constexpr std::array<std::pair<StrategyKind, const char *>, 3> blogAliases{{
    {StrategyKind::RoundRobin, "round"},
    {StrategyKind::LeastConnections, "leastConn"},
    {StrategyKind::WeightedRoundRobin, "weight"},
}};

} // namespace

// fromRawData: the names are static, so that naming the strategy (the access log's reason, once
// per line) allocates nothing.
QByteArray strategyName(StrategyKind kind) {
    for (const auto &[candidate, name] : canonicalNames) {
        if (candidate == kind)
            return QByteArray::fromRawData(name, qsizetype(qstrlen(name)));
    }
    Q_UNREACHABLE();
    return QByteArray();
}

bool strategyUsesWeights(StrategyKind kind) {
    return kind != StrategyKind::RoundRobin;
}

std::optional<StrategyKind> parseStrategyName(QByteArrayView name) {
    for (const auto &[kind, canonical] : canonicalNames) {
        if (name == QByteArrayView(canonical))
            return kind;
    }
    for (const auto &[kind, alias] : blogAliases) {
        if (name == QByteArrayView(alias))
            return kind;
    }
    return std::nullopt;
}

QList<QByteArray> allStrategyNames() {
    QList<QByteArray> names;
    names.reserve(qsizetype(canonicalNames.size()));
    for (const auto &[kind, name] : canonicalNames)
        names.append(QByteArray(name));
    return names;
}
