#include "proxy/phasetable.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcProxy)

void reportUnlistedMove(const char *machine, const char *from, const char *to) {
    qCCritical(lcProxy, "%s: transition %s -> %s is not allowed", machine, from, to);
    Q_ASSERT_X(false, machine, "transition not allowed");
}
