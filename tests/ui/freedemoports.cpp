#include "freedemoports.h"

#include <QRandomGenerator>
#include <QTcpServer>

namespace {

// The demo ports the bundled configs use.
constexpr quint16 firstDemoPort = 8081;
constexpr quint16 lastDemoPort = 8084;

// Linux hands out ephemeral ports (port 0 listeners, outgoing connections of the tests running
// beside this one) from 32768 up.
constexpr int firstEphemeralPort = 32768;

} // namespace

int freeDemoPortOffset() {
    constexpr int lowestOffset = 10000;
    constexpr int offsetChoices = (firstEphemeralPort - lastDemoPort - lowestOffset) / 10;
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int offset =
            lowestOffset + 10 * int(QRandomGenerator::global()->bounded(offsetChoices));
        bool allFree = true;
        for (int port = firstDemoPort; port <= lastDemoPort && allFree; ++port) {
            QTcpServer probe;
            allFree = probe.listen(QHostAddress::LocalHost, quint16(port + offset));
        }
        if (allFree)
            return offset;
    }
    return 0;
}
