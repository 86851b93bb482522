#include "http/httpparser.h"

#include "http/headerrules.h"

#include <algorithm>

namespace {

// Extra bytes a header line costs beyond its name and value (": " and CRLF), so that the
// header limit counts what the client actually sent.
constexpr qsizetype headerLineOverhead = 4;

bool containsLineBreak(const char *begin, const char *end) {
    for (const char *c = begin; c < end; ++c) {
        if (*c == '\r' || *c == '\n')
            return true;
    }
    return false;
}

bool namesUpgradeProtocol(const HttpMessageHead &head) {
    return head.forEachListElementOf(HeaderName::Upgrade, [](QByteArrayView) { return true; });
}

} // namespace

HttpParser::HttpParser(Kind kind, HttpParserListener *listener)
    : m_kind(kind)
    , m_listener(listener) {
    llhttp_init(&m_parser, kind == Kind::Request ? HTTP_REQUEST : HTTP_RESPONSE, &settings());
    m_parser.data = this;
}

HttpParser::~HttpParser() = default;

void HttpParser::setLimits(qint64 maxHeaderBytes, qint64 maxBodyBytes) {
    m_maxHeaderBytes = maxHeaderBytes;
    m_maxBodyBytes = maxBodyBytes;
}

const llhttp_settings_t &HttpParser::settings() {
    static const llhttp_settings_t instance = [] {
        llhttp_settings_t s;
        llhttp_settings_init(&s);
        s.on_message_begin = &HttpParser::onMessageBegin;
        s.on_url = &HttpParser::onUrl;
        s.on_status = &HttpParser::onStatus;
        s.on_header_field = &HttpParser::onHeaderField;
        s.on_header_field_complete = &HttpParser::onHeaderFieldComplete;
        s.on_header_value = &HttpParser::onHeaderValue;
        s.on_header_value_complete = &HttpParser::onHeaderValueComplete;
        s.on_headers_complete = &HttpParser::onHeadersComplete;
        s.on_body = &HttpParser::onBody;
        s.on_message_complete = &HttpParser::onMessageComplete;
        return s;
    }();
    return instance;
}

HttpParser::Result HttpParser::feed(QByteArrayView data) {
    if (data.isEmpty())
        return {Status::NeedMoreData, 0};
    m_feedStart = data.data();
    m_lastPieceEnd = nullptr;
    const llhttp_errno_t code = llhttp_execute(&m_parser, data.data(), size_t(data.size()));
    if (m_messageStarted && !m_headComplete) {
        const char *tailStart = m_lastPieceEnd ? m_lastPieceEnd : m_feedStart;
        m_lineBreakSincePiece =
            m_lineBreakSincePiece || containsLineBreak(tailStart, data.data() + data.size());
    }
    return resultFor(code, data);
}

HttpParser::Result HttpParser::resultFor(llhttp_errno_t code, QByteArrayView data) {
    const auto consumedUpToErrorPosition = [&] {
        const char *position = llhttp_get_error_pos(&m_parser);
        return position ? qsizetype(position - data.data()) : data.size();
    };
    switch (code) {
    case HPE_OK:
        return {Status::NeedMoreData, data.size()};
    case HPE_PAUSED:
        if (m_stoppedByListener)
            return {Status::Stopped, consumedUpToErrorPosition()};
        return {Status::Paused, consumedUpToErrorPosition()};
    case HPE_PAUSED_UPGRADE:
        return {Status::Upgraded, consumedUpToErrorPosition()};
    default:
        if (m_error.status == 0) {
            const int status = m_kind == Kind::Response ? 502 : 400;
            m_error = {status, QByteArray("malformed HTTP: ") + llhttp_get_error_reason(&m_parser)};
        }
        return {Status::Failed, consumedUpToErrorPosition()};
    }
}

void HttpParser::resume() {
    m_stoppedByListener = false;
    llhttp_resume(&m_parser);
}

HttpParser::Result HttpParser::finish() {
    if (!m_messageStarted)
        return {Status::NeedMoreData, 0};
    const llhttp_errno_t code = llhttp_finish(&m_parser);
    if (code != HPE_OK && code != HPE_PAUSED) {
        m_error = {m_kind == Kind::Response ? 502 : 400, "connection closed mid-message"};
        return {Status::Failed, 0};
    }
    // A close-delimited body completed (onMessageComplete ran); anything else was cut short.
    if (m_messageStarted) {
        m_error = {m_kind == Kind::Response ? 502 : 400, "connection closed mid-message"};
        return {Status::Failed, 0};
    }
    return {Status::Paused, 0};
}

int HttpParser::fail(int status, const QByteArray &message) {
    m_error = {status, message};
    return HPE_USER;
}

