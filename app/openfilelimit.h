#pragma once

#include <QString>

// Every client connection holds a descriptor, and most hold a second one upstream: the usual
// soft limit of 1024 would cap the gateway far below limits.max_connections (10 000 by default).
// Raises the soft RLIMIT_NOFILE to the hard limit, as nginx's worker_rlimit_nofile and HAProxy
// do. Returns a warning for stderr when the limit stays below what maxConnections needs, else
// an empty string.
QString raiseOpenFileLimit(int maxConnections);
