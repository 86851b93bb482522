#pragma once

#include "traffic/trafficplan.h"
#include "traffic/trafficsummary.h"

#include <QObject>
#include <QString>
#include <QThread>

// Sends test traffic through the gateway (README "Traffic generator"). The requests are made in
// a thread of its own ("traffic"): never the GUI's, whose event loop must stay free for the
// window, nor the gateway's worker, whose measurements they would distort.
//
// The only way in from other threads, like GatewayController and DemoCluster: calls are posted
// as queued calls, answers come back as signals carrying values. One run at a time: start()
// is refused until the previous run's finished() has been emitted. Lives in the thread that
// created it.
class TrafficGenerator final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficGenerator)

public:
    explicit TrafficGenerator(QObject *parent = nullptr);
    // Ends a run without emitting finished() and joins the thread.
    ~TrafficGenerator() override;

    // Starts a run of plan. Returns why it cannot (invalid plan, a run still going), or an
    // empty string when the run was started; finished() follows in every started case.
    QString start(const TrafficPlan &plan);
    // Ends the running run promptly; finished() then reports it with stopped set.
    void stop();
    // Between a successful start() and the finished() that ends it.
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    // At most about ten times a second while the counts change, and once at the end.
    void progress(qint64 sent, qint64 completed);
    void finished(const TrafficSummary &summary);

private:
    class Runner;

    QThread m_thread;
    Runner *m_runner; // lives in m_thread; deleted there when the thread finishes
    bool m_running = false;
};
