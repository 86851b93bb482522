#include "openfilelimit.h"

#include <cerrno>
#include <cstring>
#include <sys/resource.h>

namespace {
// A client descriptor, an upstream one, and room for listeners, health checks and the admin API.
constexpr rlim_t descriptorsPerConnection = 2;
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
    const rlim_t needed = rlim_t(maxConnections) * descriptorsPerConnection + reservedDescriptors;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
        return QStringLiteral("open file limit %1 is below the %2 descriptors that "
                              "limits.max_connections %3 may need; raise the hard limit "
                              "(ulimit -Hn) or lower max_connections")
            .arg(limit.rlim_cur)
            .arg(needed)
            .arg(maxConnections);
    }
    return {};
}
