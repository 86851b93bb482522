#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <cstring>
#include <optional>

// The content coding named by Content-Encoding, as far as the inspector can undo it for display.
enum class ContentCoding : quint8 {
    Identity, // no Content-Encoding, or "identity"
    Gzip,     // "gzip" or "x-gzip" (RFC 9110 §8.4.1.3)
    Deflate,  // "deflate": the zlib format, though some servers send raw deflate
    Other,    // anything else (br, zstd, several codings): shown as it came
};

// A request or response head as captured: what one side of the proxy received or sent. A request
// has method and target, a response status and reason; both have a version and the fields, in
// wire order with the names' spelling kept and repeated names kept apart (two Set-Cookie lines
// stay two fields).
//
// Capture runs per request (docs/BENCHMARKS.md, "Traffic capture"), so a head is a region of
// one buffer: its text (the start line, the names and values) followed by each field's spans
// into the buffer; the start line's spans are members. The four heads of a captured exchange
// share one buffer (CapturedHeadBuilder::endHead()): one allocation for all of them, a copy a
// reference count. The spans go in the buffer rather than inline because a capture keeps tens of
// thousands of heads: room inline for a browser's fields was 256 bytes of a 336-byte head, most
// of it unused for an API call's five fields (docs/BENCHMARKS.md, "Traffic capture").
// CapturedHeadBuilder makes one; readers see only views and do not care about the layout.
class CapturedHead final {
public:
    // One field; views into the head, valid while it lives.
    struct Field {
        QByteArrayView name;
        QByteArrayView value;
    };

    // The fields as a range: for (const CapturedHead::Field field : head.fields()).
    class Fields final {
    public:
        class Iterator final {
        public:
            Field operator*() const { return m_head->field(m_index); }
            Iterator &operator++() {
                ++m_index;
                return *this;
            }
            friend bool operator==(const Iterator &, const Iterator &) = default;

        private:
            friend class Fields;
            Iterator(const CapturedHead *head, qsizetype index)
                : m_head(head)
                , m_index(index) {}
            const CapturedHead *m_head;
            qsizetype m_index;
        };
        Iterator begin() const { return {m_head, 0}; }
        Iterator end() const { return {m_head, m_head->fieldCount()}; }

    private:
        friend class CapturedHead;
        explicit Fields(const CapturedHead *head)
            : m_head(head) {}
        const CapturedHead *m_head;
    };

    // The gateway's own text of a head (httpwriter.h, messagerewriter.h: CRLF line ends, single
    // spaces in the start line, "Name: value" fields), up to the empty line or the end: one
    // copy of it and spans found by its line ends. A line without a colon is skipped.
    static CapturedHead fromText(QByteArrayView text);

    // False for the head that was never there: the request of an exchange answered by the
    // gateway itself was never sent upstream; no instance answered a 502.
    bool isPresent() const { return m_layout.isPresent(); }

    QByteArrayView method() const { return view(m_layout.method); } // requests: "GET"; else empty
    QByteArrayView target() const { return view(m_layout.target); } // requests: "/a?b=1"
    int status() const { return m_layout.status; }                  // responses; 0 for a request
    QByteArrayView reason() const { return view(m_layout.reason); } // responses: the reason phrase
    int versionMajor() const { return m_layout.versionMajor; }
    int versionMinor() const { return m_layout.versionMinor; }
    // "HTTP/1.1"
    QByteArray versionText() const;

    qsizetype fieldCount() const { return m_layout.fieldCount; }
    QByteArrayView name(qsizetype index) const { return view(fieldSpans(index).name); }
    QByteArrayView value(qsizetype index) const { return view(fieldSpans(index).value); }
    Field field(qsizetype index) const { return {name(index), value(index)}; }
    Fields fields() const { return Fields(this); }
    // First value of a field, names compared case-insensitively; nullopt if absent.
    std::optional<QByteArrayView> value(QByteArrayView name) const;
    // Every value of a field, in order.
    QList<QByteArrayView> values(QByteArrayView name) const;
    // From the Content-Encoding field.
    ContentCoding contentCoding() const;

    // What the head's buffer allocated beyond its sizeof (model/heapbytes.h): its text and
    // spans, and those of the heads it shares the buffer with. Part of
    // CapturedExchange::footprintBytes(), which counts a shared buffer once.
    qsizetype allocatedBytes() const;
    // Whether both heads are regions of one buffer (the heads of one captured exchange).
    bool sharesBufferWith(const CapturedHead &other) const {
        return !m_buffer.isNull() && m_buffer.constData() == other.m_buffer.constData();
    }

    // Equal start lines and fields; how the text was spaced does not matter.
    friend bool operator==(const CapturedHead &, const CapturedHead &);

private:
    friend class CapturedHeadBuilder;

    struct Span {
        quint32 offset = 0;
        quint32 length = 0;
        bool isEmpty() const { return length == 0; }
    };
    struct FieldSpans {
        Span name;
        Span value;
    };

    QByteArrayView view(Span span) const {
        return QByteArrayView(m_buffer.constData() + span.offset, span.length);
    }
    // The spans follow the head's text in the buffer; copied out, as the buffer promises no
    // alignment.
    FieldSpans fieldSpans(qsizetype index) const {
        FieldSpans spans;
        std::memcpy(&spans,
                    m_buffer.constData() + m_layout.spansAt + index * qsizetype(sizeof(FieldSpans)),
                    sizeof spans);
        return spans;
    }

    // Where the head's parts are in its buffer, and the numbers of its start line: plain values,
    // so that a builder writing several heads into one buffer notes each one's without handling
    // the buffer (CapturedHeadBuilder::endHead()).
    struct Layout {
        Span method; // spans are offsets into the buffer
        Span target;
        Span reason;
        int status = 0;
        quint32 fieldCount = 0;
        quint32 spansAt = 0; // where the fields' spans begin in the buffer
        quint8 versionMajor = 1;
        quint8 versionMinor = 1;

        bool isPresent() const { return !method.isEmpty() || status != 0; }
    };

    QByteArray m_buffer; // the text, then fieldCount() FieldSpans; perhaps other heads' too
    Layout m_layout;
};
