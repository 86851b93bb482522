#pragma once

#include "model/democommand.h"
#include "model/demoinstancestate.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QThread>
#include <chrono>
#include <functional>

class DemoBackend;

// The in-process demo instances of the config's `demo: {backends: [...]}` section
// (README, "Demo instances"). They are served in a thread of their own ("demo"): never in the
// gateway's worker, whose measurements they would distort, nor in the GUI thread.
//
// The only way in from other threads. Every call is posted as a queued call and answered by
// signals carrying values, in this order: start() emits started() or startFailed(), stop()
// emits stopped(), a control call naming a port without an instance (or a revive() that cannot
// bind) emits controlFailed(); then every call, successful or not, ends with stateChanged().
// Lives in the thread that created it.
class DemoCluster final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoCluster)

public:
    explicit DemoCluster(QObject *parent = nullptr);
    // Stops every instance (open connections are aborted) and joins the thread.
    ~DemoCluster() override;

    // Replaces the running instances, if any, by one per port on 127.0.0.1 (0 picks a free
    // port). All or nothing: when one port cannot be bound, no instance keeps running.
    void start(const QList<quint16> &ports);
    void stop();

    // Fault control of the instance listening on port (its actual port, as started() reports).
    // See DemoBackend for what each fault does.
    void kill(quint16 port);
    void revive(quint16 port);
    void setLatency(quint16 port, std::chrono::milliseconds latency);
    void setErrorRate(quint16 port, int percent);
    void setResetMidResponse(quint16 port, bool reset);
    // Answered by stateChanged() with the current counters.
    void requestState();

    // The one member that may be called from any thread (the admin API calls it from the
    // gateway's worker): runs command in the demo thread, then calls done with its result in
    // context's thread. Nothing is emitted; done is dropped if context is deleted first.
    void execute(const DemoCommand &command, QObject *context,
                 std::function<void(const DemoCommandResult &result)> done);

Q_SIGNALS:
    void started(const QList<quint16> &ports); // actual ports, in the order asked for
    void startFailed(const QString &message);  // names the port: "... port 8081 is already in use"
    void stopped();
    void controlFailed(const QString &message);
    void stateChanged(const QList<DemoInstanceState> &instances); // in start order

private:
    class Instances;

    // execute() answered by controlFailed() (on failure) and stateChanged().
    void control(const DemoCommand &command);
    // From the demo thread: emits the answer of one call in this object's thread.
    void reply(std::function<void()> emitResult, const QList<DemoInstanceState> &states);

    QThread m_thread;
    Instances *m_instances; // lives in m_thread; deleted there when the thread finishes
};
