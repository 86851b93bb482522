#include "logtext.h"

#include "model/bytesappend.h"
#include "model/numbertext.h"

namespace {

constexpr char hexDigits[] = "0123456789abcdef";
constexpr char replacementCharacter[] = "\xEF\xBF\xBD"; // U+FFFD in UTF-8

// Bytes that go into a JSON string as they are: printable ASCII but '"' and '\'.
bool isPlainAscii(uchar byte) {
    return byte >= 0x20 && byte < 0x80 && byte != '"' && byte != '\\';
}

void appendEscapedAscii(QByteArray &out, uchar byte) {
    switch (byte) {
    case '"':
        appendBytes(out, "\\\"");
        return;
    case '\\':
        appendBytes(out, "\\\\");
        return;
    case '\b':
        appendBytes(out, "\\b");
        return;
    case '\f':
        appendBytes(out, "\\f");
        return;
    case '\n':
        appendBytes(out, "\\n");
        return;
    case '\r':
        appendBytes(out, "\\r");
        return;
    case '\t':
        appendBytes(out, "\\t");
        return;
    default: {
        const char escape[] = {'\\', 'u', '0', '0', hexDigits[byte >> 4], hexDigits[byte & 0xf]};
        appendBytes(out, QByteArrayView(escape, sizeof escape));
    }
    }
}

// The length of the well-formed UTF-8 sequence at bytes[0] (RFC 3629 section 4), or 0 if the
// bytes there are none.
qsizetype validSequenceLength(const uchar *bytes, qsizetype available) {
    const uchar lead = bytes[0];
    qsizetype length = 0;
    uchar low = 0x80; // the range of the second byte, narrower after some lead bytes
    uchar high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            low = 0xA0; // overlong below U+0800
        else if (lead == 0xED)
            high = 0x9F; // U+D800..U+DFFF, surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            low = 0x90; // overlong below U+10000
        else if (lead == 0xF4)
            high = 0x8F; // above U+10FFFF
    } else {
        return 0;
    }
    if (available < length || bytes[1] < low || bytes[1] > high)
        return 0;
    for (qsizetype i = 2; i < length; ++i) {
        if ((bytes[i] & 0xC0) != 0x80)
            return 0;
    }
    return length;
}

void appendCodePoint(QByteArray &out, char32_t codePoint) {
    char bytes[4];
    qsizetype length = 0;
    if (codePoint < 0x80) {
        bytes[length++] = char(codePoint);
    } else if (codePoint < 0x800) {
        bytes[length++] = char(0xC0 | (codePoint >> 6));
        bytes[length++] = char(0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
        bytes[length++] = char(0xE0 | (codePoint >> 12));
        bytes[length++] = char(0x80 | ((codePoint >> 6) & 0x3F));
        bytes[length++] = char(0x80 | (codePoint & 0x3F));
    } else {
        bytes[length++] = char(0xF0 | (codePoint >> 18));
        bytes[length++] = char(0x80 | ((codePoint >> 12) & 0x3F));
        bytes[length++] = char(0x80 | ((codePoint >> 6) & 0x3F));
        bytes[length++] = char(0x80 | (codePoint & 0x3F));
    }
    appendBytes(out, QByteArrayView(bytes, length));
}

enum class Escaping : quint8 { Json, None };

void appendUtf16(QByteArray &out, QStringView text, Escaping escaping) {
    const char16_t *units = text.utf16();
    const qsizetype size = text.size();
    qsizetype i = 0;
    while (i < size) {
        // A run of ASCII that needs nothing goes in one append.
        qsizetype run = i;
        while (run < size && units[run] < 0x80 &&
               (escaping == Escaping::None || isPlainAscii(uchar(units[run]))))
            ++run;
        if (run > i) {
            const qsizetype start = out.size();
            out.resize(start + (run - i));
            char *to = out.data() + start;
            for (qsizetype k = i; k < run; ++k)
                *to++ = char(units[k]);
            i = run;
            continue;
        }
        const char16_t unit = units[i++];
        if (unit < 0x80) {
            appendEscapedAscii(out, uchar(unit));
        } else if (QChar::isHighSurrogate(unit) && i < size && QChar::isLowSurrogate(units[i])) {
            appendCodePoint(out, QChar::surrogateToUcs4(unit, units[i++]));
        } else if (QChar::isSurrogate(unit)) {
            appendBytes(out, QByteArrayView(replacementCharacter, 3));
        } else {
            appendCodePoint(out, unit);
        }
    }
}

} // namespace

void appendJsonString(QByteArray &out, QByteArrayView utf8) {
    appendByte(out, '"');
    const auto *bytes = reinterpret_cast<const uchar *>(utf8.data());
    const qsizetype size = utf8.size();
    qsizetype i = 0;
    while (i < size) {
        qsizetype run = i;
        while (run < size && isPlainAscii(bytes[run]))
            ++run;
        if (run > i) {
            appendBytes(out, QByteArrayView(utf8.data() + i, run - i));
            i = run;
            continue;
        }
        if (bytes[i] < 0x80) {
            appendEscapedAscii(out, bytes[i++]);
        } else if (const qsizetype length = validSequenceLength(bytes + i, size - i)) {
            appendBytes(out, QByteArrayView(utf8.data() + i, length));
            i += length;
        } else {
            appendBytes(out, QByteArrayView(replacementCharacter, 3));
            ++i;
        }
    }
    appendByte(out, '"');
}

void appendJsonString(QByteArray &out, QStringView text) {
    appendByte(out, '"');
    appendUtf16(out, text, Escaping::Json);
    appendByte(out, '"');
}

void appendUtf8(QByteArray &out, QStringView text) {
    appendUtf16(out, text, Escaping::None);
}

void appendMillis(QByteArray &out, qint64 micros) {
    // In integers: "%.2f" of a double would round 1245 µs (1.2449999… as a double) down.
    const qint64 hundredths = (micros < 0 ? micros - 5 : micros + 5) / 10;
    const qint64 magnitude = hundredths < 0 ? -hundredths : hundredths;
    if (hundredths < 0)
        appendByte(out, '-');
    appendNumber(out, magnitude / 100);
    const char fraction[] = {'.', char('0' + magnitude / 10 % 10), char('0' + magnitude % 10), 'm',
                             's'};
    appendBytes(out, QByteArrayView(fraction, sizeof fraction));
}
