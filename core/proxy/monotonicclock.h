#pragma once

#include <QtGlobal>
#include <chrono>

// Monotonic time for deadlines and durations (never the wall clock, which can jump).
inline qint64 monotonicMicros() {
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

inline qint64 monotonicMillis() {
    return monotonicMicros() / 1000;
}
