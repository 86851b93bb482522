#pragma once

#include <QtGlobal>
#include <optional>

// The backlog the kernel keeps for the TCP listener on 127.0.0.1:port (or any address with
// that port), read with `ss -ltnH` (its Send-Q column for a listening socket); nullopt when ss
// is missing or lists no such listener.
std::optional<int> kernelListenBacklog(quint16 port);

// net.core.somaxconn: the kernel caps every listen(2) backlog at it. 4096 when unreadable
// (Linux's default since 5.4).
int kernelMaxListenBacklog();
