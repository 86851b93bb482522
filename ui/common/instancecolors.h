#pragma once

#include "model/gatewaysnapshot.h"

#include <QColor>
#include <QHash>
#include <QIcon>

// Gives every instance one colour for the whole window (tree, log, chart, details), so that a
// colour seen in the log can be found again in the chart at a glance. Colours are assigned in
// config order from a palette that reads on light and dark backgrounds, and are never reassigned
// while the window lives: an instance keeps its colour across reloads (its id is stable).
class InstanceColors final {
public:
    // Assigns colours to the instances of snapshot that have none yet, in route and config order.
    void assignFrom(const GatewaySnapshot &snapshot);

    // The instance's colour, assigned on first use for ids no snapshot has shown yet.
    // backendId 0 (no instance) is neutral grey.
    QColor colorFor(quint64 backendId);
    // A small filled circle in the instance's colour, for item views (cached).
    QIcon swatchFor(quint64 backendId);

    int assignedCount() const { return int(m_colors.size()); }

private:
    QHash<quint64, QColor> m_colors;
    QHash<quint64, QIcon> m_swatches;
};
