#pragma once

#include <QtGlobal>
#include <vector>

// p50, p99 and maximum of a set of durations in microseconds (nearest-rank percentiles).
struct Distribution {
    qsizetype count = 0;
    qint64 p50Us = 0;
    qint64 p99Us = 0;
    qint64 maxUs = 0;
};

// Sorts samples in place. An empty set gives an all-zero Distribution.
Distribution summarize(std::vector<qint64> &samples);
