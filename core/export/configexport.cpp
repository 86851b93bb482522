#include "export/configexport.h"

#include "export/haproxyconfigwriter.h"
#include "export/nginxconfigwriter.h"

namespace {
constexpr ExportFormat allFormats[] = {ExportFormat::Nginx, ExportFormat::Haproxy};
} // namespace

QByteArray exportFormatName(ExportFormat format) {
    switch (format) {
    case ExportFormat::Nginx:
        return "nginx";
    case ExportFormat::Haproxy:
        return "haproxy";
    }
    Q_UNREACHABLE();
}

std::optional<ExportFormat> parseExportFormat(QByteArrayView name) {
    for (const ExportFormat format : allFormats) {
        if (name == exportFormatName(format))
            return format;
    }
    return std::nullopt;
}

QList<QByteArray> allExportFormatNames() {
    QList<QByteArray> names;
    for (const ExportFormat format : allFormats)
        names.append(exportFormatName(format));
    return names;
}

QString exportFileName(ExportFormat format) {
    switch (format) {
    case ExportFormat::Nginx:
        return QStringLiteral("nginx.conf");
    case ExportFormat::Haproxy:
        return QStringLiteral("haproxy.cfg");
    }
    Q_UNREACHABLE();
}

QByteArray exportConfig(ExportFormat format, const ExportSource &source) {
    switch (format) {
    case ExportFormat::Nginx:
        return NginxConfigWriter::write(source);
    case ExportFormat::Haproxy:
        return HaproxyConfigWriter::write(source);
    }
    Q_UNREACHABLE();
}
