#pragma once

#include "model/gatewaysnapshot.h"
#include "model/requestrecord.h"

#include <QColor>
#include <QHash>
#include <QIcon>

// Gives every instance one colour for the whole window (tree, log, chart, details), so that a
// colour seen in the log can be found again in the chart at a glance. The colour belongs to the
// instance's URL, not to its id: ids are new after a switch to another config, but the same URL
// is the same server, and it keeps its colour across reloads, restarts and switches for as long
// as the window lives. URLs get colours in the order snapshots first show them (route and config
// order), from a palette that reads on light and dark backgrounds.
class InstanceColors final {
public:
    // Learns which URL each instance of snapshot has, and gives the URLs that have none yet a
    // colour, in route and config order.
    void assignFrom(const GatewaySnapshot &snapshot);
    // Learns the URLs of the instances that served records, for records that arrive before the
    // first snapshot that shows their instance.
    void learnFrom(const QList<RequestRecord> &records);

    // The instance's colour. An id no snapshot or record has shown yet gets a colour of its own
    // (kept until its URL is learnt). backendId 0 (no instance) is neutral grey.
    QColor colorFor(quint64 backendId);
    // A small filled circle in the instance's colour, for item views (cached per colour).
    QIcon swatchFor(quint64 backendId);

    int assignedCount() const { return int(m_colors.size()); }

private:
    QString keyOf(quint64 backendId) const;
    void learn(quint64 backendId, const QString &url);

    QHash<quint64, QString> m_urls;  // instance id → URL
    QHash<QString, QColor> m_colors; // URL (or "#id" while unknown) → colour
    QHash<QRgb, QIcon> m_swatches;
};
