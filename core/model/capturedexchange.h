#pragma once

#include "model/capturedmessage.h"
#include "model/requestrecord.h"

#include <QExplicitlySharedDataPointer>
#include <QList>
#include <QMetaType>
#include <QSharedData>
#include <atomic>
#include <new>

class ByteArena;

// What the inspector shows of one exchange, on top of its RequestRecord (id, route, instance,
// timings, status, outcome, reason, attempts), which it carries rather than repeats.
struct CapturedExchangeParts {
    RequestRecord record;
    // The request as the client sent it, and as the proxy forwarded it (MessageRewriter's
    // changes: Via, X-Forwarded-*, hop-by-hop fields, the target's route prefix). The body is
    // the same both ways: the proxy forwards it unchanged.
    CapturedHead requestReceived;
    CapturedHead requestSent; // !isPresent(): never sent upstream (answered by the gateway)
    CapturedBody requestBody;
    // The response as the instance sent it, and as it went to the client. A response of the
    // gateway's own (404, 502, 503, ...) has only responseSent.
    CapturedHead responseReceived;
    CapturedHead responseSent;
    CapturedBody responseBody;
};

// An immutable captured exchange. Copies share one block (one reference count), so that the
// worker can hand a batch to the window and the log, the details pane and an export can all
// hold the same exchange (docs/CONVENTIONS.md, "Only values cross threads": nothing changes it
// after construction).
class CapturedExchange final {
    struct Block;

public:
    // Parts written where they will stay, for a writer that fills them over the exchange's life
    // (ExchangeCapture): seal() makes them the immutable exchange without moving the ≈ 900 bytes
    // of parts into a block of their own.
    class Draft final {
    public:
        // The parts in room of arena's current block (model/bytearena.h), which they keep
        // alive: the worker's captures, freed by the thread that drops them with no allocation
        // of their own to give back to the worker's heap.
        explicit Draft(ByteArena &arena);
        CapturedExchangeParts &parts();
        // The exchange; the draft is left empty.
        CapturedExchange seal() &&;

    private:
        QExplicitlySharedDataPointer<Block> m_block;
    };

    // Bodies that together are smaller stay with their exchange: a capture store does not evict
    // them (evicting copies the exchange's ≈ 900-byte structure to free less than that), and the
    // capture keeps them in its arena, as it keeps the heads.
    static constexpr qint64 smallBodiesBytes = 1024;

    CapturedExchange();
    explicit CapturedExchange(CapturedExchangeParts parts);

    const CapturedExchangeParts &parts() const { return m_block->parts; }
    const RequestRecord &record() const { return m_block->parts.record; }
    quint64 id() const { return m_block->parts.record.id; }
    const CapturedHead &requestReceived() const { return m_block->parts.requestReceived; }
    const CapturedHead &requestSent() const { return m_block->parts.requestSent; }
    const CapturedBody &requestBody() const { return m_block->parts.requestBody; }
    const CapturedHead &responseReceived() const { return m_block->parts.responseReceived; }
    const CapturedHead &responseSent() const { return m_block->parts.responseSent; }
    const CapturedBody &responseBody() const { return m_block->parts.responseBody; }

    // The memory this exchange holds where it is kept, what a capture's memory cap counts
    // (CaptureStore): the shared block with its parts (the record, four heads, two bodies),
    // what the record, the heads and the bodies allocated (capacities, not sizes:
    // model/heapbytes.h), and the owner's list slot. For a small exchange the fixed structure
    // is most of it, so a cap on the text alone would not bound the process.
    qint64 footprintBytes() const;
    // The bytes of both bodies that are kept (evicting them frees their allocations).
    qint64 bodyBytes() const;
    // The same exchange with both bodies' bytes dropped and marked evicted (sizes kept).
    CapturedExchange withoutBodies() const;

private:
    // The parts with their reference count, in a heap block of their own or in room of a
    // ByteArena's block (storage), which it then keeps alive: deleting it destroys it and frees
    // whichever it was.
    struct Block : QSharedData {
        Block() = default;
        explicit Block(CapturedExchangeParts from)
            : parts(std::move(from)) {}

        CapturedExchangeParts parts;
        // footprintBytes(), once asked: a store asks again as it evicts and drops. -1: not yet.
        // Threads that ask at once compute the same number.
        mutable std::atomic<qint64> footprint{-1};
        // The arena block this one is in; null for a heap block of its own.
        QByteArray storage;

        static void operator delete(Block *block, std::destroying_delete_t);
    };
    explicit CapturedExchange(QExplicitlySharedDataPointer<Block> block)
        : m_block(std::move(block)) {}

    QExplicitlySharedDataPointer<Block> m_block; // never changed through: the exchange is immutable
};

Q_DECLARE_METATYPE(CapturedExchange)
Q_DECLARE_METATYPE(QList<CapturedExchange>)
