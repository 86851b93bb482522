#pragma once

#include "accesslogformatter.h"
#include "model/gatewaysnapshot.h"

#include <QByteArray>

// The headless program's view of a running HAProxy's servers (--haproxy): one row per server
// of each backend, with its admin state, health, weight, sessions, requests, errors and last
// check. Text: a header and aligned columns; JSON: one {"event":"server",...} object per
// server, so that stdout holds nothing but JSON lines (README, "Command line").
QByteArray serverTable(const GatewaySnapshot &snapshot, AccessLogFormatter::Format format);

// What the table shows that is not a counter: when it differs between two snapshots, the table
// is printed again (a server added, deleted, put in maintenance, gone down, reweighted).
QByteArray serverTableState(const GatewaySnapshot &snapshot);
