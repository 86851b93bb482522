#pragma once

#include "http/httpparser.h"

#include <QByteArray>
#include <QByteArrayView>

class QIODevice;

// The one way an HTTP reader takes bytes in (docs/CONVENTIONS.md, "One HTTP parser, a lean hot
// path"): a reused buffer filled from a QIODevice, or from the bytes a transport received, only
// once everything before was consumed, sized by what there is (at most readChunk), handed to an
// HttpParser from the consumed offset on. It never holds more than one read, so what a reader keeps
// is bounded by readChunk whatever the peer sends; the rest waits in the socket's (bounded) buffer
// and the kernel. An idle keep-alive connection that read one small request keeps a small buffer,
// not a readChunk one (heaptrack: the largest cost per idle connection, docs/BENCHMARKS.md); a bulk
// transfer grows it to readChunk once and keeps it.
//
// Used by every reader of HTTP: ClientConnection and UpstreamConnection (proxy), AdminConnection,
// HealthProbe, DemoConnection and TrafficConnection. Socket-free drivers (tests, fuzzers) fill
// it with append() instead of refill(), at most readChunk() at a time.
class HttpInputBuffer final {
public:
    explicit HttpInputBuffer(qint64 readChunk)
        : m_readChunk(readChunk) {}

    // The bytes not consumed yet; valid until the next refill(), append() or release().
    QByteArrayView pending() const { return QByteArrayView(m_bytes).sliced(m_offset); }
    bool hasPending() const { return m_offset < m_bytes.size(); }
    qsizetype pendingSize() const { return m_bytes.size() - m_offset; }
    // The most one refill() reads; a socket-free source (a test double) keeps to it too.
    qint64 readChunk() const { return m_readChunk; }

    // When everything was consumed: reads what device has, at most readChunk, into the reused
    // buffer. True when new bytes arrived; false (the buffer left empty) when there were none.
    // With bytes still pending it reads nothing and returns true.
    bool refill(QIODevice &device);
    // The same from a transport's own buffer of received bytes (SocketClientTransport): takes
    // at most readChunk from held's front. When held fits in one chunk the two buffers are
    // swapped rather than copied, and held keeps this buffer's memory for its next read.
    bool refillFrom(QByteArray &held);
    // Adds bytes that did not come from a device (a test, a fuzzer); kept with what is pending.
    void append(QByteArrayView bytes);
    // Feeds what is pending to parser and consumes what it used.
    HttpParser::Result feed(HttpParser &parser);
    void consume(qsizetype count) { m_offset += count; }
    void consumeAll() { m_offset = m_bytes.size(); }
    // Drops what is pending and keeps the memory for the next read.
    void clear();
    // Drops what is pending and frees the memory (an idle or parked connection keeps none).
    void release();

private:
    QByteArray m_bytes;
    qsizetype m_offset = 0;
    qint64 m_readChunk;
};
