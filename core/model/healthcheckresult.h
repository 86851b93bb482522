#pragma once

#include <QByteArray>
#include <QDateTime>

// The outcome of one active health probe, kept per instance and copied into its snapshot.
struct HealthCheckResult {
    bool ran = false;
    bool ok = false;
    int status = 0;   // HTTP status, 0 if none
    QByteArray error; // "connect refused", "timeout", ...
    qint64 durationUs = 0;
    QDateTime at;
};
