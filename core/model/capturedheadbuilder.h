#pragma once

#include "model/capturedhead.h"

class ByteArena;
#include <QByteArrayView>
#include <QVarLengthArray>
#include <initializer_list>
#include <utility>

// Assembles a CapturedHead's buffer as a head is written: the start line, then the fields in
// order, each appended to the one buffer with its spans noted. Used by the capture (a parsed
// head's fields in one piece, the gateway's own heads read from their text), HAR import, the
// resend dialog's edits and masking; CapturedHead::fromText() is text() alone.
//
//   CapturedHead head = CapturedHeadBuilder().requestLine("GET", "/a").field("Host", "x").build();
//
// The start line comes first, at most once; without one the head is not present.
//
// Several heads can share one buffer, as the four of a captured exchange do (one allocation
// instead of four, ExchangeCapture): each ends with endHead(), the next is written after it, and
// once the last has ended head() makes each of them whole.
class CapturedHeadBuilder final {
public:
    // A head written and ended in the builder's buffer, made whole by head().
    class EndedHead final {
    private:
        friend class CapturedHeadBuilder;
        CapturedHead::Layout m_layout; // where its parts are in the builder's buffer
    };

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
    // The fields of a parsed head whose names and values all lie in text (HttpMessageHead's one
    // buffer): text is copied once and the fields become spans into the copy, instead of being
    // written out one by one. fieldAt(i) returns the i-th of count fields as a CapturedHead::Field
    // of views into text.
    template <typename FieldAt>
    CapturedHeadBuilder &fieldsWithin(QByteArrayView text, qsizetype count, FieldAt fieldAt) {
        const qsizetype copyAt = copy(text);
        for (qsizetype i = 0; i < count; ++i) {
            const CapturedHead::Field each = fieldAt(i);
            m_fields.append(
                {spanWithin(text, copyAt, each.name), spanWithin(text, copyAt, each.value)});
        }
        return *this;
    }
    // A head's text as the gateway writes it (httpwriter.h, messagerewriter.h: CRLF line ends,
    // single spaces in the start line, "Name: value" fields), up to the empty line or the end:
    // one copy of it, with the start line and the fields found by its line ends. Other text is
    // read as well as it can be: a bare LF ends a line too, blanks around a value are not part of
    // it, a line without a colon is skipped. The head must have nothing written yet.
    CapturedHeadBuilder &text(QByteArrayView text);

    // Room for bytes more without growing the buffer again (a capture sizes its four heads'
    // buffer once it knows the request's head).
    void makeRoom(qsizetype bytes);

    // The head; the builder is left empty.
    CapturedHead build();

    // Ends the head written so far; the next start line begins another in the same buffer.
    EndedHead endHead();
    // After the last endHead(): a head ended here, sharing the buffer with the others.
    CapturedHead head(const EndedHead &ended);

    // Heads ended in a builder and copied out of it (settleIn()), made whole by head().
    class SettledHeads final {
    public:
        // A head ended before settleIn(), sharing the settled copy with the others.
        CapturedHead head(const EndedHead &ended) const;

    private:
        friend class CapturedHeadBuilder;
        QByteArray m_buffer;
    };
    // After the last endHead(), instead of head(): the heads written so far copied into a part
    // of arena (model/bytearena.h), and the builder emptied for the next heads, keeping its
    // buffer. A capture writes each exchange's heads into its connection's builder, whose
    // buffer is never shared and so never reallocated, and keeps them in the worker's arena:
    // no allocation per exchange.
    SettledHeads settleIn(ByteArena &arena);
    // Drops whatever was written and starts again, keeping the buffer unless a large head grew
    // it past what heads usually take.
    void restart();

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
    // fieldsWithin() of count fields in text.
    static qsizetype fieldsWithinSize(QByteArrayView text, qsizetype count) {
        return text.size() + count * qsizetype(sizeof(CapturedHead::FieldSpans));
    }

private:
    // Room for bytes more at the end of the text. The buffer grows only past expectedBytes, and
    // then geometrically: a resize per line, out of line, was a fifth of what a field cost, and
    // QByteArray::append() per piece before that more than the rest of the capture (callgrind,
    // docs/BENCHMARKS.md, "Traffic capture").
    char *grow(qsizetype bytes);
    // Appends bytes; returns where in the buffer they went.
    qsizetype copy(QByteArrayView bytes);
    // Where part, a view into text, is in text's copy at copyAt.
    static CapturedHead::Span spanWithin(QByteArrayView text, qsizetype copyAt,
                                         QByteArrayView part) {
        Q_ASSERT(part.isEmpty() ||
                 (part.data() >= text.data() && part.data() + part.size() <= text.end()));
        return {quint32(part.isEmpty() ? copyAt : copyAt + (part.data() - text.data())),
                quint32(part.size())};
    }
    // "first second third\r\n", with the spans of the three parts.
    void appendStartLine(QByteArrayView first, QByteArrayView second, QByteArrayView third,
                         CapturedHead::Span (&spans)[3]);
    // Writes the fields' spans after the head's text and notes them in the head.
    void endFields();
    // The head ended as ended in buffer, which holds the builder's heads.
    static CapturedHead headIn(const QByteArray &buffer, const EndedHead &ended);

    QByteArray m_buffer;           // the heads written so far, then room for more
    qsizetype m_used = 0;          // bytes of the buffer that hold heads
    qsizetype m_headStart = 0;     // where the head being written begins
    CapturedHead::Layout m_layout; // of the head being written
    // Go after the text when the head ends; a browser's head has up to ~15 fields, an API
    // call's ~5-10.
    QVarLengthArray<CapturedHead::FieldSpans, 32> m_fields;
};
