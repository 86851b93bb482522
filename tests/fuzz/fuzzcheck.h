#pragma once

#include <QByteArray>

// A fuzz target's property failed: prints which one and the details, then abort()s so that
// libFuzzer saves the input as a crash (make fuzz prints how to reproduce it).
[[noreturn]] void propertyViolated(const char *property, const QByteArray &details);
