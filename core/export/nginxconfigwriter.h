#pragma once

#include "export/exportsource.h"

#include <QByteArray>

// Writes a complete nginx.conf (open-source nginx 1.22, Debian 12's) for source: one upstream
// block per route, one server on the gateway's listen address, a location pair per route that
// strips the prefix, and a 404 with the gateway's body for every other path. Every setting that
// nginx cannot express is listed in the header comment. The same source always gives the same
// bytes. Paths (pid, logs, temporary files) are relative to nginx's prefix (-p DIR), so that
// the file runs as any user.
class NginxConfigWriter final {
public:
    static QByteArray write(const ExportSource &source);
};
