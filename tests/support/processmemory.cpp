#include "processmemory.h"

#include <QByteArray>
#include <QFile>

namespace {

qint64 statusFieldBytes(QByteArrayView field) {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    // /proc files report size 0, so atEnd() is true at once: read until read() says so.
    const QByteArrayList lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (!line.startsWith(field))
            continue;
        // "VmRSS:     12345 kB"
        const QByteArray number = line.mid(field.size()).trimmed().split(' ').value(0);
        bool ok = false;
        const qint64 kibibytes = number.toLongLong(&ok);
        return ok ? kibibytes * 1024 : -1;
    }
    return -1;
}

} // namespace

namespace ProcessMemory {

qint64 residentBytes() {
    return statusFieldBytes("VmRSS:");
}

qint64 peakResidentBytes() {
    return statusFieldBytes("VmHWM:");
}

bool resetPeakResident() {
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    if (!clearRefs.open(QIODevice::WriteOnly))
        return false;
    return clearRefs.write("5") == 1;
}

} // namespace ProcessMemory
