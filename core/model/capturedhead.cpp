#include "model/capturedhead.h"

#include "model/capturedheadbuilder.h"
#include "model/heapbytes.h"

namespace {

bool sameName(QByteArrayView a, QByteArrayView b) {
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

CapturedHead CapturedHead::fromText(QByteArrayView text) {
    return CapturedHeadBuilder().text(text).build();
}

QByteArray CapturedHead::versionText() const {
    return "HTTP/" + QByteArray::number(m_layout.versionMajor) + '.' +
           QByteArray::number(m_layout.versionMinor);
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