bool HttpParser::countHeadBytes(qsizetype length, int requestStatus) {
    m_headBytes += length;
    if (m_headBytes <= m_maxHeaderBytes)
        return true;
    if (m_kind == Kind::Request) {
        fail(requestStatus,
             requestStatus == 414 ? "request target too long" : "request header fields too large");
    } else {
        fail(502, "upstream sent too big header (over " + QByteArray::number(m_maxHeaderBytes) +
                      " bytes)");
    }
    return false;
}

int HttpParser::onMessageBegin(llhttp_t *parser) {
    HttpParser &self = from(parser);
    self.m_head.clear();
    self.m_error = {};
    self.m_pendingName = {};
    self.m_pendingValue = {};
    self.m_headBytes = 0;
    self.m_bodyBytes = 0;
    self.m_lineBreakSincePiece = false;
    self.m_messageStarted = true;
    self.m_headComplete = false;
    return HPE_OK;
}

int HttpParser::onUrl(llhttp_t *parser, const char *at, size_t length) {
    HttpParser &self = from(parser);
    if (!self.countHeadBytes(qsizetype(length), 414))
        return HPE_USER;
    self.m_head.appendTo(self.m_head.m_target, QByteArrayView(at, qsizetype(length)));
    return HPE_OK;
}

int HttpParser::onStatus(llhttp_t *parser, const char *at, size_t length) {
    HttpParser &self = from(parser);
    if (!self.countHeadBytes(qsizetype(length)))
        return HPE_USER;
    self.m_head.appendTo(self.m_head.m_reason, QByteArrayView(at, qsizetype(length)));
    return HPE_OK;
}

int HttpParser::onHeaderField(llhttp_t *parser, const char *at, size_t length) {
    HttpParser &self = from(parser);
    if (self.m_headComplete)
        return HPE_OK; // trailer fields are never merged into the head
    if (!self.countHeadBytes(qsizetype(length)))
        return HPE_USER;
    self.m_head.appendTo(self.m_pendingName, QByteArrayView(at, qsizetype(length)));
    self.m_lastPieceEnd = at + length;
    self.m_lineBreakSincePiece = false;
    return HPE_OK;
}

int HttpParser::onHeaderFieldComplete(llhttp_t *parser) {
    HttpParser &self = from(parser);
    if (self.m_headComplete)
        return HPE_OK;
    if (self.m_pendingName.length == 0)
        return self.fail(self.m_kind == Kind::Request ? 400 : 502, "empty header name");
    return HPE_OK;
}

int HttpParser::onHeaderValue(llhttp_t *parser, const char *at, size_t length) {
    HttpParser &self = from(parser);
    // An empty value (RFC 9110 §5.5 allows it) arrives as a zero-length piece placed after the
    // line break that ends it: it adds nothing and is not a continuation.
    if (self.m_headComplete || length == 0)
        return HPE_OK;
    if (!self.countHeadBytes(qsizetype(length)))
        return HPE_USER;
    // llhttp 8.1.0 accepts obs-fold continuation lines and hands the continuation over as another
    // piece of the value, skipping the line break: a CR or LF between the previous piece (or
    // the name) and this one is a fold, rejected as RFC 9112 §5.2 allows.
    const char *gapStart = self.m_lastPieceEnd ? self.m_lastPieceEnd : self.m_feedStart;
    if (self.m_lineBreakSincePiece || containsLineBreak(gapStart, at)) {
        return self.fail(self.m_kind == Kind::Request ? 400 : 502,
                         "obsolete line folding in header " +
                             self.m_head.view(self.m_pendingName).toByteArray());
    }
    self.m_lastPieceEnd = at + length;
    self.m_lineBreakSincePiece = false;
    self.m_head.appendTo(self.m_pendingValue, QByteArrayView(at, qsizetype(length)));
    return HPE_OK;
}

int HttpParser::onHeaderValueComplete(llhttp_t *parser) {
    HttpParser &self = from(parser);
    if (self.m_headComplete)
        return HPE_OK;
    if (!self.countHeadBytes(headerLineOverhead))
        return HPE_USER;
    HttpMessageHead &head = self.m_head;
    const QByteArrayView name = head.view(self.m_pendingName);
    // Trailing whitespace is not part of the value (RFC 9110 §5.5); llhttp keeps it.
    while (self.m_pendingValue.length > 0 &&
           (head.m_text[self.m_pendingValue.offset + self.m_pendingValue.length - 1] == ' ' ||
            head.m_text[self.m_pendingValue.offset + self.m_pendingValue.length - 1] == '\t'))
        --self.m_pendingValue.length;
    // Names with '_' are dropped from requests, as nginx does (underscores_in_headers off).
    if (!(self.m_kind == Kind::Request && hasUnderscore(name)))
        head.m_headers.append({self.m_pendingName, self.m_pendingValue, classifyHeader(name)});
    self.m_pendingName = {};
    self.m_pendingValue = {};
    return HPE_OK;
}

