#include "model/recordfootprint.h"

#include "model/heapbytes.h"
#include "model/requestrecord.h"

qsizetype recordHeapBytes(const RequestRecord &record) {
    qsizetype bytes = 0;
    for (const QByteArray *text : {&record.clientAddress, &record.method, &record.target,
                                   &record.backendUrl, &record.failure})
        bytes += heapBytes(*text);
    bytes += record.upstreamTargetHeapBytes();
    bytes += heapBytes(record.routeId) + heapBytes(record.backendName);
    bytes += outOfLineBytes(record.picks, 1);
    for (const PickExplanation &pick : record.picks)
        bytes += outOfLineBytes(pick.candidates, PickExplanation::inlineCandidates);
    bytes += outOfLineBytes(record.attempts, 1);
    for (const AttemptRecord &attempt : record.attempts)
        bytes += heapBytes(attempt.backendName) + heapBytes(attempt.error);
    return bytes;
}

qsizetype recordFootprint(const RequestRecord &record) {
    return qsizetype(sizeof(RequestRecord)) + recordHeapBytes(record);
}
