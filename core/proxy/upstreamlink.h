#pragma once

#include <QByteArrayView>
#include <QtGlobal>

class UpstreamHandler;

// What a ProxyExchange needs of its connection to an instance: UpstreamConnection (over a
// socket, or over memory in tests: docs/ARCHITECTURE.md, "The transport seam"), or a scripted
// one in memory (tests/doubles/inmemoryupstreamlink.h). What the instance sends comes back
// through the attached UpstreamHandler.
class UpstreamLink {
public:
    // Starts an exchange: responses go to handler until the link is released. A response head
    // over maxHeadBytes fails the exchange (BadResponse).
    virtual void attach(UpstreamHandler *handler, bool answeringHead, qint64 maxHeadBytes) = 0;
    virtual void write(QByteArrayView data) = 0;
    // Hands what is queued to the kernel now (called at message boundaries).
    virtual void flush() = 0;
    virtual qint64 bytesToWrite() const = 0;
    // Back-pressure from the client side: stop/resume reading the instance.
    virtual void setReadingPaused(bool paused) = 0;
    virtual void close() = 0;
    virtual bool isConnected() const = 0;
    // Whether a byte of the attached exchange's response has arrived.
    virtual bool hasReceivedResponseBytes() const = 0;
    virtual bool wasReusedForThisExchange() const = 0;

protected:
    ~UpstreamLink() = default;
};
