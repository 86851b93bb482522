#pragma once

#include "model/requestrecord.h"

#include <QByteArray>
#include <optional>

// One line of HAProxy's `option httplog` as it arrives over syslog (docs/ARCHITECTURE.md, "A
// running HAProxy"), e.g.
//   <134>Dec  6 17:56:29 haproxy[32405]: 127.0.0.1:42476 [06/Dec/2026:17:56:29.162] gateway
//   rr/alpha 0/0/0/27/27 404 500 - - ---- 1/1/0/0/0 0/0 "GET /some/path?q=1 HTTP/1.1"
// Framing: RFC 3164 as HAProxy sends it by default (no hostname unless log-send-hostname), RFC
// 5424 (`format rfc5424`), `format short` ("<PRI>" only) and `format raw` (the message alone).
struct HttpLogLine {
    int severity = -1;       // the syslog severity (6: info); -1 without a "<PRI>"
    qint64 acceptedAtMs = 0; // [accept date], read as the local time of this machine
    QByteArray clientAddress;
    quint16 clientPort = 0;
    QByteArray frontend;
    QByteArray backend;
    QByteArray server; // "<NOSRV>" when none was picked
    // TR/Tw/Tc/Tr/Ta in ms, HAProxy's timers: the request's head, the queue, the connect, the
    // server's response head, the whole request; -1 where that step was never reached.
    int requestMs = -1;
    int queueMs = -1;
    int connectMs = -1;
    int responseMs = -1;
    int activeMs = -1;
    int status = -1;        // -1 when no response was sent
    qint64 bytesRead = 0;   // %B: bytes sent to the client, the response's head included
    QByteArray termination; // %tsc: "----", "SC--", "cD--", ...
    QByteArray method;      // from the request line; empty for "<BADREQ>"
    QByteArray target;
};

// What the receiver makes of one syslog message.
struct HttpLogParse {
    enum class Kind {
        Request, // an httplog line: line holds it
        Notice,  // a well-framed message of HAProxy's own (a server going down, ...), above info
        Garbled, // not a syslog message, or an info message that is not an httplog line
    };
    Kind kind = Kind::Garbled;
    HttpLogLine line;
    QString error; // for Garbled: what did not parse
};

HttpLogParse parseHttpLogMessage(const QByteArray &datagram);

// The line as the console's request record: route = backend (none when HAProxy refused the
// request before choosing one, and names the frontend instead), instance = server (its index and
// URL left for the caller, who knows the servers), times from the timers (time to first byte
// TR+Tw+Tc+Tr, total Ta), the outcome from the termination state and status. A termination
// other than "----" is kept in the record's failure with its meaning.
RequestRecord requestRecordFrom(const HttpLogLine &line, quint64 id);

// The meaning of a termination state's first two characters, for people: "the server refused
// or reset the connection while connecting"; empty for "--".
QByteArray terminationMeaning(const QByteArray &termination);
