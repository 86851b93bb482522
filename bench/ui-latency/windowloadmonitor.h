#pragma once

#include "latencyprobe.h"
#include "latencystats.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <vector>

class GatewayController;
class MainWindow;
struct RequestRecord;

// What the GUI thread went through during one phase of a run.
struct PhaseResult {
    QString name;
    double seconds = 0;
    quint64 records = 0;            // records that reached the window
    Distribution lateness;          // of the probe timer
    Distribution batchTime;         // of the window's handling of one recordsReady batch
    int rowsBeforeSlowestBatch = 0; // log rows when the slowest batch came (hints at its cause)
    double guiThreadCpu = 0;        // CPU time of the GUI thread over wall time
    double guiThreadWaiting = 0;    // time runnable but waiting for a CPU, over wall time
    int rowsAtEnd = 0;              // in the request log
    bool ringFull = false;          // the log had dropped rows to stay within its memory limit
};

// Watches the GUI thread while a window shows a gateway's records: probe lateness, the time the
// window's recordsReady handler takes per batch (timed by a handler connected before the
// window's and one connected after it), records received and the thread's CPU time, split into
// phases. A phase under load ends by itself when the request log reaches its memory limit, and a
// "… ring full" phase follows, so the cost of a full ring (every batch drops rows) shows apart.
class WindowLoadMonitor final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WindowLoadMonitor)

public:
    // Connects the first of the two batch handlers: construct before the window.
    explicit WindowLoadMonitor(GatewayController &controller, QObject *parent = nullptr);

    // Connects the second handler: call right after constructing the window, before any batch.
    void watchWindow(MainWindow &window);
    void startProbe();

    void beginPhase(const QString &name);
    // Ends the current phase (if one runs) and keeps its result.
    void endPhase();
    const QList<PhaseResult> &results() const { return m_results; }

private:
    void onProbeFired(qint64 latenessUs);
    void onBatchArriving(const QList<RequestRecord> &records);
    void onBatchHandled();
    int logRows() const;
    bool logFull() const;

    GatewayController &m_controller;
    LatencyProbe m_probe;
    std::vector<qint64> m_lateness; // the probe's samples in the current phase
    MainWindow *m_window = nullptr;
    QElapsedTimer m_clock;
    QString m_phase; // empty: no phase running
    qint64 m_phaseStartNs = 0;
    qint64 m_phaseStartCpuNs = 0;
    qint64 m_phaseStartWaitNs = 0;
    quint64 m_phaseRecords = 0;
    std::vector<qint64> m_batchTimes;
    qint64 m_batchStartNs = -1;
    int m_rowsBeforeBatch = 0;
    qint64 m_slowestBatchUs = -1;
    int m_rowsBeforeSlowestBatch = 0;
    bool m_splitOnRingFull = false;
    QList<PhaseResult> m_results;
};
