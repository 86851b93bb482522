#pragma once

#include "http/headerrules.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <optional>

// How a message body is delimited on the wire, as decided by the parser.
enum class BodyFraming {
    None,          // no body (no Content-Length/Transfer-Encoding on a request, HEAD, 204, ...)
    ContentLength, // exactly contentLength bytes
    Chunked,       // Transfer-Encoding: chunked
    UntilClose,    // response delimited by the connection closing
};

// A parsed request or response head. All text lives in one reused buffer and headers are
// spans into it, so that parsing a head costs no allocation once the buffer has grown (the
// request hot path: docs/CONVENTIONS.md, "One HTTP parser, a lean hot path"). Views returned stay
// valid until the head is cleared.
class HttpMessageHead final {
public:
    void clear();
    // clear() and give the memory back (clear() keeps it for the next head).
    void release();

    // Request line (requests only).
    QByteArrayView method() const { return m_method; } // canonical, from llhttp's method table
    // The same as a QByteArray over that static table: no copy, and valid after the head is
    // cleared (the request's record keeps it).
    QByteArray methodName() const {
        return QByteArray::fromRawData(m_method.data(), m_method.size());
    }
    QByteArrayView target() const { return view(m_target); }
    // The authority of a request that came in absolute form ("GET http://a:8080/x"), which
    // stands for Host (RFC 9112 §3.2.2); target() is then the origin form ("/x"). nullopt for
    // the usual origin-form request.
    std::optional<QByteArrayView> targetAuthority() const {
        return m_absoluteForm ? std::optional(view(m_targetAuthority)) : std::nullopt;
    }
    // Who the client addressed: the absolute form's authority, else the Host value.
    std::optional<QByteArrayView> authority() const;
    // Status line (responses only).
    int statusCode() const { return m_statusCode; }
    QByteArrayView reasonPhrase() const { return view(m_reason); }

    int versionMajor() const { return m_versionMajor; }
    int versionMinor() const { return m_versionMinor; }

    qsizetype headerCount() const { return m_headers.size(); }
    QByteArrayView headerName(qsizetype index) const { return view(m_headers[index].name); }
    QByteArrayView headerValue(qsizetype index) const { return view(m_headers[index].value); }
    // Which of the names the gateway acts on the field has (recognised while parsing).
    HeaderName headerKind(qsizetype index) const { return m_headers[index].kind; }
    // First value of a header; nullopt if absent. By kind for the names the gateway acts on
    // (no name comparison), by name (case-insensitive) for any other.
    std::optional<QByteArrayView> value(HeaderName kind) const;
    std::optional<QByteArrayView> value(QByteArrayView name) const;
    qsizetype countOf(HeaderName kind) const;
    // Calls visit(element) for each element of the one list the field lines of kind form
    // together (RFC 9110 §5.3), in order, empty elements skipped; stops when visit returns true.
    // Returns whether it stopped.
    template <typename Visitor> bool forEachListElementOf(HeaderName kind, Visitor visit) const {
        for (const HeaderSpan &header : m_headers) {
            if (header.kind == kind && forEachListElement(view(header.value), visit))
                return true;
        }
        return false;
    }

    // The one buffer every view of the target, names and values above lies in (a capture copies
    // it whole rather than field by field, ExchangeCapture).
    QByteArrayView text() const { return m_text; }

    BodyFraming framing() const { return m_framing; }
    quint64 contentLength() const { return m_contentLength; }
    bool keepAlive() const { return m_keepAlive; }
    bool isUpgrade() const { return m_upgrade; }

private:
    friend class HttpParser;

    struct Span {
        qsizetype offset = 0;
        qsizetype length = 0;
    };
    struct HeaderSpan {
        Span name;
        Span value;
        HeaderName kind = HeaderName::Other;
    };

    QByteArrayView view(Span span) const {
        return QByteArrayView(m_text).sliced(span.offset, span.length);
    }
    void appendTo(Span &span, QByteArrayView data);

    QByteArray m_text;
    QByteArrayView m_method;
    Span m_target;
    Span m_targetAuthority;
    Span m_reason;
    QList<HeaderSpan> m_headers;
    int m_statusCode = 0;
    int m_versionMajor = 1;
    int m_versionMinor = 1;
    BodyFraming m_framing = BodyFraming::None;
    quint64 m_contentLength = 0;
    bool m_keepAlive = true;
    bool m_upgrade = false;
    bool m_absoluteForm = false;
};
