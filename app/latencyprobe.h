#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <chrono>

// Measures how late the event loop of the thread it lives in runs a timer: a single-shot precise
// timer is armed for `interval`, and each fire reports how long after the due time it ran, then
// re-arms. An idle loop fires within a few tens of microseconds; a loop busy with one long
// piece of work (a batch insert, a repaint) fires once, late by about that work's length.
//
// Samples are taken every interval only while the loop keeps up, so a stall yields one sample:
// the maximum is the honest figure for stalls, the percentiles for the typical wait. Used by
// gateway-ui-latency (bench/ui-latency) and by EventLoopLatencyLog in gateway-console.
class LatencyProbe final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LatencyProbe)

public:
    explicit LatencyProbe(std::chrono::milliseconds interval, QObject *parent = nullptr);

    void start();

Q_SIGNALS:
    // Once per fire, in the probe's thread: how late it ran, in microseconds (0 or more).
    void fired(qint64 latenessUs);

private:
    void arm();
    void onFired();

    const std::chrono::milliseconds m_interval;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_dueNs = 0;
};
