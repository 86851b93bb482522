#pragma once

#include <QtGlobal>

// A UDP port on 127.0.0.1 free a moment ago (bound to port 0, then released): for HAProxy's log,
// whose port goes into its config before the test's receiver binds it.
quint16 unusedUdpPort();
