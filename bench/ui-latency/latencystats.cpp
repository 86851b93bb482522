#include "latencystats.h"

#include <algorithm>
#include <cmath>

namespace {
qint64 nearestRank(const std::vector<qint64> &sorted, double percentile) {
    const auto rank = size_t(std::ceil(percentile / 100.0 * double(sorted.size())));
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}
} // namespace

Distribution summarize(std::vector<qint64> &samples) {
    if (samples.empty())
        return {};
    std::sort(samples.begin(), samples.end());
    return {qsizetype(samples.size()), nearestRank(samples, 50), nearestRank(samples, 99),
            samples.back()};
}
