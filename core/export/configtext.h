#pragma once

#include "config/gatewayconfig.h"

#include <QByteArray>
#include <QStringList>

// Small pieces of text both exports write the same way.

// A duration in the largest unit that keeps it whole, as nginx and HAProxy both read it:
// "2s", "500ms", "1h".
QByteArray durationText(Milliseconds duration);

// text as "# " comment lines of at most about 100 columns after indent, wrapped at spaces.
QByteArray commentLines(const QString &text, QByteArrayView indent = {});

// Each item as a "# - " comment, continuation lines indented under it.
QByteArray commentList(const QStringList &items, QByteArrayView indent = {});

// The header every export starts with: what it is, which config it came from (no timestamp,
// so the same config always gives the same file), and everything the engine cannot express.
QByteArray exportHeader(const QString &title, const QString &sourceFile, const QString &usage,
                        const QStringList &untranslated);
