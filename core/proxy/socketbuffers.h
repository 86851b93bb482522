#pragma once

#include <QtGlobal>

// Buffer sizes shared by both sides of the proxy. Reads stop when the other side's write buffer
// holds more than the high watermark and resume below the low one, so memory per exchange stays
// bounded whatever the body size (back-pressure: docs/ARCHITECTURE.md, "The request path",
// step 5).
namespace SocketBuffers {
inline constexpr qint64 readChunk = 64 * 1024;        // one read into the reused input buffer
inline constexpr qint64 socketReadLimit = 256 * 1024; // QTcpSocket's own read buffer cap
inline constexpr qint64 highWatermark = 512 * 1024;
inline constexpr qint64 lowWatermark = 128 * 1024;
} // namespace SocketBuffers
