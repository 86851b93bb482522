#pragma once

#include "http/httpmessagehead.h"

#include <QByteArray>
#include <QList>
#include <optional>

struct RecordedHeader {
    QByteArray name;
    QByteArray value;

    bool operator==(const RecordedHeader &) const = default;
};

// An owning copy of one parsed message (HttpMessageHead's views die with the next message),
// so that what one side of the proxy parsed can be compared with what the other side parses.
struct RecordedMessage {
    QByteArray method;
    QByteArray target;
    std::optional<QByteArray> authority; // HttpMessageHead::authority()
    int status = 0;
    QByteArray reason;
    int versionMinor = 1; // HTTP/1.x
    QList<RecordedHeader> headers;
    BodyFraming framing = BodyFraming::None;
    quint64 contentLength = 0;
    bool upgrade = false;
    QByteArray body;
    bool complete = false;

    static RecordedMessage fromHead(const HttpMessageHead &head);
    // Every value of a header, in order (field lines of one name form one list, RFC 9110 §5.3).
    QList<QByteArray> values(QByteArrayView name) const;
    // Human-readable dump for a failure report.
    QByteArray describe() const;
};

QByteArray describeHeaders(const QList<RecordedHeader> &headers);
