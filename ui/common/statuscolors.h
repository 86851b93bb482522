#pragma once

#include "model/instancestate.h"

#include <QColor>
#include <QIcon>
#include <QPalette>

// Colours with a meaning, shared by the views so that "red" means the same everywhere. Each has
// a variant for light and for dark backgrounds, chosen from the palette's Base colour.

struct RequestRecord;

// By status class: 2xx green, 3xx blue, 4xx amber, 5xx and "no response" (0) red.
QColor statusColor(int status, const QPalette &palette);
// A finished request's colour by what it counts as (resultOf()): a failed request red and a
// client error amber whatever status was sent (a 200 cut off is red), otherwise by status.
QColor statusColor(const RequestRecord &record, const QPalette &palette);
// Up green, down red, unknown grey.
QColor healthColor(Health health, const QPalette &palette);
// Text colour for things that are switched off (a disabled instance), readable but quiet.
QColor mutedTextColor(const QPalette &palette);

// A filled circle in color for item views, drawn for a 16 px icon size (and sharp at 2x).
QIcon dotIcon(const QColor &color);
