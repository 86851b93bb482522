#pragma once

#include "model/requestrecord.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

class GatewayController;

// Emits GatewayController::recordsReady with synthetic batches at an exact record rate, as the
// gateway's RecordBatcher would at that request rate: batches of `batchSize` records, one every
// batchSize / rate seconds. Meant to live in a thread of its own, so that the schedule does not
// slip when the GUI thread is late and the batches reach the window as queued calls, like the
// worker's.
class RecordFeeder final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordFeeder)

public:
    // templates: the records to cycle through (ids and start times are set when sent); must not
    // be empty.
    RecordFeeder(GatewayController &controller, QList<RequestRecord> templates,
                 int recordsPerSecond, int batchSize);

    // Call in the feeder's thread (queued).
    void start();
    void stop();

private:
    void sendDue();

    GatewayController &m_controller;
    const QList<RequestRecord> m_templates;
    const int m_rate;
    const int m_batchSize;
    QTimer m_timer{this}; // a child, so that it moves to the feeder's thread with it
    QElapsedTimer m_clock;
    qint64 m_sent = 0;
};