void HttpParser::recordFraming() {
    HttpMessageHead &head = m_head;
    head.m_versionMajor = m_parser.http_major;
    head.m_versionMinor = m_parser.http_minor;
    head.m_keepAlive = llhttp_should_keep_alive(&m_parser) != 0;
    head.m_upgrade = m_parser.upgrade != 0;
    if (m_parser.flags & F_CHUNKED) {
        head.m_framing = BodyFraming::Chunked;
    } else if (m_parser.flags & F_CONTENT_LENGTH) {
        head.m_framing =
            m_parser.content_length > 0 ? BodyFraming::ContentLength : BodyFraming::None;
        head.m_contentLength = m_parser.content_length;
    } else if (m_kind == Kind::Response && llhttp_message_needs_eof(&m_parser)) {
        head.m_framing = BodyFraming::UntilClose;
    } else {
        head.m_framing = BodyFraming::None;
    }
}

bool HttpParser::checkRequestHead() {
    HttpMessageHead &head = m_head;
    head.m_method = QByteArrayView(llhttp_method_name(llhttp_method_t(m_parser.method)));
    if (head.m_versionMajor != 1)
        return fail(505, "HTTP version not supported"), false;
    if (!takeAbsoluteForm())
        return false;
    const QByteArrayView target = head.target();
    if (target.contains('#'))
        return fail(400, "fragment in request target"), false;
    if (target == "*") {
        if (head.m_method != "OPTIONS")
            return fail(400, "'*' target is only allowed with OPTIONS"), false;
    } else if (target.isEmpty() || target.front() != '/') {
        // Authority-form (CONNECT) is for forward proxies.
        return fail(400, "request target must be a path or an http:// URL"), false;
    }
    const qsizetype hostCount = head.countOf(HeaderName::Host);
    if (hostCount > 1)
        return fail(400, "duplicate Host header"), false;
    if (hostCount == 0 && head.m_versionMinor >= 1)
        return fail(400, "missing Host header"), false;
    if (hostCount == 1 && !isValidHostHeader(*head.value(HeaderName::Host)))
        return fail(400, "malformed Host header"), false;
    const qsizetype transferEncodings = head.countOf(HeaderName::TransferEncoding);
    if (head.m_versionMinor == 0 && transferEncodings > 0)
        return fail(400, "Transfer-Encoding in an HTTP/1.0 request"), false;
    if (transferEncodings > 0 && !checkRequestTransferCodings())
        return false;
    // llhttp takes any Upgrade value for an upgrade, an empty list ("Upgrade: ,") too; the
    // instance would not (the request forwarded would no longer be one).
    if (head.m_upgrade && !namesUpgradeProtocol(head))
        return fail(400, "Upgrade request whose Upgrade header names no protocol"), false;
    if (head.m_framing == BodyFraming::ContentLength && m_maxBodyBytes > 0 &&
        head.m_contentLength > quint64(m_maxBodyBytes))
        return fail(413, "request body larger than the limit"), false;
    return true;
}

bool HttpParser::checkRequestTransferCodings() {
    // Every Transfer-Encoding line together forms one list (RFC 9110 §5.3). llhttp notices a bad
    // one only after the head is complete; the gateway refuses before routing it.
    QList<QByteArrayView> codings;
    m_head.forEachListElementOf(HeaderName::TransferEncoding, [&codings](QByteArrayView coding) {
        codings.append(coding);
        return false;
    });
    const auto isChunked = [](QByteArrayView coding) {
        return equalsIgnoringCase(coding, "chunked");
    };
    // RFC 9112 §6.3: a request whose final coding is not chunked cannot be framed; §7.1: chunked
    // is applied once.
    if (codings.isEmpty() || !isChunked(codings.last()))
        return fail(400, "Transfer-Encoding whose final coding is not 'chunked'"), false;
    if (std::count_if(codings.begin(), codings.end(), isChunked) > 1)
        return fail(400, "Transfer-Encoding with 'chunked' more than once"), false;
    // Valid, but a coding under chunked (gzip, chunked) would have to be kept for the instance:
    // RFC 9112 §6.1 says 501 for a coding the server does not implement (nginx answers 501 too).
    if (codings.size() > 1)
        return fail(501, "Transfer-Encoding other than 'chunked' is not implemented"), false;
    return true;
}

