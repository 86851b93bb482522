#include "windowloadmonitor.h"

#include "requestlog/requestlogmodel.h"
#include "window/mainwindow.h"

#include "control/gatewaycontroller.h"

#include <QFile>
#include <ctime>

namespace {
constexpr std::chrono::milliseconds probeInterval(5);

qint64 threadCpuNs() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// Nanoseconds the calling thread has spent runnable but waiting for a CPU (the kernel's
// schedstat, second field; 0 where it is not available). On a busy machine this, not the
// window's work, can make the probe late.
qint64 threadRunQueueWaitNs() {
    QFile file(QStringLiteral("/proc/thread-self/schedstat"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = file.readAll().simplified().split(' ');
    return fields.size() >= 2 ? fields[1].toLongLong() : 0;
}
} // namespace

WindowLoadMonitor::WindowLoadMonitor(GatewayController &controller, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_probe(probeInterval) {
    m_clock.start();
    connect(&m_probe, &LatencyProbe::fired, this, &WindowLoadMonitor::onProbeFired);
    connect(&controller, &GatewayController::recordsReady, this,
            &WindowLoadMonitor::onBatchArriving);
}

void WindowLoadMonitor::watchWindow(MainWindow &window) {
    m_window = &window;
    // Runs right after the window's handler: a signal calls its handlers in connection order,
    // and the queued calls of one emission are posted together, so nothing runs in between.
    connect(&m_controller, &GatewayController::recordsReady, this,
            &WindowLoadMonitor::onBatchHandled);
}

void WindowLoadMonitor::startProbe() {
    m_probe.start();
}

void WindowLoadMonitor::beginPhase(const QString &name) {
    endPhase();
    m_lateness.clear(); // what came before belongs to no phase
    m_phase = name;
    m_phaseStartNs = m_clock.nsecsElapsed();
    m_phaseStartCpuNs = threadCpuNs();
    m_phaseStartWaitNs = threadRunQueueWaitNs();
    m_phaseRecords = 0;
    m_batchTimes.clear();
    m_slowestBatchUs = -1;
    m_splitOnRingFull = !logFull();
}

void WindowLoadMonitor::endPhase() {
    if (m_phase.isEmpty())
        return;
    PhaseResult result;
    result.name = m_phase;
    const qint64 wallNs = m_clock.nsecsElapsed() - m_phaseStartNs;
    result.seconds = double(wallNs) / 1e9;
    result.records = m_phaseRecords;
    result.lateness = summarize(m_lateness);
    m_lateness.clear();
    result.batchTime = summarize(m_batchTimes);
    result.rowsBeforeSlowestBatch = m_rowsBeforeSlowestBatch;
    result.guiThreadCpu = double(threadCpuNs() - m_phaseStartCpuNs) / double(wallNs);
    result.guiThreadWaiting = double(threadRunQueueWaitNs() - m_phaseStartWaitNs) / double(wallNs);
    result.rowsAtEnd = logRows();
    result.ringFull = logFull();
    m_results.append(result);
    m_phase.clear();
}

void WindowLoadMonitor::onProbeFired(qint64 latenessUs) {
    if (!m_phase.isEmpty())
        m_lateness.push_back(latenessUs);
}

void WindowLoadMonitor::onBatchArriving(const QList<RequestRecord> &records) {
    m_batchStartNs = m_clock.nsecsElapsed();
    m_rowsBeforeBatch = logRows();
    m_phaseRecords += quint64(records.size());
}

void WindowLoadMonitor::onBatchHandled() {
    if (m_batchStartNs < 0)
        return;
    const qint64 batchUs = (m_clock.nsecsElapsed() - m_batchStartNs) / 1000;
    m_batchTimes.push_back(batchUs);
    m_batchStartNs = -1;
    if (batchUs > m_slowestBatchUs) {
        m_slowestBatchUs = batchUs;
        m_rowsBeforeSlowestBatch = m_rowsBeforeBatch;
    }
    if (m_splitOnRingFull && !m_phase.isEmpty() && logFull()) {
        // The batch that filled the ring still belongs to the filling phase.
        const QString loadPhase = m_phase;
        m_phase = loadPhase + QStringLiteral(", ring filling");
        beginPhase(loadPhase + QStringLiteral(", ring full"));
    }
}

int WindowLoadMonitor::logRows() const {
    return m_window ? m_window->logModel()->rowCount() : 0;
}

bool WindowLoadMonitor::logFull() const {
    // Full once it has had to drop a row to stay within its memory limit.
    return m_window && m_window->logModel()->droppedCount() > 0;
}
