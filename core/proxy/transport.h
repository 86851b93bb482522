#pragma once

#include <QByteArrayView>
#include <QtGlobal>

class HttpInputBuffer;

// What a transport reports to the connection that reads and writes through it. Called from the
// event loop (or, for the in-memory doubles, from the test), never from inside a call the
// connection made, except transportWritten() inside flush() and transportDisconnected() inside
// abort() or a close with nothing queued, as QTcpSocket did (its signals are the model).
class TransportListener {
public:
    // Bytes arrived (readyRead).
    virtual void transportReadable() = 0;
    // Some queued bytes went out (bytesWritten).
    virtual void transportWritten() = 0;
    // The connection closed: by the peer, by an error or by our close (disconnected). Bytes
    // already received stay readable.
    virtual void transportDisconnected() = 0;

protected:
    ~TransportListener() = default;
};

// The byte stream under a proxy connection (docs/ARCHITECTURE.md, "The transport seam"): what
// ClientConnection and UpstreamConnection need of it, so that they run over a descriptor in the
// gateway (DescriptorStream) and over memory in tests and fuzzers. One virtual call per I/O call;
// no allocation. Where its events go is set through the derived interface (ClientTransport,
// UpstreamTransport). Worker thread only.
class Transport {
public:
    virtual ~Transport() = default;

    // Reads what is available (at most one read chunk) into input once it is consumed; see
    // HttpInputBuffer::refill(). True when input holds bytes afterwards.
    virtual bool refill(HttpInputBuffer &input) = 0;
    // Received bytes not read yet.
    virtual qint64 bytesAvailable() const = 0;
    virtual void write(QByteArrayView bytes) = 0;
    // Hands what is queued to the peer now instead of on the event loop's next pass.
    virtual void flush() = 0;
    virtual qint64 bytesToWrite() const = 0;
    virtual bool isConnected() const = 0;
    // Closes at once, dropping what is queued either way; transportDisconnected() follows
    // inside the call when the connection was open.
    virtual void abort() = 0;
};
