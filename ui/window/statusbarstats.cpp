#include "window/statusbarstats.h"

#include "common/displayformat.h"
#include "common/statuscolors.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QResizeEvent>
#include <algorithm>

namespace {
constexpr int labelSpacing = 16;

QLabel *addLabel(QHBoxLayout *layout, const QString &widestText, const QString &toolTip) {
    auto *label = new QLabel;
    label->setToolTip(toolTip);
    // Wide enough for typical values, so that the bar does not jitter as numbers grow.
    label->setMinimumWidth(label->fontMetrics().horizontalAdvance(widestText));
    layout->addWidget(label);
    return label;
}
} // namespace

StatusBarStats::StatusBarStats(QWidget *parent)
    : QWidget(parent) {
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(labelSpacing);
    m_state = addLabel(layout, tr("● Stopped"), tr("Whether the gateway accepts requests"));
    m_rateLabel = addLabel(layout, tr("00,000 req/s"), tr("Requests finished in the last second"));
    m_requests = addLabel(layout, tr("Requests 0,000,000 since 00:00:00"),
                          tr("Requests finished since the gateway started with this config; a "
                             "switch to another config counts from zero again"));
    // The glossary's words (README, "What the counts mean"), the same sets as the log filter's
    // status:failed and status:client_error and the admin API's fields.
    m_failed = addLabel(layout, tr("Failed 00,000"),
                        tr("Failed requests: the client did not get a complete response from an "
                           "instance (5xx, no instance, timeouts, responses cut off)"));
    m_clientErrors =
        addLabel(layout, tr("Client errors 00,000"),
                 tr("Client errors: 4xx (404 for no route too) and clients that left early"));
    m_connections = addLabel(layout, tr("Connections 0,000"), {});
    m_uptime = addLabel(layout, tr("Up 00 min 00 s"), tr("Time since the gateway started"));
    m_labels = {m_state,        m_rateLabel,   m_requests, m_failed,
                m_clientErrors, m_connections, m_uptime};
    m_firstToGiveWay = {m_uptime, m_connections, m_rateLabel};

    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &StatusBarStats::tick);
    m_ticker.start();
    m_sinceTick.start();
    updateLabels();
}

int StatusBarStats::widthOf(const QList<QLabel *> &labels) const {
    int width = 0;
    for (const QLabel *label : labels)
        width += label->minimumWidth();
    return width + labelSpacing * int(std::max<qsizetype>(0, labels.size() - 1));
}

QSize StatusBarStats::sizeHint() const {
    return {widthOf(m_labels), QWidget::sizeHint().height()};
}

QSize StatusBarStats::minimumSizeHint() const {
    QList<QLabel *> essential = m_labels;
    for (QLabel *label : m_firstToGiveWay)
        essential.removeOne(label);
    return {widthOf(essential), QWidget::minimumSizeHint().height()};
}

void StatusBarStats::resizeEvent(QResizeEvent *event) {
    QWidget::resizeEvent(event);
    fitLabels();
}

void StatusBarStats::fitLabels() {
    QList<QLabel *> shown = m_labels;
    for (QLabel *label : m_firstToGiveWay) {
        if (widthOf(shown) <= width())
            break;
        shown.removeOne(label);
    }
    for (QLabel *label : m_labels)
        label->setVisible(shown.contains(label));
}

void StatusBarStats::applySnapshot(const GatewaySnapshot &snapshot) {
    m_snapshot = snapshot;
    updateLabels();
}

void StatusBarStats::tick() {
    const qint64 elapsedMs = std::max<qint64>(1, m_sinceTick.restart());
    const quint64 total = m_snapshot.totalRequests;
    // A restarted gateway may count from zero again.
    const quint64 delta = total >= m_totalAtTick ? total - m_totalAtTick : 0;
    m_totalAtTick = total;
    m_rate = double(delta) * 1000.0 / double(elapsedMs);
    updateLabels();
}

void StatusBarStats::updateLabels() {
    const bool running = m_snapshot.running;
    m_state->setText(running ? tr("● Running") : tr("● Stopped"));
    QPalette statePalette = palette();
    statePalette.setColor(QPalette::WindowText,
                          running ? healthColor(Health::Up, palette()) : mutedTextColor(palette()));
    m_state->setPalette(statePalette);
    m_rateLabel->setText(tr("%1 req/s").arg(formatCount(quint64(m_rate + 0.5))));
    // Counting began at the first start, or at the last switch to another config.
    const QString since =
        m_snapshot.countingSince.isValid()
            ? m_snapshot.countingSince.toLocalTime().toString(QStringLiteral("HH:mm:ss"))
            : QString();
    m_requests->setText(
        since.isEmpty()
            ? tr("Requests %1").arg(formatCount(m_snapshot.totalRequests))
            : tr("Requests %1 since %2").arg(formatCount(m_snapshot.totalRequests), since));
    m_failed->setText(tr("Failed %1").arg(formatCount(m_snapshot.failedRequests)));
    m_clientErrors->setText(tr("Client errors %1").arg(formatCount(m_snapshot.clientErrors)));
    m_connections->setText(tr("Connections %1").arg(m_snapshot.openConnections));
    m_connections->setToolTip(
        tr("Client connections open now; %1 of them idle for over a second (parked)")
            .arg(m_snapshot.parkedConnections));
    if (running && m_snapshot.startedAt.isValid())
        m_uptime->setText(tr("Up %1").arg(
            formatUptime(m_snapshot.startedAt.secsTo(QDateTime::currentDateTimeUtc()))));
    else if (running)
        m_uptime->clear(); // a HAProxy's snapshot does not say since when it runs
    else
        m_uptime->setText(tr("Not running"));
}
