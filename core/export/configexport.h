#pragma once

#include "export/exportsource.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <optional>

// The engines a config exports to (README, "Outgrowing the laptop"). One entry point for the
// command line (--export), the admin API (GET /api/export/{engine}) and the window (File →
// Export), so that all three write the same file.
enum class ExportFormat { Nginx, Haproxy };

// "nginx", "haproxy": what --export and /api/export/{engine} take.
QByteArray exportFormatName(ExportFormat format);
std::optional<ExportFormat> parseExportFormat(QByteArrayView name);
QList<QByteArray> allExportFormatNames();
// The file name the engine's own packages use: "nginx.conf", "haproxy.cfg".
QString exportFileName(ExportFormat format);

// The complete, commented config for the engine. Deterministic: the same source gives the same
// bytes (no timestamp).
QByteArray exportConfig(ExportFormat format, const ExportSource &source);
