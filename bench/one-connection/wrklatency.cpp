#include "wrklatency.h"

#include <algorithm>
#include <cmath>
#include <map>

uint64_t nearestRankPercentile(const std::vector<uint64_t> &sorted, double percent) {
    const size_t rank = size_t(std::max(1.0, percent / 100.0 * double(sorted.size()) + 0.5));
    return sorted[std::min(rank, sorted.size()) - 1];
}

uint64_t wrkCorrectedPercentile(const std::vector<uint64_t> &samples, uint64_t interval,
                                double percent) {
    std::map<uint64_t, uint64_t> counts;
    for (uint64_t sample : samples)
        ++counts[sample];
    uint64_t total = samples.size();
    if (interval > 0) {
        // Upwards, as wrk walks: what a sample adds lies below it, so it is not corrected again.
        for (const auto &[sample, count] : counts) {
            if (sample < 2 * interval)
                continue;
            for (uint64_t added = sample - interval; added > interval; added -= interval) {
                counts[added] += count;
                total += count;
            }
        }
    }
    const uint64_t rank = uint64_t(std::llround(percent / 100.0 * double(total) + 0.5));
    uint64_t seen = 0;
    for (const auto &[sample, count] : counts) {
        seen += count;
        if (seen >= rank)
            return sample;
    }
    return counts.rbegin()->first;
}
