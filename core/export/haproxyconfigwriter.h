#pragma once

#include "export/exportsource.h"

#include <QByteArray>

// Writes a complete haproxy.cfg (HAProxy 2.6, Debian 12's) for source: one frontend on the
// gateway's listen address that picks a backend per route by path (longest prefix first), one
// backend per route that strips the prefix, and a backend that answers the gateway's 404. Every
// setting that HAProxy cannot express is listed in the header comment; the same source always
// gives the same bytes. It also opens HAProxy's runtime API (stats socket, admin level) and sends
// its access log to 127.0.0.1:haproxyLogPort: what a console needs to watch and steer it.
class HaproxyConfigWriter final {
public:
    // Where the exported config sends HAProxy's log (syslog over UDP).
    static constexpr int haproxyLogPort = 5140;
    // HAProxy's largest server weight; the gateway's is 1000.
    static constexpr int maxHaproxyWeight = 256;

    static QByteArray write(const ExportSource &source);
};
