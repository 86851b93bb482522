#pragma once

#include <QtGlobal>

// Buffer sizes shared by both sides of the proxy. Reads stop when the other side's write buffer
// holds more than the high watermark and resume below the low one, so memory per exchange stays
// bounded whatever the body size (back-pressure: docs/ARCHITECTURE.md, "The request path",
// step 5). Per direction an exchange holds at most socketReadLimit + readChunk + highWatermark +
// one readChunk written past the mark (≈ 192 KiB); the kernel's socket buffers do the rest of
// the buffering, as they do for nginx's proxy_buffers (docs/RELIABILITY.md, "Slow and abusive
// clients").
namespace SocketBuffers {
inline constexpr qint64 readChunk = 32 * 1024;       // one read into the reused input buffer
inline constexpr qint64 socketReadLimit = 64 * 1024; // QTcpSocket's own read buffer cap
inline constexpr qint64 highWatermark = 64 * 1024;
inline constexpr qint64 lowWatermark = 16 * 1024;
} // namespace SocketBuffers
