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
    // The gateway could not create the probe's socket (out of descriptors): not ok, but the
    // gateway's shortage, so it counts neither against the instance nor for it (README, "Active
    // health checks").
    bool noSocket = false;
};
