#include "model/capturedhead.h"

#include "model/heapbytes.h"

#include <QVarLengthArray>
#include <charconv>
#include <cstring>

namespace {

bool sameName(QByteArrayView a, QByteArrayView b) {
    return a.compare(b, Qt::CaseInsensitive) == 0;
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

// A head's buffer: the text, then its fields' spans.
template <typename FieldSpansArray>
QByteArray bufferOf(QByteArrayView text, const FieldSpansArray &fields) {
    const qsizetype spansBytes = fields.size() * qsizetype(sizeof(fields[0]));
    QByteArray buffer(text.size() + spansBytes, Qt::Uninitialized);
    if (!text.isEmpty())
        std::memcpy(buffer.data(), text.data(), size_t(text.size()));
    if (spansBytes > 0)
        std::memcpy(buffer.data() + text.size(), fields.constData(), size_t(spansBytes));
    return buffer;
}

} // namespace

CapturedHead CapturedHead::fromText(QByteArrayView text) {
    // Runs twice per captured request, on text the gateway has just written, so it is one pass
    // of memchr over the bytes and plain pointer steps: QByteArrayView::indexOf() and trimmed()
    // cost an out-of-line call each, per line. Reading the text back, rather than having its
    // writers (appendUpstreamRequestHead, appendClientResponseHead, plainTextResponse) note each
    // field's spans, keeps them unaware of capture and of this layout; what the scan still costs
    // is measured in docs/BENCHMARKS.md, "Reading back the gateway's own heads".
    CapturedHead head;
    // A browser's head has up to ~15 fields, an API call's ~5-10.
    QVarLengthArray<FieldSpans, 32> fields;
    const char *const begin = text.data();
    const char *const end = begin + text.size();
    // Spans are found in text and are the same in the copy made at the end, of the head alone.
    const auto spanOf = [begin](const char *from, const char *to) {
        return Span{quint32(from - begin), quint32(to - from)};
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
                std::from_chars(parts.second.begin(), parts.second.end(), head.m_status);
                head.m_reason = spanOf(parts.third.begin(), parts.third.end());
            } else {
                head.m_method = spanOf(parts.first.begin(), parts.first.end());
                head.m_target = spanOf(parts.second.begin(), parts.second.end());
                readVersion(parts.third, major, minor);
            }
            head.m_versionMajor = quint8(major);
            head.m_versionMinor = quint8(minor);
        } else if (const auto *colon =
                       static_cast<const char *>(std::memchr(line, ':', size_t(lineEnd - line)))) {
            // The gateway writes "Name: value"; other text may have no blank or several.
            const char *value = colon + 1;
            const char *valueEnd = lineEnd;
            while (value < valueEnd && isBlank(*value))
                ++value;
            while (valueEnd > value && isBlank(valueEnd[-1]))
                --valueEnd;
            fields.append({spanOf(line, colon), spanOf(value, valueEnd)});
        } // a line without a colon is skipped
        line = next;
    }
    head.m_buffer = bufferOf(QByteArrayView(begin, headEnd), fields);
    head.m_fieldCount = quint32(fields.size());
    return head;
}

QByteArray CapturedHead::versionText() const {
    return "HTTP/" + QByteArray::number(m_versionMajor) + '.' + QByteArray::number(m_versionMinor);
}

std::optional<QByteArrayView> CapturedHead::value(QByteArrayView name) const {
    for (qsizetype i = 0; i < fieldCount(); ++i) {
        const FieldSpans field = fieldSpans(i);
        if (sameName(view(field.name), name))
            return view(field.value);
    }
    return std::nullopt;
}

QList<QByteArrayView> CapturedHead::values(QByteArrayView name) const {
    QList<QByteArrayView> found;
    for (qsizetype i = 0; i < fieldCount(); ++i) {
        const FieldSpans field = fieldSpans(i);
        if (sameName(view(field.name), name))
            found.append(view(field.value));
    }
    return found;
}

ContentCoding CapturedHead::contentCoding() const {
    const QList<QByteArrayView> codings = values("Content-Encoding");
    if (codings.isEmpty())
        return ContentCoding::Identity;
    // Several codings (in one field or in several) would have to be undone in reverse order;
    // servers do not send them in practice, so they are shown as they came.
    if (codings.size() > 1 || codings.first().contains(','))
        return ContentCoding::Other;
    const QByteArrayView coding = codings.first().trimmed();
    if (coding.isEmpty() || sameName(coding, "identity"))
        return ContentCoding::Identity;
    if (sameName(coding, "gzip") || sameName(coding, "x-gzip"))
        return ContentCoding::Gzip;
    if (sameName(coding, "deflate"))
        return ContentCoding::Deflate;
    return ContentCoding::Other;
}

qsizetype CapturedHead::allocatedBytes() const {
    return heapBytes(m_buffer);
}

bool operator==(const CapturedHead &a, const CapturedHead &b) {
    if (a.method() != b.method() || a.target() != b.target() || a.status() != b.status() ||
        a.reason() != b.reason() || a.versionMajor() != b.versionMajor() ||
        a.versionMinor() != b.versionMinor() || a.fieldCount() != b.fieldCount()) {
        return false;
    }
    for (qsizetype i = 0; i < a.fieldCount(); ++i) {
        if (a.name(i) != b.name(i) || a.value(i) != b.value(i))
            return false;
    }
    return true;
}
