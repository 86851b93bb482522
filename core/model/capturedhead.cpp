#include "model/capturedhead.h"

#include "model/heapbytes.h"

#include <QVarLengthArray>

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
    CapturedHead head;
    // A browser's head has up to ~15 fields, an API call's ~5-10.
    QVarLengthArray<FieldSpans, 32> fields;
    // Spans are found in text and are the same in the copy made at the end, of the head alone.
    const auto spanOf = [&text](QByteArrayView part) {
        return Span{quint32(part.data() - text.data()), quint32(part.size())};
    };
    qsizetype headSize = text.size();
    qsizetype lineStart = 0;
    bool startLine = true;
    // Lines found by their LF: a byte search, where a search for "\r\n" costs a substring search
    // per line.
    while (lineStart < text.size()) {
        qsizetype lineEnd = text.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = text.size();
        QByteArrayView line = text.sliced(lineStart, lineEnd - lineStart);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            headSize = lineStart;
            break;
        }
        lineStart = lineEnd + 1;
        if (startLine) {
            startLine = false;
            const qsizetype firstSpace = line.indexOf(' ');
            const qsizetype secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
            const QByteArrayView first = line.first(firstSpace < 0 ? line.size() : firstSpace);
            const QByteArrayView second =
                firstSpace < 0    ? line.last(0)
                : secondSpace < 0 ? line.sliced(firstSpace + 1)
                                  : line.sliced(firstSpace + 1, secondSpace - firstSpace - 1);
            const QByteArrayView rest =
                secondSpace < 0 ? line.last(0) : line.sliced(secondSpace + 1);
            int major = 1;
            int minor = 1;
            if (first.startsWith("HTTP/")) {
                readVersion(first, major, minor);
                head.m_status = second.toInt();
                head.m_reason = spanOf(rest);
            } else {
                head.m_method = spanOf(first);
                head.m_target = spanOf(second);
                readVersion(rest, major, minor);
            }
            head.m_versionMajor = quint8(major);
            head.m_versionMinor = quint8(minor);
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue;
        fields.append({spanOf(line.first(colon)), spanOf(line.sliced(colon + 1).trimmed())});
    }
    head.m_buffer = bufferOf(text.first(headSize), fields);
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
