#include "model/capturedheadbuilder.h"

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

} // namespace

CapturedHeadBuilder::CapturedHeadBuilder(qsizetype expectedBytes) {
    if (expectedBytes > 0)
        m_head.m_buffer = QByteArray(expectedBytes, Qt::Uninitialized);
}

CapturedHeadBuilder &CapturedHeadBuilder::requestLine(QByteArrayView method, QByteArrayView target,
                                                      int versionMajor, int versionMinor) {
    Q_ASSERT(m_used == 0); // the start line comes first
    char version[24];
    CapturedHead::Span spans[3];
    appendStartLine(method, target, versionText(versionMajor, versionMinor, version), spans);
    m_head.m_method = spans[0];
    m_head.m_target = spans[1];
    m_head.m_versionMajor = quint8(versionMajor);
    m_head.m_versionMinor = quint8(versionMinor);
    return *this;
}

CapturedHeadBuilder &CapturedHeadBuilder::statusLine(int status, QByteArrayView reason,
                                                     int versionMajor, int versionMinor) {
    Q_ASSERT(m_used == 0); // the start line comes first
    char version[24];
    char digits[12];
    CapturedHead::Span spans[3];
    appendStartLine(versionText(versionMajor, versionMinor, version), decimal(status, digits),
                    reason, spans);
    m_head.m_status = status;
    m_head.m_reason = spans[2];
    m_head.m_versionMajor = quint8(versionMajor);
    m_head.m_versionMinor = quint8(versionMinor);
    return *this;
}

CapturedHeadBuilder &CapturedHeadBuilder::startLineOf(const CapturedHead &head) {
    if (head.status() != 0)
        return statusLine(head.status(), head.reason(), head.versionMajor(), head.versionMinor());
    if (head.isPresent())
        return requestLine(head.method(), head.target(), head.versionMajor(), head.versionMinor());
    m_head.m_versionMajor = quint8(head.versionMajor());
    m_head.m_versionMinor = quint8(head.versionMinor());
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

CapturedHead CapturedHeadBuilder::build() {
    const qsizetype spansBytes = m_fields.size() * qsizetype(sizeof(CapturedHead::FieldSpans));
    if (spansBytes > 0)
        std::memcpy(grow(spansBytes), m_fields.constData(), size_t(spansBytes));
    if (m_head.m_buffer.size() != m_used) // less than expected, or room left by grow()
        m_head.m_buffer.resize(m_used);
    m_head.m_fieldCount = quint32(m_fields.size());
    m_fields.clear();
    m_used = 0;
    return std::exchange(m_head, CapturedHead());
}

char *CapturedHeadBuilder::grow(qsizetype bytes) {
    QByteArray &text = m_head.m_buffer;
    const qsizetype start = m_used;
    m_used += bytes;
    if (m_used > text.size())
        text.resize(std::max(m_used, 2 * text.size()));
    return text.data() + start;
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
