#pragma once

#include "latencyprobe.h"

#include <QFile>
#include <QObject>
#include <QString>

// For bench/run.sh's window rows: probes the event loop of the thread it lives in (the GUI
// thread, in gateway-console) every 5 ms and appends each fire's lateness to a file as it
// happens, one line of microseconds each, so that the benchmark can cut out exactly the samples
// taken during one wrk run by the file's size before and after it. gateway-console starts one
// when GATEWAY_CONSOLE_LOOP_LATENCY_FILE names a file (docs/BENCHMARKS.md, "The window rows").
class EventLoopLatencyLog final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLoopLatencyLog)

public:
    explicit EventLoopLatencyLog(QObject *parent = nullptr);

    // Truncates or creates the file and starts probing; returns the error text if the file
    // cannot be opened for writing (nothing is probed then), else an empty string.
    QString start(const QString &path);

private:
    void append(qint64 latenessUs);

    LatencyProbe m_probe;
    QFile m_file;
};
