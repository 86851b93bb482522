#pragma once

#include <QByteArray>

// Deterministic body bytes for transfers too large to keep: each byte depends on its absolute
// offset and the sequence has no short period, so a dropped, repeated or reordered piece
// changes the checksum at the receiving end.
namespace BodyPattern {

// length bytes of the pattern starting at offset.
QByteArray bytes(qint64 offset, qsizetype length);
// RecordedBody::checksum() of the first totalBytes bytes of the pattern.
quint64 checksum(qint64 totalBytes);

} // namespace BodyPattern
