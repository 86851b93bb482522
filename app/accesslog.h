#pragma once

#include "model/requestrecord.h"

#include <QByteArray>

// One access-log line per finished exchange, for the headless program's stdout.

// "2026-11-25T09:00:00.123Z 127.0.0.1 GET /service-a/x -> service-a #1 localhost:8081 200
//  1.24ms out=16B reason=..." (one line, no trailing newline).
QByteArray formatAccessLogText(const RequestRecord &record);

// The same fields as one JSON object (JSON lines), without a trailing newline.
QByteArray formatAccessLogJson(const RequestRecord &record);
