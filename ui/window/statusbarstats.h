#pragma once

#include "model/gatewaysnapshot.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QLabel;

// The status bar's permanent figures: running or stopped, requests per second, total, failed
// requests and client errors, open connections and uptime. Fed by snapshots; the rate and uptime
// move on a 1 s tick, so they fall to zero when traffic stops even though no new snapshot comes.
class StatusBarStats final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusBarStats)

public:
    explicit StatusBarStats(QWidget *parent = nullptr);

    void applySnapshot(const GatewaySnapshot &snapshot);
    // Requests per second over the last tick.
    double requestsPerSecond() const { return m_rate; }

private:
    void tick();
    void updateLabels();

    QLabel *m_state;
    QLabel *m_rateLabel;
    QLabel *m_requests;
    QLabel *m_failed;
    QLabel *m_clientErrors;
    QLabel *m_connections;
    QLabel *m_uptime;
    QTimer m_ticker;
    QElapsedTimer m_sinceTick;
    GatewaySnapshot m_snapshot;
    quint64 m_totalAtTick = 0;
    double m_rate = 0;
};
