#pragma once

#include <QtGlobal>

struct RequestRecord;

// About how many bytes a RequestRecord holds in the request log: the struct, what its strings
// and lists allocated, and the outline of a deque slot. An upper bound rather than an exact
// figure: a string the record shares with another (the route id, the instance name) is counted
// as if it were its own, so a log capped by these bytes never holds more than its cap.
qsizetype recordFootprint(const RequestRecord &record);
