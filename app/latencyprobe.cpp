#include "latencyprobe.h"

#include <algorithm>

LatencyProbe::LatencyProbe(std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
    , m_interval(interval) {
    // Precise: a coarse timer may legitimately fire 5 % early or late, which would read as
    // lateness of the loop.
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &LatencyProbe::onFired);
}

void LatencyProbe::start() {
    m_clock.start();
    arm();
}

void LatencyProbe::arm() {
    // Re-armed from the fire, not repeating: a repeating QTimer skips fires it missed, and the
    // due time of the next would no longer be known here.
    m_dueNs = m_clock.nsecsElapsed() + std::chrono::nanoseconds(m_interval).count();
    m_timer.start(m_interval);
}

void LatencyProbe::onFired() {
    const qint64 latenessUs = std::max<qint64>(0, m_clock.nsecsElapsed() - m_dueNs) / 1000;
    arm();
    Q_EMIT fired(latenessUs);
}
