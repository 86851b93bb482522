#include "model/numbertext.h"

#include <charconv>

void appendNumber(QByteArray &out, qint64 value) {
    char digits[24];
    const std::to_chars_result end = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, end.ptr - digits);
}

void appendHex32(QByteArray &out, quint32 value) {
    static constexpr char hexDigits[] = "0123456789abcdef";
    char digits[8];
    for (int i = 7; i >= 0; --i, value >>= 4)
        digits[i] = hexDigits[value & 0xf];
    out.append(digits, sizeof digits);
}
