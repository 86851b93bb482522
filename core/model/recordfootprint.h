#pragma once

#include <QtGlobal>

struct RequestRecord;

// What a RequestRecord's strings and lists allocated (model/heapbytes.h): the part of its
// footprint that is not its sizeof.
qsizetype recordHeapBytes(const RequestRecord &record);

// About how many bytes a RequestRecord holds where it is kept (the request log's rows, a
// captured exchange): the struct and recordHeapBytes(). An upper bound rather than an exact
// figure: a string the record shares with another (the route id, the instance name) is counted
// as if it were its own, so that a log capped by these bytes never holds more than its cap.
qsizetype recordFootprint(const RequestRecord &record);
