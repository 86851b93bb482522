#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Copies of short strings that a thread makes by the thousand and another thread frees in the
// order they were made (a request's target in its record, a captured exchange's heads), cut as
// parts of one larger block instead of each in an allocation of its own (docs/ARCHITECTURE.md,
// "Strings kept per batch"). A part is an ordinary QByteArray that shares the block's
// reference count: readers, copies and the memory caps treat it as any other, and the block is
// freed when its last part goes. Making one costs a copy and a reference; the allocator is
// asked once per block, and the thread that drops the parts frees one block for a few hundred of
// them rather than a few hundred blocks the other thread allocated.
//
// A part never grows into its neighbours: while more than one value refers to the block (the
// arena itself while the block is current, or other parts) changing a part copies it first,
// and once only one part is left, what follows it is no one's. It is terminated by '\0' like
// any QByteArray. Parts are for values that stay as they are: a part copied by an edit in
// place (operator[], data()) gets a buffer of its size, but one that grows (append()) keeps
// its distance from the block's start as unused room in front, as Qt keeps a buffer's front
// room when it grows at its end. Not thread-safe: one arena per thread that makes parts; the
// parts themselves cross threads as values do.
class ByteArena final {
public:
    static constexpr qsizetype defaultBlockBytes = 64 * 1024;

    explicit ByteArena(qsizetype blockBytes = defaultBlockBytes);

    // bytes as a part of the current block, or of a new one when it has no room left. Empty
    // bytes, and bytes larger than a quarter of a block (which would leave too much of one
    // unused), get a QByteArray of their own.
    QByteArray copy(QByteArrayView bytes);

    // Room for an object of bytes aligned to alignment (at most 16) in the current block, or in
    // a new one when it has no room left, and a reference to that block: the object's owner
    // keeps the reference for as long as the object lives, and destroys the object before
    // letting it go (CapturedExchange keeps an exchange's parts so).
    struct Room {
        void *memory = nullptr;
        QByteArray block;
    };
    Room allocate(qsizetype bytes, qsizetype alignment);

    // Whether bytes is a part of an arena's block, by where it begins: never where its block
    // does, as a buffer of its own does unless bytes were taken off or prepended at its front
    // (model/heapbytes.h counts what a part takes of its block, not the whole block; the values
    // it counts, records and captured heads, are never edited at their front).
    static bool isPart(const QByteArray &bytes);
    // What room for bytes takes of a block (allocate()): the bytes and the alignment.
    static constexpr qsizetype roomBytes(qsizetype bytes) {
        return (bytes + partAlignment - 1) / partAlignment * partAlignment;
    }
    // What a part of size bytes takes of its block: the bytes, the terminator, the alignment.
    static constexpr qsizetype partBytes(qsizetype size) { return roomBytes(size + 1); }

private:
    static constexpr qsizetype partAlignment = 16;

    // The offset of room for bytes in the current block, aligned to partAlignment; a new block
    // when it has no room left. Advances past the room.
    qsizetype take(qsizetype bytes);

    qsizetype m_blockBytes;
    QByteArray m_block; // the block parts are cut from; null before the first
    qsizetype m_used = 0;
};
