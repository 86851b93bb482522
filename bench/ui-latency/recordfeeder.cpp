#include "recordfeeder.h"

#include "control/gatewaycontroller.h"

#include <QDateTime>

RecordFeeder::RecordFeeder(GatewayController &controller, QList<RequestRecord> templates,
                           int recordsPerSecond, int batchSize)
    : m_controller(controller)
    , m_templates(std::move(templates))
    , m_rate(recordsPerSecond)
    , m_batchSize(batchSize) {
    Q_ASSERT(!m_templates.isEmpty() && m_rate > 0 && m_batchSize > 0);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RecordFeeder::sendDue);
}

void RecordFeeder::start() {
    m_clock.start();
    m_sent = 0;
    m_timer.start(qMax(1, int(qint64(m_batchSize) * 1000 / m_rate)));
}

void RecordFeeder::stop() {
    m_timer.stop();
}

void RecordFeeder::sendDue() {
    // What is due follows from the elapsed time, not from the number of ticks, so a late tick
    // is made up by the next one and the rate stays exact.
    const qint64 due = m_clock.nsecsElapsed() * m_rate / 1'000'000'000 - m_sent;
    for (qint64 batches = due / m_batchSize; batches > 0; --batches) {
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        QList<RequestRecord> batch;
        batch.reserve(m_batchSize);
        for (int i = 0; i < m_batchSize; ++i) {
            RequestRecord record = m_templates[(m_sent + i) % m_templates.size()];
            record.id = quint64(m_sent + i + 1);
            record.startedAtMs = nowMs;
            batch.append(std::move(record));
        }
        m_sent += m_batchSize;
        Q_EMIT m_controller.recordsReady(batch);
    }
}
