#pragma once

#include <cstdint>
#include <vector>

// The percentiles gateway-one-connection prints: as the samples came, and as wrk 4 would print
// them after its correction for coordinated omission (docs/BENCHMARKS.md, "What wrk's
// 1-connection p99 is").

// Nearest rank over sorted (ascending, not empty) samples: the sample at rank
// max(1, percent/100 * n + 0.5), rounded down.
uint64_t nearestRankPercentile(const std::vector<uint64_t> &sorted, double percent);

// wrk 4's stats_correct() then stats_percentile() over samples (any order, not empty):
// every sample L >= 2 * interval adds the samples L - interval, L - 2 * interval, ... while they
// stay above interval (interval 0: none), and the percentile is the first value whose
// cumulative count reaches round(percent/100 * count + 0.5).
uint64_t wrkCorrectedPercentile(const std::vector<uint64_t> &samples, uint64_t interval,
                                double percent);
