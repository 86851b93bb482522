#include "model/capturedheadbuilder.h"

#include "model/bytearena.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <utility>

namespace {

// Copies bytes to out and returns the end of the copy.
char *copied(char *out, QByteArrayView bytes) {
    if (!bytes.isEmpty())
        std::memcpy(out, bytes.data(), size_t(bytes.size()));
    return out + bytes.size();
}

QByteArrayView decimal(int number, char (&digits)[12]) {
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    return QByteArrayView(digits, end - digits);
}

// "HTTP/1.1"
QByteArrayView versionText(int major, int minor, char (&text)[24]) {
    char *out = copied(text, "HTTP/");
    out = std::to_chars(out, text + sizeof text, major).ptr;
    *out++ = '.';
    out = std::to_chars(out, text + sizeof text, minor).ptr;
    return QByteArrayView(text, out - text);
}

// "HTTP/1.1" → 1, 1; anything else leaves the defaults (the gateway writes only 1.0 and 1.1).
void readVersion(QByteArrayView text, int &major, int &minor) {
    if (text.size() == 8 && text.startsWith("HTTP/") && text.at(6) == '.') {
        major = text.at(5) - '0';
        minor = text.at(7) - '0';
    }
}

bool isBlank(char c) {
    return c == ' ' || c == '\t'; // OWS (RFC 9110 §5.6.3)
}

// A start line's three parts at its first two spaces ("GET /a HTTP/1.1", "HTTP/1.1 404 Not
// Found"); a missing part is empty, at the line's end.
struct StartLine {
    QByteArrayView first;
    QByteArrayView second;
    QByteArrayView third;
};

StartLine splitStartLine(const char *line, const char *end) {
    const auto spaceIn = [end](const char *from) {
        const auto *space = static_cast<const char *>(std::memchr(from, ' ', size_t(end - from)));
        return space ? space : end;
    };
    const char *const firstEnd = spaceIn(line);
    const char *const secondStart = firstEnd == end ? end : firstEnd + 1;
    const char *const secondEnd = spaceIn(secondStart);
    const char *const thirdStart = secondEnd == end ? end : secondEnd + 1;
    return {QByteArrayView(line, firstEnd), QByteArrayView(secondStart, secondEnd),
            QByteArrayView(thirdStart, end)};
}

} // namespace

CapturedHeadBuilder::CapturedHeadBuilder(qsizetype expectedBytes) {
    if (expectedBytes > 0)
        m_buffer = QByteArray(expectedBytes, Qt::Uninitialized);
}

CapturedHeadBuilder &CapturedHeadBuilder::requestLine(QByteArrayView method, QByteArrayView target,
                                                      int versionMajor, int versionMinor) {
    Q_ASSERT(m_used == m_headStart); // the start line comes first
    char version[24];
    CapturedHead::Span spans[3];
    appendStartLine(method, target, versionText(versionMajor, versionMinor, version), spans);
    m_layout.method = spans[0];
    m_layout.target = spans[1];
    m_layout.versionMajor = quint8(versionMajor);
    m_layout.versionMinor = quint8(versionMinor);
    return *this;
}

CapturedHeadBuilder &CapturedHeadBuilder::statusLine(int status, QByteArrayView reason,
                                                     int versionMajor, int versionMinor) {
    Q_ASSERT(m_used == m_headStart); // the start line comes first
    char version[24];
    char digits[12];
    CapturedHead::Span spans[3];
    appendStartLine(versionText(versionMajor, versionMinor, version), decimal(status, digits),
                    reason, spans);
    m_layout.status = status;
    m_layout.reason = spans[2];
    m_layout.versionMajor = quint8(versionMajor);
    m_layout.versionMinor = quint8(versionMinor);
    return *this;
}

CapturedHeadBuilder &CapturedHeadBuilder::startLineOf(const CapturedHead &head) {
    if (head.status() != 0)
        return statusLine(head.status(), head.reason(), head.versionMajor(), head.versionMinor());
    if (head.isPresent())
        return requestLine(head.method(), head.target(), head.versionMajor(), head.versionMinor());
    m_layout.versionMajor = quint8(head.versionMajor());
    m_layout.versionMinor = quint8(head.versionMinor());
    return *this;
}

