#include "common/instancecolors.h"

#include "common/statuscolors.h"

#include <QUrl>
#include <array>

namespace {
// Tableau 10 without its red and grey: red means "error" in the log, grey means "no instance".
constexpr std::array<QRgb, 8> palette = {
    0x4e79a7, // blue
    0xf28e2b, // orange
    0x59a14f, // green
    0xb07aa1, // purple
    0x76b7b2, // teal
    0xedc948, // yellow
    0xff9da7, // pink
    0x9c755f, // brown
};
constexpr QRgb noInstanceColor = 0x9e9e9e;
} // namespace

void InstanceColors::assignFrom(const GatewaySnapshot &snapshot) {
    for (const RouteSnapshot &route : snapshot.routes) {
        for (const BackendSnapshot &backend : route.backends) {
            learn(backend.id, backend.url);
            colorFor(backend.id);
        }
    }
}

void InstanceColors::learnFrom(const QList<RequestRecord> &records) {
    for (const RequestRecord &record : records) {
        if (record.backendId != 0 && !m_urls.contains(record.backendId))
            learn(record.backendId, QUrl::fromEncoded(record.backendUrl).toString());
    }
}

void InstanceColors::learn(quint64 backendId, const QString &url) {
    if (backendId == 0 || url.isEmpty())
        return;
    m_urls.insert(backendId, url);
}

QString InstanceColors::keyOf(quint64 backendId) const {
    const QString url = m_urls.value(backendId);
    return url.isEmpty() ? QStringLiteral("#%1").arg(backendId) : url;
}

QColor InstanceColors::colorFor(quint64 backendId) {
    if (backendId == 0)
        return QColor(noInstanceColor);
    const QString key = keyOf(backendId);
    auto it = m_colors.constFind(key);
    if (it == m_colors.constEnd())
        it = m_colors.insert(key, QColor(palette[m_colors.size() % palette.size()]));
    return *it;
}

QIcon InstanceColors::swatchFor(quint64 backendId) {
    const QColor color = colorFor(backendId);
    auto it = m_swatches.constFind(color.rgb());
    if (it == m_swatches.constEnd())
        it = m_swatches.insert(color.rgb(), dotIcon(color));
    return *it;
}
