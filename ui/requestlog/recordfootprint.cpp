#include "requestlog/recordfootprint.h"

#include "model/requestrecord.h"

namespace {
// What a heap block costs besides its bytes: the allocator's header and alignment, and for Qt's
// strings the shared-data header in front of the characters.
constexpr qsizetype blockOverhead = 32;

qsizetype heapBytes(const QByteArray &bytes) {
    return bytes.capacity() > 0 ? bytes.capacity() + blockOverhead : 0;
}

qsizetype heapBytes(const QString &text) {
    return text.capacity() > 0 ? text.capacity() * qsizetype(sizeof(QChar)) + blockOverhead : 0;
}

template <typename Array> qsizetype outOfLineBytes(const Array &array, qsizetype inlineCapacity) {
    using Item = typename Array::value_type;
    return array.capacity() > inlineCapacity
               ? array.capacity() * qsizetype(sizeof(Item)) + blockOverhead
               : 0;
}
} // namespace

qsizetype recordFootprint(const RequestRecord &record) {
    qsizetype bytes = qsizetype(sizeof(RequestRecord));
    for (const QByteArray *text : {&record.clientAddress, &record.method, &record.target,
                                   &record.backendUrl, &record.upstreamTarget, &record.failure})
        bytes += heapBytes(*text);
    bytes += heapBytes(record.routeId) + heapBytes(record.backendName);
    bytes += outOfLineBytes(record.picks, 1);
    for (const PickExplanation &pick : record.picks)
        bytes += outOfLineBytes(pick.candidates, PickExplanation::inlineCandidates);
    bytes += outOfLineBytes(record.attempts, 0);
    for (const AttemptRecord &attempt : record.attempts)
        bytes += heapBytes(attempt.backendName) + heapBytes(attempt.error);
    return bytes;
}
