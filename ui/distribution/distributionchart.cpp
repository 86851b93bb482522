#include "distribution/distributionchart.h"

#include "common/displayformat.h"
#include "common/instancecolors.h"
#include "common/statuscolors.h"

#include <QEvent>
#include <QPainter>

namespace {
constexpr int margin = 8;
constexpr int gap = 4;
constexpr int sinceResetAlpha = 110;
constexpr int newCountsIntervalMs = 250;

double shareOf(quint64 count, quint64 total) {
    return total == 0 ? 0.0 : double(count) / double(total);
}

QString percentText(double share) {
    return QStringLiteral("%1%").arg(qRound(100.0 * share));
}

QString shareText(quint64 count, quint64 total) {
    if (total == 0)
        return formatCount(count);
    return formatCount(count) + QStringLiteral("  ") + percentText(shareOf(count, total));
}

qsizetype instanceCount(const QList<RouteSnapshot> &routes) {
    qsizetype count = 0;
    for (const RouteSnapshot &route : routes)
        count += route.backends.size();
    return count;
}

int barLength(double share, int fullLength) {
    if (share <= 0)
        return 0;
    // A non-zero share always shows, however small.
    return std::max(2, qRound(double(fullLength) * std::min(share, 1.0)));
}

// In panic the balancer tries every enabled instance although all are down (Balancer), so they
// get requests and are drawn as such.
bool isInRotation(const BackendSnapshot &backend, bool routeInPanic) {
    return backend.adminState == AdminState::Enabled &&
           (backend.health != Health::Down || routeInPanic);
}

} // namespace

DistributionChart::DistributionChart(InstanceColors &colors, QWidget *parent)
    : QWidget(parent)
    , m_colors(colors)
    , m_resetAt(QDateTime::currentDateTime()) {
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    m_slide.setInterval(1000);
    connect(&m_slide, &QTimer::timeout, this, qOverload<>(&QWidget::update));
    m_slide.start();
    m_newCounts.setSingleShot(true);
    m_newCounts.setInterval(newCountsIntervalMs);
    connect(&m_newCounts, &QTimer::timeout, this, qOverload<>(&QWidget::update));
}

void DistributionChart::applySnapshot(const GatewaySnapshot &snapshot) {
    const bool resized = instanceCount(snapshot.routes) != instanceCount(m_routes) ||
                         snapshot.routes.size() != m_routes.size();
    m_routes = snapshot.routes;
    if (resized)
        updateGeometry();
    update();
}

void DistributionChart::addRecords(const QList<RequestRecord> &records) {
    for (const RequestRecord &record : records) {
        const qint64 second = record.startedAtMs / 1000;
        for (const AttemptRecord &attempt : record.attempts) {
            InstanceCounts &counts = m_counts[attempt.backendId];
            ++counts.sinceReset;
            Bucket &bucket = counts.perSecond[size_t(second % maxWindowSeconds)];
            if (bucket.second > second)
                continue; // older than anything the window can show
            if (bucket.second < second)
                bucket = {second, 0};
            ++bucket.count;
        }
    }
    if (!m_newCounts.isActive())
        m_newCounts.start();
}

void DistributionChart::resetCounts() {
    m_counts.clear();
    m_resetAt = QDateTime::currentDateTime();
    update();
}

void DistributionChart::setWindowSeconds(int seconds) {
    m_windowSeconds = std::clamp(seconds, 1, int(maxWindowSeconds));
    update();
}

DistributionChart::Counts DistributionChart::countsFor(quint64 backendId) const {
    const auto it = m_counts.constFind(backendId);
    if (it == m_counts.constEnd())
        return {};
    const qint64 now = QDateTime::currentMSecsSinceEpoch() / 1000;
    Counts counts;
    counts.sinceReset = it->sinceReset;
    for (const Bucket &bucket : it->perSecond) {
        if (bucket.second > now - m_windowSeconds && bucket.second <= now)
            counts.recent += bucket.count;
    }
    return counts;
}

int DistributionChart::routeHeaderHeight() const {
    return fontMetrics().height() + 2 * gap;
}

int DistributionChart::instanceRowHeight() const {
    return 2 * fontMetrics().height() + gap;
}

int DistributionChart::contentHeight() const {
    int height = 2 * margin + fontMetrics().height() + gap; // legend
    for (const RouteSnapshot &route : m_routes)
        height += routeHeaderHeight() + int(route.backends.size()) * instanceRowHeight();
    return height;
}

QSize DistributionChart::sizeHint() const {
    return {fontMetrics().horizontalAdvance(QLatin1Char('x')) * 48, contentHeight()};
}

QSize DistributionChart::minimumSizeHint() const {
    return {fontMetrics().horizontalAdvance(QLatin1Char('x')) * 30, contentHeight()};
}

