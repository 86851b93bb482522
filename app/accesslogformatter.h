#pragma once

#include "model/requestrecord.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// One access-log line per finished exchange, for the headless program's stdout.

// "2026-11-25T09:00:00.123Z 127.0.0.1 GET /service-a/x -> service-a #1 localhost:8081 200
//  1.24ms out=16B ok result=succeeded reason=..." (one line, no trailing newline). The status
// is the one sent, also when the response was cut after it (then the outcome says how, and the
// result is failed or client_error: README, "What the counts mean").
QByteArray formatAccessLogText(const RequestRecord &record);

// The same fields as one JSON object (JSON lines), without a trailing newline.
QByteArray formatAccessLogJson(const RequestRecord &record);

// One of the headless program's own events for --log-format json, so that stdout holds nothing
// but JSON lines (README, "Command line"): {"event":"listening","time":…,"url":…}, without a
// trailing newline. Access-log lines have no "event" field.
QByteArray formatEventJson(QByteArrayView event, const QString &url);
