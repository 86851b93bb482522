#pragma once

#include "model/gatewaysnapshot.h"
#include "model/requestrecord.h"

#include <QDateTime>
#include <QHash>
#include <QTimer>
#include <QWidget>
#include <array>

class InstanceColors;

// How each route spreads its requests over its instances, at a glance: per instance a bar for
// the share of the route's requests it served in the last N seconds and a thinner one for its
// share since the last reset, in the instance's colour, with counts and percentages; beside them
// an outline marks the share the route's strategy should give it (expected vs observed). Bars are
// scaled to shares, the full width being 100 %. A route in panic says so in its header. Drawn
// with QPainter.
//
// Counts come from the request records (exact, whatever the snapshot rate), one per attempt: a
// retried request counts on each instance it was sent to, as in the tree's Requests column and
// in the balancer's picks that the expected share describes (README, "What the counts mean").
// The snapshot says which routes and instances exist, what they are called and what share each
// should get.
class DistributionChart final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DistributionChart)

public:
    static constexpr int maxWindowSeconds = 60;

    struct Counts {
        quint64 recent = 0;     // started within the last windowSeconds()
        quint64 sinceReset = 0; // since resetCounts() (or since the window opened)
    };

    explicit DistributionChart(InstanceColors &colors, QWidget *parent = nullptr);

    void applySnapshot(const GatewaySnapshot &snapshot);
    void addRecords(const QList<RequestRecord> &records);
    void resetCounts();
    // When the thin bars began counting: resetCounts(), or the window's opening.
    QDateTime resetAt() const { return m_resetAt; }

    int windowSeconds() const { return m_windowSeconds; }
    // 1..maxWindowSeconds.
    void setWindowSeconds(int seconds);

    // The instance's counts now.
    Counts countsFor(quint64 backendId) const;

    // Where one instance is drawn at the current size, and what its labels say: computed once
    // for painting and for tests.
    struct InstanceRow {
        quint64 backendId = 0;
        QString name;
        // Enabled and not down, or down while its route is in panic (the balancer tries it
        // anyway); drawn muted otherwise.
        bool inRotation = true;
        double expectedShare = 0; // 0..1, of the route's requests
        double recentShare = 0;   // 0..1, observed in the last windowSeconds()
        double sinceResetShare = 0;
        QRect nameRect;
        QRect expectedLabelRect;
        QString expectedLabel; // "expected 75%"
        QRect recentTrack;     // full width = 100 %
        QRect recentBar;       // observed, last N s
        QRect expectedOutline; // expected, over the recent track
        QRect sinceResetTrack;
        QRect sinceResetBar;
        QRect recentLabelRect;
        QString recentLabel; // "18  75%"
        QRect sinceResetLabelRect;
        QString sinceResetLabel;
    };
    struct RouteRow {
        QString id;
        QString path;
        quint64 recentTotal = 0;
        QRect header;
        // In panic (README, "Panic when every instance is down"): a note in the header, after
        // the path; empty otherwise.
        bool panic = false;
        QString panicNote;
        QRect panicNoteRect;
        QList<InstanceRow> instances;
    };
    QList<RouteRow> rows() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // Requests per second of start time, in a ring indexed by second % maxWindowSeconds.
    struct Bucket {
        qint64 second = -1;
        quint32 count = 0;
    };
    struct InstanceCounts {
        quint64 sinceReset = 0;
        std::array<Bucket, maxWindowSeconds> perSecond;
    };

    int contentHeight() const;
    int instanceRowHeight() const;
    int routeHeaderHeight() const;

    InstanceColors &m_colors;
    QList<RouteSnapshot> m_routes;
    QHash<quint64, InstanceCounts> m_counts;
    QDateTime m_resetAt;
    QTimer m_slide; // repaints so that the window slides on while no requests come
    // Single shot, armed by the first batch after a repaint: new counts are painted at most four
    // times a second, not with every batch (docs/ARCHITECTURE.md, "The window's cost per
    // request").
    QTimer m_newCounts;
    int m_windowSeconds = 10;
};
