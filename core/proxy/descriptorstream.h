#pragma once

#include "proxy/descriptorpoller.h"

#include <QByteArray>
#include <QByteArrayView>

class HttpInputBuffer;

// The byte stream of a connected TCP descriptor, read with read(2) and written with send(2)
// when the worker's DescriptorPoller says it can be: the reads and writes of
// SocketClientTransport and SocketUpstreamTransport (docs/ARCHITECTURE.md, "The transport
// seam"). Not a QTcpSocket, which asks the kernel how much there is (ioctl(FIONREAD)) before
// every read and copies what it read once more through its ring buffer: a system call and a copy
// per request on each side of the proxy (docs/BENCHMARKS.md, "The proxy's transports").
//
// It keeps the Transport contract QTcpSocket kept (proxy/transport.h): what it read waits until
// the owner takes it, and with SocketBuffers::socketReadLimit waiting it stops reading
// (back-pressure); bytes already received stay readable after the peer's close, which ends the
// stream once what is queued went out; written is not reported inside itself. A resting stream
// (a parked client connection) is not watched and has no buffers; its descriptor stays open for
// whoever watches it meanwhile. Its phases move through one table (proxy/phasetable.h). Worker
// thread only.
class DescriptorStream final : private PolledDescriptor {
public:
    // Why the stream ended.
    enum class End {
        Local,      // abort() or closeAfterWriting()
        PeerClosed, // the peer's FIN (after what was queued went out)
        Failed,     // a read or send failed (a reset, mostly): what was queued is lost
    };

    // What the stream reports, from the event loop or inside the calls the contract names.
    class Owner {
    public:
        virtual void streamReadable() = 0;
        virtual void streamWritten() = 0;
        // The descriptor is closed. error: errno of a Failed end, else 0.
        virtual void streamEnded(End end, int error) = 0;

    protected:
        ~Owner() = default;
    };

    DescriptorStream(Owner &owner, DescriptorPoller &poller)
        : m_owner(owner)
        , m_poller(poller) {}
    ~DescriptorStream();
    DescriptorStream(const DescriptorStream &) = delete;
    DescriptorStream &operator=(const DescriptorStream &) = delete;

    // Takes a connected descriptor and watches it. False when it cannot be made non-blocking or
    // watched (errno says why): then it is closed, and nothing is reported.
    bool open(int descriptor);
    int descriptor() const { return m_descriptor; }
    // Open for reading and writing, resting included.
    bool isOpen() const { return m_phase == Phase::Open || m_phase == Phase::Resting; }
    bool isResting() const { return m_phase == Phase::Resting; }
    bool isClosed() const { return m_phase == Phase::Closed; }

    bool refill(HttpInputBuffer &input);
    qint64 bytesAvailable() const { return m_received.size(); }
    void write(QByteArrayView bytes);
    void flush();
    qint64 bytesToWrite() const { return m_queued.size() - m_queuedFrom; }
    // Sends what is queued, then closes; streamEnded(Local) comes inside the call when nothing
    // is queued.
    void closeAfterWriting();
    // Closes now, dropping what is queued; streamEnded(Local) inside the call when it was open.
    void abort();
    // Stops watching the descriptor and frees the buffers; only with nothing received or queued.
    void rest();
    // Watches it again; its waiting bytes, or the peer's close, are reported on the next pass.
    // False when it cannot be watched (errno says why): it stays resting, for the caller to end.
    bool wake();

private:
    enum class Phase {
        Unopened,
        Open,
        Resting,
        Closing, // our close or the peer's: what is queued goes out, then Closed
        Closed,  // the descriptor is closed; received bytes stay readable
    };
    static const char *phaseName(Phase phase);
    void transitionTo(Phase next);

    bool watch();
    void unwatch();
    // Edge-triggered: an event says the descriptor became readable or writable, and the stream
    // keeps that until a read or send finds it drained (m_readReady, m_writeReady).
    void descriptorReady(quint32 events) override;
    void readable();
    void sendQueued();
    void peerClosed();
    // Closes the descriptor and tells the owner (inside the call).
    void finish(End end, int error);

    Owner &m_owner;
    int m_descriptor = -1;
    Phase m_phase = Phase::Unopened;
    End m_closingEnd = End::Local; // what finish() reports once a Closing stream is out
    DescriptorPoller &m_poller;
    bool m_watched = false;    // in the poller: Open or Closing
    bool m_reading = false;    // reads when readable (not stopped by the read limit or an end)
    bool m_readReady = false;  // the descriptor may have bytes or an end to read
    bool m_writeReady = false; // the descriptor may take bytes
    bool m_hungUp = false;     // the peer's end was seen: read until read() says so
    QByteArray m_received;     // read, not taken by the owner yet
    QByteArray m_queued;       // written; sent up to m_queuedFrom
    qsizetype m_queuedFrom = 0;
    bool m_announcingWritten = false; // streamWritten() is not reported inside itself
};
