#pragma once

#include "model/latencyhistogram.h"
#include "traffic/trafficplan.h"
#include "traffic/trafficsummary.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

class TrafficConnection;

// One run of a TrafficPlan, living in the traffic thread and touched only there. Owns the
// plan's connections, decides when each request is issued, and counts the outcomes.
//
// Count mode keeps every connection busy until totalRequests were issued. Rate mode issues
// request i at start + i/R s on a precise timer, so the requests are spread evenly and never
// sent in bursts; a request that comes due while every connection still waits for a response is
// skipped (counted as such) rather than queued, since sending it later would make a burst.
// Memory stays constant whatever the number of requests: outcomes are counters and latencies
// go into a fixed-bucket histogram.
class TrafficRun final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficRun)

public:
    // plan must be valid (TrafficPlan::validationError() empty).
    explicit TrafficRun(const TrafficPlan &plan, QObject *parent = nullptr);
    ~TrafficRun() override;

    void start();
    // Ends the run now: open connections are aborted and finished() reports what completed.
    void stop();
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    // At most every progressInterval while counts change, and once more at the end.
    void progress(qint64 sent, qint64 completed);
    void finished(const TrafficSummary &summary);

private:
    static constexpr std::chrono::milliseconds progressInterval{100};

    void postIssue();
    void issueRequests();
    void issueCountMode();
    void issueRateMode();
    // A free connection, or nullptr if all have a request outstanding.
    TrafficConnection *freeConnection() const;
    void issueOn(TrafficConnection *connection);
    void onResponded(int status, std::chrono::microseconds latency);
    void onFailed(TrafficTransportError error);
    void reportProgress();
    bool isDone() const;
    void finish(bool stopped);

    const TrafficPlan m_plan;
    const qint64 m_expected;                  // -1: until stopped
    QList<TrafficConnection *> m_connections; // children
    QElapsedTimer m_clock;
    QTimer m_slotTimer;
    QTimer m_progressTimer;
    TrafficSummary m_summary;
    LatencyHistogram m_latency;
    qint64 m_slotsPassed = 0; // rate mode: slots sent or skipped
    qint64 m_reportedSent = -1;
    qint64 m_reportedCompleted = -1;
    bool m_issuePosted = false;
    bool m_finished = false;
};