CapturedHeadBuilder &CapturedHeadBuilder::field(QByteArrayView name, QByteArrayView value) {
    const auto start = quint32(m_used);
    char *out = copied(grow(name.size() + value.size() + 4), name); // ": ", CRLF
    out = copied(out, ": ");
    out = copied(out, value);
    copied(out, "\r\n");
    m_fields.append(
        {{start, quint32(name.size())}, {start + quint32(name.size()) + 2, quint32(value.size())}});
    return *this;
}

CapturedHeadBuilder &CapturedHeadBuilder::fields(const CapturedHead &head) {
    for (const CapturedHead::Field each : head.fields())
        field(each.name, each.value);
    return *this;
}

CapturedHeadBuilder &
CapturedHeadBuilder::fields(std::initializer_list<std::pair<QByteArrayView, QByteArrayView>> list) {
    for (const auto &[name, value] : list)
        field(name, value);
    return *this;
}

CapturedHeadBuilder &CapturedHeadBuilder::text(QByteArrayView text) {
    // Runs twice per captured request, on text the gateway has just written, so it is one pass
    // of memchr over the bytes and plain pointer steps: QByteArrayView::indexOf() and trimmed()
    // cost an out-of-line call each, per line. Reading the text back, rather than having its
    // writers (appendUpstreamRequestHead, appendClientResponseHead, plainTextResponse) note each
    // field's spans, keeps them unaware of capture and of this layout; what the scan still costs
    // is measured in docs/BENCHMARKS.md, "Reading back the gateway's own heads".
    Q_ASSERT(m_used == m_headStart && m_fields.isEmpty());
    const char *const begin = text.data();
    const char *const end = begin + text.size();
    // Spans are found in text and point into its copy, made at the end, of the head alone.
    const qsizetype copyAt = m_used;
    const auto spanOf = [begin, copyAt](const char *from, const char *to) {
        return CapturedHead::Span{quint32(copyAt + (from - begin)), quint32(to - from)};
    };
    const char *headEnd = end;
    const char *line = begin;
    bool startLine = true;
    while (line < end) {
        const auto *newline =
            static_cast<const char *>(std::memchr(line, '\n', size_t(end - line)));
        const char *const next = newline ? newline + 1 : end;
        const char *lineEnd = newline ? newline : end;
        if (lineEnd > line && lineEnd[-1] == '\r')
            --lineEnd;
        if (lineEnd == line) {
            headEnd = line;
            break;
        }
        if (startLine) {
            startLine = false;
            const StartLine parts = splitStartLine(line, lineEnd);
            int major = 1;
            int minor = 1;
            if (parts.first.startsWith("HTTP/")) {
                readVersion(parts.first, major, minor);
                std::from_chars(parts.second.begin(), parts.second.end(), m_layout.status);
                m_layout.reason = spanOf(parts.third.begin(), parts.third.end());
            } else {
                m_layout.method = spanOf(parts.first.begin(), parts.first.end());
                m_layout.target = spanOf(parts.second.begin(), parts.second.end());
                readVersion(parts.third, major, minor);
            }
            m_layout.versionMajor = quint8(major);
            m_layout.versionMinor = quint8(minor);
        } else if (const auto *colon =
                       static_cast<const char *>(std::memchr(line, ':', size_t(lineEnd - line)))) {
            // The gateway writes "Name: value"; other text may have no blank or several.
            const char *value = colon + 1;
            const char *valueEnd = lineEnd;
            while (value < valueEnd && isBlank(*value))
                ++value;
            while (valueEnd > value && isBlank(valueEnd[-1]))
                --valueEnd;
            m_fields.append({spanOf(line, colon), spanOf(value, valueEnd)});
        } // a line without a colon is skipped
        line = next;
    }
    // Room for the spans too, so that a head read alone allocates once.
    const qsizetype textBytes = headEnd - begin;
    makeRoom(textBytes + m_fields.size() * qsizetype(sizeof(CapturedHead::FieldSpans)));
    copy(QByteArrayView(begin, textBytes));
    return *this;
}

