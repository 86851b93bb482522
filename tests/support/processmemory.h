#pragma once

#include <QtGlobal>

// This process's memory as Linux reports it in /proc/self/status. The gateway runs in the
// test's process, so a proxy that buffered a whole body would show up here.
namespace ProcessMemory {

// VmRSS in bytes; -1 when unavailable.
qint64 residentBytes();
// VmHWM (peak resident set) in bytes; -1 when unavailable.
qint64 peakResidentBytes();
// Starts a new peak measurement (writes "5" to /proc/self/clear_refs, Linux 4.0+). Returns
// false when the kernel does not allow it; peakResidentBytes() then covers the process's life.
bool resetPeakResident();

} // namespace ProcessMemory
