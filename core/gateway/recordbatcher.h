#pragma once

#include "model/requestrecord.h"

#include <QList>
#include <QObject>
#include <QTimer>

// Batches finished exchanges at the source (docs/CONVENTIONS.md, "Batch at the source"): the first
// record arms a single-shot timer, and its tick hands the whole batch over in one signal, so the UI
// thread sees ~20 signals per second whatever the request rate.
class RecordBatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordBatcher)

public:
    explicit RecordBatcher(QObject *parent = nullptr);

    void append(RequestRecord &&record);
    // Sends what is pending now (before stopping).
    void flush();

Q_SIGNALS:
    void batchReady(const QList<RequestRecord> &records);

private:
    QList<RequestRecord> m_pending;
    QTimer m_timer;
};
