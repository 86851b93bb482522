#include "model/numbertext.h"

#include "model/bytesappend.h"

#include <charconv>

void appendNumber(QByteArray &out, qint64 value) {
    char digits[24];
    const std::to_chars_result end = std::to_chars(digits, digits + sizeof digits, value);
    appendBytes(out, QByteArrayView(digits, end.ptr - digits));
}

void appendHex32(QByteArray &out, quint32 value) {
    static constexpr char hexDigits[] = "0123456789abcdef";
    char digits[8];
    for (int i = 7; i >= 0; --i, value >>= 4)
        digits[i] = hexDigits[value & 0xf];
    appendBytes(out, QByteArrayView(digits, sizeof digits));
}
