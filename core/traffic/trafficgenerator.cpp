#include "traffic/trafficgenerator.h"

#include "threading/threadhandoff.h"
#include "traffic/trafficrun.h"

// The traffic thread's side: holds the current run (and the last one until the next start) and
// is touched only in that thread.
class TrafficGenerator::Runner final : public QObject {
    Q_DISABLE_COPY_MOVE(Runner)

public:
    Runner() = default;

    void start(const TrafficPlan &plan, TrafficGenerator *generator) {
        delete m_run;
        m_run = new TrafficRun(plan, this);
        connectAcross(m_run, &TrafficRun::progress, generator, &TrafficGenerator::progress);
        connectAcross(m_run, &TrafficRun::finished, generator,
                      [generator](const TrafficSummary &summary) {
                          generator->m_running = false;
                          Q_EMIT generator->finished(summary);
                      });
        m_run->start();
    }

    void stop() {
        if (m_run)
            m_run->stop();
    }

private:
    TrafficRun *m_run = nullptr; // child
};

TrafficGenerator::TrafficGenerator(QObject *parent)
    : QObject(parent)
    , m_runner(new Runner) {
    qRegisterMetaType<TrafficPlan>();
    qRegisterMetaType<TrafficSummary>();
    m_thread.setObjectName(QStringLiteral("traffic"));
    m_runner->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_runner, &QObject::deleteLater);
    m_thread.start();
}

TrafficGenerator::~TrafficGenerator() {
    // The runner and its connections are deleted in their own thread when it finishes; a
    // finished() still queued for this object is dropped with it.
    m_thread.quit();
    m_thread.wait();
}

QString TrafficGenerator::start(const TrafficPlan &plan) {
    if (m_running)
        return QStringLiteral("traffic is already running");
    if (const QString error = plan.validationError(); !error.isEmpty())
        return error;
    m_running = true;
    postTo(m_runner, [runner = m_runner, plan, this] { runner->start(plan, this); });
    return {};
}

void TrafficGenerator::stop() {
    postTo(m_runner, [runner = m_runner] { runner->stop(); });
}
