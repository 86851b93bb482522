#include "inspect/shellquoting.h"

#include <QUtf8StringView>

bool isShellSafeText(QByteArrayView bytes) {
    if (!QUtf8StringView(bytes).isValidUtf8())
        return false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto byte = quint8(bytes[i]);
        if ((byte < 0x20 && byte != '\t' && byte != '\n') || byte == 0x7f)
            return false;
        // U+0080..U+009F (C1 controls) are encoded as C2 80..C2 9F.
        if (byte == 0xc2 && i + 1 < bytes.size() && quint8(bytes[i + 1]) < 0xa0)
            return false;
    }
    return true;
}

QByteArray singleQuoted(QByteArrayView bytes) {
    QByteArray quoted;
    quoted.reserve(bytes.size() + 2);
    quoted += '\'';
    for (const char byte : bytes) {
        if (byte == '\'')
            quoted += "'\\''";
        else
            quoted += byte;
    }
    quoted += '\'';
    return quoted;
}

QByteArray printfFormat(QByteArrayView bytes) {
    QByteArray format;
    format.reserve(bytes.size() * 2 + 2);
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char byte = bytes[i];
        const auto value = quint8(byte);
        // A format starting with '-' would be read as an option of printf.
        const bool leadingDash = i == 0 && byte == '-';
        if (byte == '%') {
            format += "%%";
        } else if (byte == '\\') {
            format += "\\\\";
        } else if (value < 0x20 || value >= 0x7f || leadingDash) {
            format += '\\';
            format += char('0' + (value >> 6));
            format += char('0' + ((value >> 3) & 7));
            format += char('0' + (value & 7));
        } else {
            format += byte;
        }
    }
    return singleQuoted(format);
}

QByteArray shellArgument(QByteArrayView bytes) {
    if (isShellSafeText(bytes))
        return singleQuoted(bytes);
    QByteArray substitution = "\"$(printf ";
    substitution += printfFormat(bytes);
    substitution += ")\"";
    return substitution;
}
