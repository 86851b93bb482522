#include "model/latencyhistogram.h"

#include <algorithm>

void LatencyHistogram::record(std::chrono::microseconds duration) {
    // A clock step can make a measured duration negative; count it as instantaneous.
    const qint64 micros = std::max<qint64>(duration.count(), 0);
    const auto bound = std::lower_bound(boundsMicros.begin(), boundsMicros.end(), micros);
    ++m_buckets[size_t(bound - boundsMicros.begin())];
    ++m_count;
    m_sumMicros += micros;
    m_maxMicros = std::max(m_maxMicros, micros);
}

quint64 LatencyHistogram::cumulativeCount(size_t bucketIndex) const {
    if (bucketIndex >= boundsMicros.size())
        return m_count;
    quint64 total = 0;
    for (size_t i = 0; i <= bucketIndex; ++i)
        total += m_buckets[i];
    return total;
}

// Prometheus' histogram_quantile(): find the bucket holding the rank-th observation and
// interpolate linearly between its bounds, assuming observations spread evenly inside it. The
// +Inf bucket has no upper bound, so a rank that lands there reports the slowest observation.
// Unlike Prometheus, the histogram knows its maximum: no estimate goes beyond it.
qint64 LatencyHistogram::quantileMicros(double quantile) const {
    if (m_count == 0)
        return 0;
    const double rank = std::clamp(quantile, 0.0, 1.0) * double(m_count);
    quint64 below = 0;
    for (size_t i = 0; i < m_buckets.size(); ++i) {
        const quint64 inBucket = m_buckets[i];
        if (inBucket == 0 || double(below + inBucket) < rank) {
            below += inBucket;
            continue;
        }
        if (i == boundsMicros.size())
            return m_maxMicros;
        const double lower = i == 0 ? 0.0 : double(boundsMicros[i - 1]);
        const double upper = double(boundsMicros[i]);
        const double fraction = (rank - double(below)) / double(inBucket);
        return std::min(qint64(lower + (upper - lower) * fraction), m_maxMicros);
    }
    Q_UNREACHABLE();
    return 0;
}