void DistributionChart::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateGeometry();
}

QList<DistributionChart::RouteRow> DistributionChart::rows() const {
    const QFontMetrics metrics = fontMetrics();
    const int lineHeight = metrics.height();
    const int swatch = lineHeight / 2;

    int labelWidth = metrics.horizontalAdvance(tr("expected %1").arg(percentText(1.0)));
    for (const RouteSnapshot &route : m_routes) {
        for (const BackendSnapshot &backend : route.backends)
            labelWidth = std::max(labelWidth, metrics.horizontalAdvance(backend.name));
    }
    // A little slack: elidedText() elides text that fits its width to the pixel.
    labelWidth = std::min(labelWidth + swatch + 2 * gap, width() / 3);
    const int valueWidth = metrics.horizontalAdvance(QStringLiteral("0,000,000  100%"));
    const int barLeft = margin + labelWidth + 2 * gap;
    const int barRight = width() - margin - valueWidth - gap;
    const int barWidth = std::max(16, barRight - barLeft);
    const int valueX = barLeft + barWidth + gap;

    QFont boldFont = font();
    boldFont.setBold(true);
    const QFontMetrics boldMetrics(boldFont); // route ids are bold

    QList<RouteRow> rows;
    int y = margin + lineHeight + gap; // below the legend
    for (const RouteSnapshot &route : m_routes) {
        QList<Counts> counts;
        Counts total;
        for (const BackendSnapshot &backend : route.backends) {
            const Counts c = countsFor(backend.id);
            counts.append(c);
            total.recent += c.recent;
            total.sinceReset += c.sinceReset;
        }

        RouteRow row;
        row.id = route.id;
        row.path = QString::fromUtf8(route.path);
        row.recentTotal = total.recent;
        y += gap;
        row.header = QRect(margin, y, width() - 2 * margin, lineHeight);
        row.panic = route.panic;
        if (route.panic) {
            row.panicNote = tr("panic: every instance is down, all are tried anyway");
            const int noteX = row.header.left() + boldMetrics.horizontalAdvance(row.id) + 2 * gap +
                              metrics.horizontalAdvance(row.path) + 2 * gap;
            row.panicNoteRect =
                QRect(noteX, y, metrics.horizontalAdvance(row.panicNote) + gap, lineHeight);
        }
        y += lineHeight + gap;

        for (int i = 0; i < route.backends.size(); ++i) {
            const BackendSnapshot &backend = route.backends[i];
            InstanceRow instance;
            instance.backendId = backend.id;
            instance.name = backend.name;
            instance.inRotation = isInRotation(backend, route.panic);
            instance.expectedShare = std::clamp(backend.expectedShare, 0.0, 1.0);
            instance.recentShare = shareOf(counts[i].recent, total.recent);
            instance.sinceResetShare = shareOf(counts[i].sinceReset, total.sinceReset);

            const int nameLeft = margin + swatch + gap;
            instance.nameRect = QRect(nameLeft, y, labelWidth - swatch - gap, lineHeight);
            instance.expectedLabelRect = instance.nameRect.translated(0, lineHeight);
            instance.expectedLabel = tr("expected %1").arg(percentText(instance.expectedShare));

            instance.recentTrack = QRect(barLeft, y + 2, barWidth, lineHeight - 4);
            instance.recentBar = QRect(
                instance.recentTrack.topLeft(),
                QSize(barLength(instance.recentShare, barWidth), instance.recentTrack.height()));
            instance.expectedOutline = QRect(
                instance.recentTrack.topLeft(),
                QSize(barLength(instance.expectedShare, barWidth), instance.recentTrack.height()));
            instance.sinceResetTrack = QRect(barLeft, y + lineHeight + 2, barWidth, lineHeight / 2);
            instance.sinceResetBar = QRect(instance.sinceResetTrack.topLeft(),
                                           QSize(barLength(instance.sinceResetShare, barWidth),
                                                 instance.sinceResetTrack.height()));

            instance.recentLabelRect = QRect(valueX, y, valueWidth, lineHeight);
            instance.recentLabel = shareText(counts[i].recent, total.recent);
            instance.sinceResetLabelRect = instance.recentLabelRect.translated(0, lineHeight);
            instance.sinceResetLabel = shareText(counts[i].sinceReset, total.sinceReset);
            row.instances.append(instance);
            y += instanceRowHeight();
        }
        rows.append(row);
    }
    return rows;
}

