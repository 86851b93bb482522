#include "distributionchart.h"

#include "displayformat.h"
#include "instancecolors.h"
#include "statuscolors.h"

#include <QEvent>
#include <QPainter>

namespace {
constexpr int margin = 8;
constexpr int gap = 4;
constexpr int sinceResetAlpha = 110;

QString shareText(quint64 count, quint64 total) {
    if (total == 0)
        return formatCount(count);
    return QStringLiteral("%1  %2%")
        .arg(formatCount(count))
        .arg(qRound(100.0 * double(count) / double(total)));
}

qsizetype instanceCount(const QList<RouteSnapshot> &routes) {
    qsizetype count = 0;
    for (const RouteSnapshot &route : routes)
        count += route.backends.size();
    return count;
}

int barLength(quint64 count, quint64 maximum, int fullLength) {
    if (maximum == 0 || count == 0)
        return 0;
    // A non-zero count always shows, however small next to the largest.
    return std::max(2, int(double(fullLength) * double(count) / double(maximum)));
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
        if (record.backendId == 0)
            continue;
        InstanceCounts &counts = m_counts[record.backendId];
        ++counts.sinceReset;
        const qint64 second = record.startedAtMs / 1000;
        Bucket &bucket = counts.perSecond[size_t(second % maxWindowSeconds)];
        if (bucket.second > second)
            continue; // older than anything the window can show
        if (bucket.second < second)
            bucket = {second, 0};
        ++bucket.count;
    }
    update();
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

void DistributionChart::paintEvent(QPaintEvent *) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
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

    int labelWidth = 0;
    for (const RouteSnapshot &route : m_routes) {
        for (const BackendSnapshot &backend : route.backends)
            labelWidth = std::max(labelWidth, metrics.horizontalAdvance(backend.name));
    }
    const int swatch = lineHeight / 2;
    // A little slack: elidedText() elides text that fits its width to the pixel.
    labelWidth = std::min(labelWidth + swatch + 2 * gap, width() / 3);
    const int valueWidth = metrics.horizontalAdvance(QStringLiteral("0,000,000  100%"));
    const int barLeft = margin + labelWidth + 2 * gap;
    const int barRight = width() - margin - valueWidth - gap;
    const int barWidth = std::max(16, barRight - barLeft);

    // Legend: what the thick and the thin bars mean.
    int y = margin;
    auto legendEntry = [&](int x, const QColor &color, const QString &label) {
        painter.fillRect(QRect(x, y + lineHeight / 4, swatch * 2, lineHeight / 2), color);
        painter.setPen(muted);
        const int textX = x + swatch * 2 + gap;
        painter.drawText(QRect(textX, y, width(), lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                         label);
        return textX + metrics.horizontalAdvance(label) + 3 * gap;
    };
    QColor sample = muted;
    int x = legendEntry(margin, sample, tr("last %n s", nullptr, m_windowSeconds));
    sample.setAlpha(sinceResetAlpha);
    legendEntry(x, sample, tr("since %1").arg(m_resetAt.toString(QStringLiteral("HH:mm:ss"))));
    y += lineHeight + gap;

    QFont boldFont = font();
    boldFont.setBold(true);
    for (const RouteSnapshot &route : m_routes) {
        QList<Counts> counts;
        Counts total;
        Counts maximum;
        for (const BackendSnapshot &backend : route.backends) {
            const Counts c = countsFor(backend.id);
            counts.append(c);
            total.recent += c.recent;
            total.sinceReset += c.sinceReset;
            maximum.recent = std::max(maximum.recent, c.recent);
            maximum.sinceReset = std::max(maximum.sinceReset, c.sinceReset);
        }

        // Route header: id, path, and the route's recent total on the right.
        y += gap;
        const QRect header(margin, y, width() - 2 * margin, lineHeight);
        painter.setFont(boldFont);
        painter.setPen(text);
        painter.drawText(header, Qt::AlignLeft | Qt::AlignVCenter, route.id);
        const int pathX = margin + QFontMetrics(boldFont).horizontalAdvance(route.id) + 2 * gap;
        painter.setFont(font());
        painter.setPen(muted);
        painter.drawText(QRect(pathX, y, width(), lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                         QString::fromUtf8(route.path));
        painter.drawText(header, Qt::AlignRight | Qt::AlignVCenter,
                         tr("%1 in %n s", nullptr, m_windowSeconds).arg(formatCount(total.recent)));
        y += lineHeight + gap;

        for (int i = 0; i < route.backends.size(); ++i) {
            const BackendSnapshot &backend = route.backends[i];
            const QColor color = m_colors.colorFor(backend.id);
            const bool inRotation =
                backend.adminState == AdminState::Enabled && backend.health != Health::Down;

            // Name with its colour, muted while the instance gets no new requests.
            painter.setPen(Qt::NoPen);
            painter.setBrush(color);
            painter.drawEllipse(QRectF(margin, y + (lineHeight - swatch) / 2.0, swatch, swatch));
            painter.setPen(inRotation ? text : muted);
            const QRect nameRect(margin + swatch + gap, y, labelWidth - swatch - gap, lineHeight);
            painter.drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                             metrics.elidedText(backend.name, Qt::ElideMiddle, nameRect.width()));

            // Thick bar: last N seconds; thin bar below: since reset.
            const QRect recentTrack(barLeft, y + 2, barWidth, lineHeight - 4);
            painter.fillRect(recentTrack, track);
            painter.fillRect(QRect(recentTrack.topLeft(),
                                   QSize(barLength(counts[i].recent, maximum.recent, barWidth),
                                         recentTrack.height())),
                             color);
            const QRect sinceTrack(barLeft, y + lineHeight + 2, barWidth, lineHeight / 2);
            painter.fillRect(sinceTrack, track);
            QColor faded = color;
            faded.setAlpha(sinceResetAlpha);
            painter.fillRect(
                QRect(sinceTrack.topLeft(),
                      QSize(barLength(counts[i].sinceReset, maximum.sinceReset, barWidth),
                            sinceTrack.height())),
                faded);

            const int valueX = barLeft + barWidth + gap;
            painter.setPen(text);
            painter.drawText(QRect(valueX, y, valueWidth, lineHeight),
                             Qt::AlignRight | Qt::AlignVCenter,
                             shareText(counts[i].recent, total.recent));
            painter.setPen(muted);
            painter.drawText(QRect(valueX, y + lineHeight, valueWidth, lineHeight),
                             Qt::AlignRight | Qt::AlignVCenter,
                             shareText(counts[i].sinceReset, total.sinceReset));
            y += instanceRowHeight();
        }
    }
}
