#include "http/httpmessagehead.h"

#include "http/headerrules.h"

#include <cstring>

void HttpMessageHead::release() {
    clear();
    m_text = QByteArray();
    m_headers = QList<HeaderSpan>();
}

void HttpMessageHead::clear() {
    // resize(0) keeps the capacity: the next head reuses the same memory.
    m_text.resize(0);
    m_headers.resize(0);
    m_method = {};
    m_target = {};
    m_targetAuthority = {};
    m_absoluteForm = false;
    m_reason = {};
    m_statusCode = 0;
    m_versionMajor = 1;
    m_versionMinor = 1;
    m_framing = BodyFraming::None;
    m_contentLength = 0;
    m_keepAlive = true;
    m_upgrade = false;
}

std::optional<QByteArrayView> HttpMessageHead::value(QByteArrayView name) const {
    for (const HeaderSpan &header : m_headers) {
        if (equalsIgnoringCase(view(header.name), name))
            return view(header.value);
    }
    return std::nullopt;
}

std::optional<QByteArrayView> HttpMessageHead::value(HeaderName kind) const {
    Q_ASSERT(kind != HeaderName::Other);
    for (const HeaderSpan &header : m_headers) {
        if (header.kind == kind)
            return view(header.value);
    }
    return std::nullopt;
}

qsizetype HttpMessageHead::countOf(HeaderName kind) const {
    Q_ASSERT(kind != HeaderName::Other);
    qsizetype count = 0;
    for (const HeaderSpan &header : m_headers)
        count += header.kind == kind ? 1 : 0;
    return count;
}

// llhttp may hand one field in several pieces (split across reads); pieces of one span are
// always contiguous in m_text because nothing else is appended in between.
void HttpMessageHead::appendTo(Span &span, QByteArrayView data) {
    if (span.length == 0)
        span.offset = m_text.size();
    // resize + memcpy: cheaper than append() on the per-header hot path (callgrind).
    const qsizetype start = m_text.size();
    m_text.resize(start + data.size());
    std::memcpy(m_text.data() + start, data.data(), size_t(data.size()));
    span.length += data.size();
}

std::optional<QByteArrayView> HttpMessageHead::authority() const {
    if (m_absoluteForm)
        return view(m_targetAuthority);
    return value(HeaderName::Host);
}
