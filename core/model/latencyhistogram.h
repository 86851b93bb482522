#pragma once

#include <QtGlobal>
#include <array>
#include <chrono>

// Fixed-bucket latency histogram: constant memory, O(1) record, used for /metrics (Prometheus
// cumulative buckets) and for p50/p99 estimates in snapshots.
class LatencyHistogram final {
public:
    // Upper bounds in microseconds; one more implicit +Inf bucket.
    static constexpr std::array<qint64, 15> boundsMicros = {
        250,    500,    1000,   2500,    5000,    10000,   25000,   50000,
        100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000};

    void record(std::chrono::microseconds duration);

    quint64 count() const { return m_count; }
    qint64 sumMicros() const { return m_sumMicros; }
    // Count of observations <= boundsMicros[i]; index boundsMicros.size() is +Inf.
    quint64 cumulativeCount(size_t bucketIndex) const;
    qint64 maxMicros() const { return m_maxMicros; }
    // Estimated quantile (0..1) in microseconds by linear interpolation in the bucket, never above
    // the slowest observation (a wide bucket would otherwise report a time nobody waited); 0 if
    // empty.
    qint64 quantileMicros(double quantile) const;

private:
    std::array<quint64, boundsMicros.size() + 1> m_buckets{};
    quint64 m_count = 0;
    qint64 m_sumMicros = 0;
    qint64 m_maxMicros = 0;
};
