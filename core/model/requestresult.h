#pragma once

#include "model/requestrecord.h"

#include <QByteArray>

// What a finished request counts as, in the words of the README's glossary ("What the counts
// mean"). Every consumer asks here: the live log's colours and status text, the log filter's
// status:failed and status:client_error, the status bar, the admin API's failed_requests and
// client_errors, /metrics and the access log's "result", so that a word means the same
// everywhere.
enum class RequestResult : quint8 {
    Succeeded,   // a complete response from an instance with a status below 400
    Upgraded,    // 101: the connection became a tunnel (WebSocket); not an error however it ends
    ClientError, // the client's doing: a 4xx from an instance, or the gateway refused the
                 // request for what it was (404 no route, 400, 408, 413, 414, 431, 501, 505),
                 // or the client left early or stopped reading
    Failed,      // the client did not get a complete response from an instance: a 5xx from the
                 // instance, the gateway's 502/503/504/508, a response cut off after its head,
                 // the gateway stopped under it
};

RequestResult resultOf(const RequestRecord &record);

// "succeeded", "upgraded", "client_error", "failed": the access log's and the filter's words.
QByteArray resultName(RequestResult result);

// The gateway sent a status line, but the response did not end as it declared: the connection
// was cut after it (aborted, the client left or stopped reading, the gateway stopped). The
// status stays the one sent, as nginx's $status does; this is what says it was not complete.
bool isResponseCut(const RequestRecord &record);

// An attempt that failed through its instance's fault and may have been retried: no
// connection, a timeout, a reset or a malformed response (AttemptRecord::instanceFault), or a
// 5xx status. Counted per instance (the tree's Attempt errors, the admin API's attempt_errors,
// gateway_attempt_errors_total), apart from what the client finally got.
bool isAttemptError(const AttemptRecord &attempt);
