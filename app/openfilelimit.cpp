#include "openfilelimit.h"

#include <cerrno>
#include <cstring>
#include <sys/resource.h>

namespace {
// Room for the listeners, health checks, the admin API, demo instances and Qt's own descriptors.
constexpr rlim_t reservedDescriptors = 64;
} // namespace

QString raiseOpenFileLimit(int maxConnections) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return QStringLiteral("cannot read the open file limit: %1").arg(strerror(errno));
    if (limit.rlim_cur < limit.rlim_max) {
        const rlim_t previous = limit.rlim_cur;
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
            const int error = errno;
            limit.rlim_cur = previous;
            return QStringLiteral("cannot raise the open file limit from %1 to %2: %3")
                .arg(previous)
                .arg(limit.rlim_max)
                .arg(strerror(error));
        }
    }
    const rlim_t needed = rlim_t(maxConnections) + reservedDescriptors;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
        return QStringLiteral("open file limit %1 cannot hold the %2 client connections that "
                              "limits.max_connections allows (%3 descriptors with the gateway's "
                              "own); raise the hard limit (ulimit -Hn) or lower max_connections")
            .arg(limit.rlim_cur)
            .arg(maxConnections)
            .arg(needed);
    }
    return {};
}