void DistributionChart::paintEvent(QPaintEvent *) {
    QPainter painter(this);
    const QFontMetrics metrics = fontMetrics();
    const QPalette palette = this->palette();
    const QColor text = palette.color(QPalette::Text);
    const QColor muted = mutedTextColor(palette);
    const QColor track = palette.color(QPalette::AlternateBase);
    const int lineHeight = metrics.height();

    if (m_routes.isEmpty()) {
        painter.setPen(muted);
        painter.drawText(rect().adjusted(margin, margin, -margin, -margin),
                         Qt::AlignCenter | Qt::TextWordWrap,
                         tr("No routes yet: open a config and start the gateway."));
        return;
    }

    // Legend: what the thick bar, the thin bar and the outline mean.
    const int swatch = lineHeight / 2;
    const int y = margin;
    const QRect legendSample(0, y + lineHeight / 4, swatch * 2, lineHeight / 2);
    auto legendLabel = [&](int x, const QString &label) {
        painter.setPen(muted);
        const int textX = x + swatch * 2 + gap;
        painter.drawText(QRect(textX, y, width(), lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                         label);
        return textX + metrics.horizontalAdvance(label) + 3 * gap;
    };
    int x = margin;
    painter.fillRect(legendSample.translated(x, 0), muted);
    x = legendLabel(x, tr("observed, last %n s", nullptr, m_windowSeconds));
    QColor faded = muted;
    faded.setAlpha(sinceResetAlpha);
    painter.fillRect(legendSample.translated(x, 0), faded);
    x = legendLabel(x, tr("since %1").arg(m_resetAt.toString(QStringLiteral("HH:mm:ss"))));
    painter.setPen(text);
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(legendSample.translated(x, 0).adjusted(0, 0, -1, -1));
    legendLabel(x, tr("expected"));

    QFont boldFont = font();
    boldFont.setBold(true);
    for (const RouteRow &route : rows()) {
        // Route header: id, path, and the route's recent total on the right.
        painter.setFont(boldFont);
        painter.setPen(text);
        painter.drawText(route.header, Qt::AlignLeft | Qt::AlignVCenter, route.id);
        const int pathX =
            route.header.left() + QFontMetrics(boldFont).horizontalAdvance(route.id) + 2 * gap;
        painter.setFont(font());
        painter.setPen(muted);
        painter.drawText(QRect(pathX, route.header.top(), width(), lineHeight),
                         Qt::AlignLeft | Qt::AlignVCenter, route.path);
        if (route.panic) {
            painter.setPen(healthColor(Health::Down, palette));
            painter.drawText(route.panicNoteRect, Qt::AlignLeft | Qt::AlignVCenter,
                             route.panicNote);
            painter.setPen(muted);
        }
        painter.drawText(
            route.header, Qt::AlignRight | Qt::AlignVCenter,
            tr("%1 in %n s", nullptr, m_windowSeconds).arg(formatCount(route.recentTotal)));

        for (const InstanceRow &instance : route.instances) {
            const QColor color = m_colors.colorFor(instance.backendId);

            // Name with its colour, muted while the instance gets no new requests.
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(Qt::NoPen);
            painter.setBrush(color);
            painter.drawEllipse(QRectF(
                margin, instance.nameRect.top() + (lineHeight - swatch) / 2.0, swatch, swatch));
            painter.setRenderHint(QPainter::Antialiasing, false);
            painter.setPen(instance.inRotation ? text : muted);
            painter.drawText(
                instance.nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                metrics.elidedText(instance.name, Qt::ElideMiddle, instance.nameRect.width()));
            painter.setPen(muted);
            painter.drawText(instance.expectedLabelRect, Qt::AlignLeft | Qt::AlignVCenter,
                             instance.expectedLabel);

            painter.fillRect(instance.recentTrack, track);
            painter.fillRect(instance.recentBar, color);
            painter.fillRect(instance.sinceResetTrack, track);
            QColor fadedColor = color;
            fadedColor.setAlpha(sinceResetAlpha);
            painter.fillRect(instance.sinceResetBar, fadedColor);
            if (!instance.expectedOutline.isEmpty()) {
                // Over the bar, in the text colour so that it shows on the fill and off it; the
                // end stands out a little above and below, where the eye compares the two.
                painter.setPen(text);
                painter.setBrush(Qt::NoBrush);
                painter.drawRect(instance.expectedOutline.adjusted(0, 0, -1, -1));
                const int end = instance.expectedOutline.right();
                painter.fillRect(QRect(end - 1, instance.expectedOutline.top() - 2, 2,
                                       instance.expectedOutline.height() + 4),
                                 text);
            }

            painter.setPen(text);
            painter.drawText(instance.recentLabelRect, Qt::AlignRight | Qt::AlignVCenter,
                             instance.recentLabel);
            painter.setPen(muted);
            painter.drawText(instance.sinceResetLabelRect, Qt::AlignRight | Qt::AlignVCenter,
                             instance.sinceResetLabel);
        }
    }
}