bool HttpParser::takeAbsoluteForm() {
    // RFC 9112 §3.2.2: a server must accept "http://authority/path?query" as the target; the
    // authority replaces Host, the rest is routed like any origin-form target.
    HttpMessageHead &head = m_head;
    const QByteArrayView target = head.target();
    qsizetype schemeLength = 0;
    for (const QByteArrayView scheme : {QByteArrayView("http://"), QByteArrayView("https://")}) {
        if (target.size() >= scheme.size() &&
            equalsIgnoringCase(target.first(scheme.size()), scheme))
            schemeLength = scheme.size();
    }
    if (schemeLength == 0)
        return true;
    const QByteArrayView afterScheme = target.sliced(schemeLength);
    qsizetype authorityLength = 0;
    while (authorityLength < afterScheme.size() && afterScheme[authorityLength] != '/' &&
           afterScheme[authorityLength] != '?')
        ++authorityLength;
    const QByteArrayView authority = afterScheme.first(authorityLength);
    if (authority.isEmpty() || authority.contains('@') || !isValidHostHeader(authority))
        return fail(400, "malformed authority in absolute-form request target"), false;
    const qsizetype authorityOffset = head.m_target.offset + schemeLength;
    const qsizetype rest = head.m_target.length - schemeLength - authorityLength;
    head.m_absoluteForm = true;
    head.m_targetAuthority = {authorityOffset, authorityLength};
    if (rest > 0 && afterScheme[authorityLength] == '/') {
        head.m_target = {authorityOffset + authorityLength, rest};
        return true;
    }
    // "http://a" or "http://a?q": the path is "/" (RFC 9110 §4.2.3), which is not in the text.
    const QByteArray query =
        afterScheme.sliced(authorityLength).toByteArray(); // before m_text grows
    HttpMessageHead::Span originForm;
    head.appendTo(originForm, "/");
    head.appendTo(originForm, query);
    head.m_target = originForm;
    return true;
}

bool HttpParser::checkResponseHead() {
    HttpMessageHead &head = m_head;
    head.m_statusCode = m_parser.status_code;
    if (head.m_statusCode < 100 || head.m_statusCode > 599)
        return fail(502, "upstream status outside 100-599"), false;
    if (head.m_versionMajor != 1)
        return fail(502, "upstream HTTP version not supported"), false;
    const qsizetype contentLengths = head.countOf(HeaderName::ContentLength);
    const qsizetype transferEncodings = head.countOf(HeaderName::TransferEncoding);
    if (contentLengths > 1)
        return fail(502, "duplicate Content-Length from upstream"), false;
    if (contentLengths > 0 && transferEncodings > 0)
        return fail(502, "Content-Length and Transfer-Encoding from upstream"), false;
    if (transferEncodings > 1 ||
        (transferEncodings == 1 && listElementCount(*head.value(HeaderName::TransferEncoding)) > 1))
        return fail(502, "stacked Transfer-Encoding from upstream"), false;
    // RFC 9110 §15.2.2: a 101 names the protocol it switches to; the client needs it.
    if (head.m_statusCode == 101 && !namesUpgradeProtocol(head))
        return fail(502, "101 from upstream without an Upgrade protocol"), false;
    return true;
}

int HttpParser::onHeadersComplete(llhttp_t *parser) {
    HttpParser &self = from(parser);
    self.m_headComplete = true;
    self.recordFraming();
    const bool valid =
        self.m_kind == Kind::Request ? self.checkRequestHead() : self.checkResponseHead();
    if (!valid)
        return -1;

    // Responses that never have a body, whatever their headers say; otherwise llhttp reads a
    // bogus body and the connection desyncs (docs/ARCHITECTURE.md, "What 'strict' means here").
    bool noBody = false;
    if (self.m_kind == Kind::Response) {
        const int status = self.m_head.m_statusCode;
        noBody = self.m_answeringHead || (status >= 100 && status < 200) || status == 204 ||
                 status == 304;
        if (noBody && status != 101)
            self.m_head.m_framing = BodyFraming::None;
    }
    if (!self.m_listener->onHeadComplete(self.m_head)) {
        self.m_stoppedByListener = true;
        return HPE_PAUSED;
    }
    return noBody ? 1 : 0;
}

int HttpParser::onBody(llhttp_t *parser, const char *at, size_t length) {
    HttpParser &self = from(parser);
    self.m_bodyBytes += qint64(length);
    if (self.m_kind == Kind::Request && self.m_maxBodyBytes > 0 &&
        self.m_bodyBytes > self.m_maxBodyBytes)
        return self.fail(413, "request body larger than the limit");
    self.m_listener->onBody(QByteArrayView(at, qsizetype(length)));
    return HPE_OK;
}

int HttpParser::onMessageComplete(llhttp_t *parser) {
    HttpParser &self = from(parser);
    self.m_messageStarted = false;
    self.m_listener->onMessageComplete();
    // After an upgrade llhttp stops by itself (HPE_PAUSED_UPGRADE); pausing here would hide it.
    return llhttp_get_upgrade(parser) ? HPE_OK : HPE_PAUSED;
}
