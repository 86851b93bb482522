#pragma once

#include "model/capturedhead.h"

#include <QByteArrayView>
#include <QVarLengthArray>
#include <initializer_list>
#include <utility>

// Assembles a CapturedHead's buffer as a head is written: the start line, then the fields in
// order, each appended to the one buffer with its spans noted. Used where a head is not read
// from text: the capture of a parsed head, HAR import, the resend dialog's edits, masking.
//
//   CapturedHead head = CapturedHeadBuilder().requestLine("GET", "/a").field("Host", "x").build();
//
// The start line comes first, at most once; without one the head is not present.
class CapturedHeadBuilder final {
public:
    // expectedBytes: the buffer's size when the caller knows it (one allocation), from the
    // sizes below.
    explicit CapturedHeadBuilder(qsizetype expectedBytes = 0);

    // "GET /a HTTP/1.1\r\n"
    CapturedHeadBuilder &requestLine(QByteArrayView method, QByteArrayView target,
                                     int versionMajor = 1, int versionMinor = 1);
    // "HTTP/1.1 200 OK\r\n"
    CapturedHeadBuilder &statusLine(int status, QByteArrayView reason, int versionMajor = 1,
                                    int versionMinor = 1);
    // The start line of another head (none if it has none).
    CapturedHeadBuilder &startLineOf(const CapturedHead &head);
    // "Name: value\r\n"
    CapturedHeadBuilder &field(QByteArrayView name, QByteArrayView value);
    CapturedHeadBuilder &fields(const CapturedHead &head);
    CapturedHeadBuilder &fields(std::initializer_list<std::pair<QByteArrayView, QByteArrayView>>);

    // The head; the builder is left empty.
    CapturedHead build();

    // What each part adds to the head's buffer, for expectedBytes (single-digit versions).
    static qsizetype requestLineSize(QByteArrayView method, QByteArrayView target) {
        return method.size() + target.size() + 12; // two spaces, "HTTP/1.1", CRLF
    }
    static qsizetype statusLineSize(QByteArrayView reason) {
        return reason.size() + 15; // "HTTP/1.1 ", three digits, a space, CRLF
    }
    static qsizetype fieldSize(QByteArrayView name, QByteArrayView value) {
        // ": ", CRLF, and where the name and value are
        return name.size() + value.size() + 4 + qsizetype(sizeof(CapturedHead::FieldSpans));
    }

private:
    // Room for bytes more at the end of the text. The buffer grows only past expectedBytes, and
    // then geometrically: a resize per line, out of line, was a fifth of what a field cost, and
    // QByteArray::append() per piece before that more than the rest of the capture (callgrind,
    // docs/BENCHMARKS.md, "Traffic capture").
    char *grow(qsizetype bytes);
    // "first second third\r\n", with the spans of the three parts.
    void appendStartLine(QByteArrayView first, QByteArrayView second, QByteArrayView third,
                         CapturedHead::Span (&spans)[3]);

    CapturedHead m_head;  // its buffer holds the text so far, then room for more
    qsizetype m_used = 0; // bytes of the buffer that hold text
    // Go after the text at build(); a browser's head has up to ~15 fields, an API call's ~5-10.
    QVarLengthArray<CapturedHead::FieldSpans, 32> m_fields;
};
