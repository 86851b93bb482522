#pragma once

#include "model/capturedexchange.h"
#include "model/requestrecord.h"

#include <QList>
#include <QObject>
#include <QTimer>

// Batches finished exchanges at the source (docs/CONVENTIONS.md, "Batch at the source"): the first
// record arms a single-shot timer, and its tick hands the whole batch over in one signal, so the UI
// thread sees ~20 signals per second whatever the request rate. Captured exchanges (capture on)
// travel the same way, on the same tick, right after the records they belong to.
//
// A list is never grown: one that is full before the tick is handed over when the next item
// would not fit, and the next list has room for twice as many as the last batch held. Growing it
// would move every record it holds into a larger block, on the thread that proxies (≈ 1 ms at
// 10 000 requests per second, a stall for every request waiting on it).
class RecordBatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordBatcher)

public:
    explicit RecordBatcher(QObject *parent = nullptr);

    void append(RequestRecord &&record);
    // Just before its record (ExchangeObserver::exchangeCaptured()), so that both travel in one
    // batch.
    void append(CapturedExchange &&exchange);
    // Sends what is pending now (before stopping).
    void flush();

Q_SIGNALS:
    void batchReady(const QList<RequestRecord> &records);
    // After batchReady() of the same tick, when anything was captured since the last one.
    void capturesReady(const QList<CapturedExchange> &captures);

private:
    void armTimer();

    QList<RequestRecord> m_pending;
    QList<CapturedExchange> m_pendingCaptures;
    QTimer m_timer;
};
