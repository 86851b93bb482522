#pragma once

#include <QByteArray>

// A fuzz target's property failed: prints which one and the details, then abort()s so that
// libFuzzer saves the input as a crash (make fuzz prints how to reproduce it).
[[noreturn]] void propertyViolated(const char *property, const QByteArray &details);

// From the first call on, a critical message is a violated property: a move outside a state
// machine's table is logged as critical (ProxyExchange::transitionTo), and for a fuzzer that
// is a crash. Call at the start of every input; only the first call installs the handler.
void treatCriticalMessagesAsViolations();
