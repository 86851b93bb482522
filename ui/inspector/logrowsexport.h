#pragma once

#include "model/requestrecord.h"

#include <QByteArray>
#include <QList>

// File → Export Log as CSV… and as JSON Lines… (README, "Inspecting traffic"): one line per log
// row, with the fields of the access log's JSON format and the same English names and values,
// so that a script reads either: id, time (ISO 8601, UTC, milliseconds), client, method, path,
// route, instance, instance_url, upstream_path, status, outcome, bytes_in, bytes_out,
// ttfb_ms, total_ms, attempts (the tries' count) and reason (the log's reason line).
// CSV is RFC 4180: a header line, CRLF line ends, fields quoted when they hold a comma, quote
// or line break.
QByteArray logRowsCsv(const QList<RequestRecord> &records);
QByteArray logRowsJsonLines(const QList<RequestRecord> &records);
