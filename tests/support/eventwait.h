#pragma once

#include <functional>

// Runs the event loop until condition() holds or timeoutMs passes; returns condition(). Unlike
// QTest::qWaitFor it never sleeps between checks, so a transfer driven by this thread's sockets
// (scripted backends and clients live in the test's thread) runs at full speed while waiting.
bool waitUntil(const std::function<bool()> &condition, int timeoutMs);

// The default patience of the helpers: generous, since a failing wait costs only this once.
inline constexpr int defaultWaitMs = 5000;
