#pragma once

#include <QByteArray>
#include <QString>

// What a value allocated on the heap beyond its own sizeof, for the memory caps that count what
// values really hold rather than their contents (recordFootprint(),
// CapturedExchange::footprintBytes()): the capacity of a buffer, not its size, and what each
// heap block costs besides its bytes. A buffer shared with another value counts as if it were
// its own, so that a cap by these bytes is never exceeded. A part of a ByteArena's block counts
// what it takes of the block (ByteArena::partBytes()): the block is freed with its last part,
// and the owners that count (the live log, a capture store) drop the oldest first, so a block
// outlives the parts around it only while one of its parts is kept longer than they are.

// The allocator's header and alignment, and for Qt's containers the shared-data header in front
// of the items.
inline constexpr qsizetype heapBlockOverhead = 32;

qsizetype heapBytes(const QByteArray &bytes);
qsizetype heapBytes(const QString &text);

// The block of a list, or of an array with room for inlineCapacity items inside itself, once it
// outgrew that room.
template <typename Array> qsizetype outOfLineBytes(const Array &array, qsizetype inlineCapacity) {
    using Item = typename Array::value_type;
    return array.capacity() > inlineCapacity
               ? array.capacity() * qsizetype(sizeof(Item)) + heapBlockOverhead
               : 0;
}
