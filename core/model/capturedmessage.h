#pragma once

#include "model/capturedhead.h"

#include <QByteArray>
#include <QByteArrayView>

// A message body as captured: the bytes with the transfer coding (chunked) removed but the
// content coding (gzip) kept, as they crossed the proxy, up to the capture's per-body limit.
struct CapturedBody {
    QByteArray bytes;     // the first bytes of the body, at most the limit it was captured with
    qint64 wholeSize = 0; // how many bytes the whole body had
    bool evicted = false; // the bytes were dropped later to stay within the capture's memory

    friend bool operator==(const CapturedBody &, const CapturedBody &) = default;

    // Whether bytes is less than the whole body (cut at the limit, or evicted).
    bool isComplete() const { return bytes.size() == wholeSize; }
    bool isTruncated() const { return !isComplete(); }

    // Takes the next piece of a body as it streams through: counts all of it, keeps what fits
    // under limit. The proxy calls it once per piece, so a body is never held whole.
    void append(QByteArrayView piece, qint64 limit);
    // A whole body at once, kept up to limit.
    static CapturedBody fromBytes(const QByteArray &bytes, qint64 limit);
};
