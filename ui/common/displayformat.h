#pragma once

#include "model/instancestate.h"
#include "model/requestresult.h"

#include <QString>
#include <QtGlobal>

// Formatting of raw values for display, shared by the models and views so that a duration or a
// size reads the same in the tree, the log, the details and the status bar. Models store raw
// values and call these from data() (docs/CONVENTIONS.md, "Format at display time").

// "850 µs", "12.3 ms", "1.25 s"; negative (not measured) → "–".
QString formatDuration(qint64 micros);
// One of a record's durations (first byte, total): formatDuration(), except for a row of
// HAProxy's log, whose timers count whole milliseconds: "< 1 ms", "12 ms", "1.25 s".
QString recordDurationText(const RequestRecord &record, qint64 micros);
// "512 B", "1.5 KiB", "3.2 MiB".
QString formatBytes(qint64 bytes);
// Thousands grouped per locale: "1,234,567".
QString formatCount(quint64 count);
// "42 s", "5 min 03 s", "2 h 05 min", "3 d 04 h", in the window's language.
QString formatUptime(qint64 seconds);
// "enabled", "draining", "disabled" and "unknown", "up", "down" in the window's language. The
// names adminStateName() and healthName() give stay those of the admin API and the logs.
QString adminStateText(AdminState state);
QString healthText(Health health);
// The status column's text: "200"; "200 ✂ aborted" when the response was cut after its head
// (isResponseCut()); the outcome ("client_closed") when no status was sent. Outcome names stay
// the gateway's English words, as in the access log.
QString formatStatus(const RequestRecord &record);
// The path and query sent to the instance; "(not sent)" when none was (no route, no instance,
// no connection); notInHaproxyLogText() for a request a HAProxy passed to a server, since its
// log does not carry the forwarded head. Unescaped: HTML callers escape it.
QString upstreamTargetText(const RequestRecord &record);
// "(not in HAProxy's log)": what a record read from HAProxy's log cannot say (RecordSource).
QString notInHaproxyLogText();
// "succeeded", "upgraded", "client error", "failed request" in the window's language: the
// glossary's words (README, "What the counts mean"); resultName() gives the access log's.
QString resultText(RequestResult result);
// Local wall-clock time with milliseconds: "14:03:27.118".
QString formatTimeOfDay(qint64 msecsSinceEpoch);
