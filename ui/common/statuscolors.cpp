#include "common/statuscolors.h"

#include "model/requestresult.h"

#include <QPainter>
#include <QPixmap>

namespace {
bool isDark(const QPalette &palette) {
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor pick(const QPalette &palette, QRgb onLight, QRgb onDark) {
    return QColor(isDark(palette) ? onDark : onLight);
}
} // namespace

QColor statusColor(int status, const QPalette &palette) {
    if (status >= 200 && status < 300)
        return pick(palette, 0x2e7d32, 0x81c784);
    if (status >= 300 && status < 400)
        return pick(palette, 0x1565c0, 0x64b5f6);
    if (status >= 400 && status < 500)
        return pick(palette, 0xb26a00, 0xffb74d);
    if (status >= 100 && status < 200)
        return palette.color(QPalette::Text);
    return pick(palette, 0xc62828, 0xef5350);
}

QColor statusColor(const RequestRecord &record, const QPalette &palette) {
    switch (resultOf(record)) {
    case RequestResult::Failed:
        return statusColor(500, palette);
    case RequestResult::ClientError:
        return statusColor(400, palette);
    case RequestResult::Succeeded:
    case RequestResult::Upgraded:
        break;
    }
    return statusColor(record.status, palette);
}

QColor healthColor(Health health, const QPalette &palette) {
    switch (health) {
    case Health::Up:
        return pick(palette, 0x2e7d32, 0x66bb6a);
    case Health::Down:
        return pick(palette, 0xc62828, 0xef5350);
    case Health::Unknown:
        break;
    }
    return pick(palette, 0x9e9e9e, 0x8a8a8a);
}

QColor mutedTextColor(const QPalette &palette) {
    // Between text and background: quieter than text, clearer than the disabled colour (which
    // is meant for controls that cannot be used, and is too faint to read on some palettes).
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    constexpr float textShare = 0.6f;
    return QColor::fromRgbF(text.redF() * textShare + base.redF() * (1 - textShare),
                            text.greenF() * textShare + base.greenF() * (1 - textShare),
                            text.blueF() * textShare + base.blueF() * (1 - textShare));
}

namespace {
QPixmap dotPixmap(const QColor &fill, const QColor &outline) {
    constexpr int size = 16;
    constexpr qreal diameter = 10;
    constexpr qreal scale = 2; // drawn at 2x, so that it stays sharp on high-DPI screens
    QPixmap pixmap(int(size * scale), int(size * scale));
    pixmap.fill(Qt::transparent);
    {
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(scale, scale);
        painter.setPen(QPen(outline, 1));
        painter.setBrush(fill);
        const qreal inset = (size - diameter) / 2.0;
        painter.drawEllipse(QRectF(inset, inset, diameter, diameter));
    }
    pixmap.setDevicePixelRatio(scale);
    return pixmap;
}
} // namespace

QIcon dotIcon(const QColor &color) {
    QIcon icon(dotPixmap(color, color.darker(130)));
    // On a selected row a light ring keeps the dot apart from the highlight, and the colour
    // stays as it is (the generated "selected" look would tint it, and the colour is the point).
    icon.addPixmap(dotPixmap(color, QColor(255, 255, 255, 220)), QIcon::Selected);
    return icon;
}
