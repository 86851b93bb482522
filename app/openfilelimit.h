#pragma once

#include <QString>

// Every client connection holds a descriptor, and one with a request in flight holds a second
// one upstream: the usual soft limit of 1024 would cap the gateway far below
// limits.max_connections (10 000 by default). Raises the soft RLIMIT_NOFILE to the hard limit,
// as nginx's worker_rlimit_nofile and HAProxy do, without a word when that works.
//
// Returns a warning for stderr only when the limit cannot hold maxConnections client
// connections at all; else an empty string. A limit between that and two descriptors per
// connection is enough for every connection to be open, and runs short only when nearly all of
// them have a request in flight at once, which the gateway answers with 503 out_of_resources
// (README, "Out of descriptors"): no reason to warn on every start (a hard limit of 20 000 and
// the default 10 000 connections did).
QString raiseOpenFileLimit(int maxConnections);
