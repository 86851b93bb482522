#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <optional>

// One header field as it was on the wire: the name's spelling and the order of fields are kept,
// and so are repeated names (two Set-Cookie lines stay two fields).
struct CapturedHeader {
    QByteArray name;
    QByteArray value;
    friend bool operator==(const CapturedHeader &, const CapturedHeader &) = default;
};

// The content coding named by Content-Encoding, as far as the inspector can undo it for display.
enum class ContentCoding : quint8 {
    Identity, // no Content-Encoding, or "identity"
    Gzip,     // "gzip" or "x-gzip" (RFC 9110 §8.4.1.3)
    Deflate,  // "deflate": the zlib format, though some servers send raw deflate
    Other,    // anything else (br, zstd, several codings): shown as it came
};

// A request or response head as captured: what one side of the proxy received or sent. A request
// has method and target, a response status and reason; both have a version and the fields.
// Plain values in implicitly shared containers, so a copy costs a few reference counts.
struct CapturedHead {
    QByteArray method; // requests: "GET", ...; empty for a response, or a head never sent
    QByteArray target; // requests: as on the request line ("/a?b=1")
    int status = 0;    // responses: 0 for a request, or a head never sent
    QByteArray reason; // responses: the reason phrase
    int versionMajor = 1;
    int versionMinor = 1;
    QList<CapturedHeader> headers;

    friend bool operator==(const CapturedHead &, const CapturedHead &) = default;

    // False for the head that was never there: the request of an exchange answered by the
    // gateway itself was never sent upstream; no instance answered a 502.
    bool isPresent() const { return !method.isEmpty() || status != 0; }
    // First value of a field, names compared case-insensitively; nullopt if absent.
    std::optional<QByteArray> value(QByteArrayView name) const;
    // Every value of a field, in order.
    QList<QByteArray> values(QByteArrayView name) const;
    // From the Content-Encoding field.
    ContentCoding contentCoding() const;
    // "HTTP/1.1"
    QByteArray versionText() const;
};

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