CapturedHead CapturedHeadBuilder::build() {
    EndedHead ended = endHead();
    CapturedHead built = head(ended);
    m_buffer = QByteArray();
    m_used = m_headStart = 0;
    return built;
}

CapturedHeadBuilder::EndedHead CapturedHeadBuilder::endHead() {
    endFields();
    m_headStart = m_used;
    EndedHead ended;
    ended.m_layout = std::exchange(m_layout, CapturedHead::Layout());
    return ended;
}

CapturedHead CapturedHeadBuilder::head(const EndedHead &ended) {
    Q_ASSERT(m_used == m_headStart); // every head has ended
    if (m_buffer.size() != m_used)   // less than expected, or room left by grow()
        m_buffer.resize(m_used);
    return headIn(m_buffer, ended);
}

CapturedHeadBuilder::SettledHeads CapturedHeadBuilder::settleIn(ByteArena &arena) {
    Q_ASSERT(m_used == m_headStart); // every head has ended
    SettledHeads settled;
    settled.m_buffer = arena.copy(QByteArrayView(m_buffer.constData(), m_used));
    m_used = m_headStart = 0;
    return settled;
}

CapturedHead CapturedHeadBuilder::SettledHeads::head(const EndedHead &ended) const {
    return headIn(m_buffer, ended);
}

void CapturedHeadBuilder::restart() {
    // A browser's heads take a few KiB; a buffer grown far past that by one large head would
    // otherwise stay with its connection for as long as the connection does.
    constexpr qsizetype keptBytes = 16 * 1024;
    if (m_buffer.size() > keptBytes)
        m_buffer = QByteArray();
    m_used = m_headStart = 0;
    m_layout = CapturedHead::Layout();
    m_fields.erase(m_fields.cbegin(), m_fields.cend());
}

CapturedHead CapturedHeadBuilder::headIn(const QByteArray &buffer, const EndedHead &ended) {
    CapturedHead whole;
    whole.m_layout = ended.m_layout;
    if (!ended.m_layout.isPresent() && ended.m_layout.fieldCount == 0)
        return whole; // never written: holds no part of the buffer
    whole.m_buffer = buffer;
    return whole;
}

void CapturedHeadBuilder::makeRoom(qsizetype bytes) {
    // Heads handed out share the buffer: growing it now would copy it rather than extend it.
    Q_ASSERT(m_buffer.isNull() || m_buffer.isDetached());
    if (m_used + bytes > m_buffer.size())
        m_buffer.resize(std::max(m_used + bytes, 2 * m_buffer.size()));
}

char *CapturedHeadBuilder::grow(qsizetype bytes) {
    makeRoom(bytes);
    const qsizetype start = m_used;
    m_used += bytes;
    return m_buffer.data() + start;
}

qsizetype CapturedHeadBuilder::copy(QByteArrayView bytes) {
    const qsizetype at = m_used;
    copied(grow(bytes.size()), bytes);
    return at;
}

void CapturedHeadBuilder::appendStartLine(QByteArrayView first, QByteArrayView second,
                                          QByteArrayView third, CapturedHead::Span (&spans)[3]) {
    const auto start = quint32(m_used);
    char *const begin = grow(first.size() + second.size() + third.size() + 4);
    char *out = begin;
    qsizetype index = 0;
    for (const QByteArrayView part : {first, second, third}) {
        spans[index] = {start + quint32(out - begin), quint32(part.size())};
        out = copied(out, part);
        out = copied(out, ++index < 3 ? QByteArrayView(" ") : QByteArrayView("\r\n"));
    }
}

void CapturedHeadBuilder::endFields() {
    const qsizetype spansBytes = m_fields.size() * qsizetype(sizeof(CapturedHead::FieldSpans));
    m_layout.spansAt = quint32(m_used);
    if (spansBytes > 0)
        std::memcpy(grow(spansBytes), m_fields.constData(), size_t(spansBytes));
    m_layout.fieldCount = quint32(m_fields.size());
    // Not clear(): Qt 6.4's goes through an out-of-line reallocation even to size 0, four
    // times per captured request.
    m_fields.erase(m_fields.cbegin(), m_fields.cend());
}
