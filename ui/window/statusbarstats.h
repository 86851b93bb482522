#pragma once

#include "model/gatewaysnapshot.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QLabel;

// The status bar's permanent figures: running or stopped, requests per second, total, failed
// requests and client errors, open connections and uptime. Fed by snapshots; the rate and uptime
// move on a 1 s tick, so they fall to zero when traffic stops even though no new snapshot comes.
//
// Each label keeps the width of its widest typical text, so the bar does not jitter as numbers
// grow. When the window is too narrow for all of them (800 px with a long message beside), the
// least important give way, uptime first, then connections and the rate: a label is hidden
// rather than overlapped by its neighbour.
class StatusBarStats final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusBarStats)

public:
    explicit StatusBarStats(QWidget *parent = nullptr);

    void applySnapshot(const GatewaySnapshot &snapshot);
    // Requests per second over the last tick.
    double requestsPerSecond() const { return m_rate; }

    // Every label at its reserved width; the bar gives that when it can.
    QSize sizeHint() const override;
    // The labels that never give way.
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    // The width the labels need side by side; with or without the ones that may give way.
    int widthOf(const QList<QLabel *> &labels) const;
    void fitLabels();
    void tick();
    void updateLabels();

    QLabel *m_state;
    QLabel *m_rateLabel;
    QLabel *m_requests;
    QLabel *m_failed;
    QLabel *m_clientErrors;
    QLabel *m_connections;
    QLabel *m_uptime;
    QList<QLabel *> m_labels;         // left to right
    QList<QLabel *> m_firstToGiveWay; // uptime, connections, rate
    QTimer m_ticker;
    QElapsedTimer m_sinceTick;
    GatewaySnapshot m_snapshot;
    quint64 m_totalAtTick = 0;
    double m_rate = 0;
};
