#include "common/instancecolors.h"

#include "common/statuscolors.h"

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
        for (const BackendSnapshot &backend : route.backends)
            colorFor(backend.id);
    }
}

QColor InstanceColors::colorFor(quint64 backendId) {
    if (backendId == 0)
        return QColor(noInstanceColor);
    auto it = m_colors.constFind(backendId);
    if (it == m_colors.constEnd())
        it = m_colors.insert(backendId, QColor(palette[m_colors.size() % palette.size()]));
    return *it;
}

QIcon InstanceColors::swatchFor(quint64 backendId) {
    auto it = m_swatches.constFind(backendId);
    if (it == m_swatches.constEnd())
        it = m_swatches.insert(backendId, dotIcon(colorFor(backendId)));
    return *it;
}
