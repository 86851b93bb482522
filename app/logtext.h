#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>
#include <QtGlobal>

// Appending the access log's values to a line in place, without a temporary QByteArray or
// QString per value (README, "Access log").
//
// JSON strings are written as UTF-8 with the escapes RFC 8259 section 7 requires and the short
// ones it offers: '"' and '\' escaped, \b \f \n \r \t, every other byte below 0x20 as \u00XX;
// DEL and non-ASCII characters are written as they are. Bytes that are not valid UTF-8 (a stray
// continuation byte, a truncated or overlong sequence, an encoded surrogate, anything above
// U+10FFFF) become U+FFFD, one per byte, as QString::fromUtf8 decodes them: the line stays
// valid JSON, which nginx's escape=json does not promise (it passes such bytes through).
// A QString's unpaired surrogate becomes U+FFFD too.

// value as a JSON string, quotes included.
void appendJsonString(QByteArray &out, QByteArrayView utf8);
void appendJsonString(QByteArray &out, QStringView text);

// text as UTF-8, nothing escaped (the text format).
void appendUtf8(QByteArray &out, QStringView text);

// Microseconds as milliseconds with two decimals and "ms": 2104 → "2.10ms". Rounded half up
// in decimal (1245 → "1.25ms").
void appendMillis(QByteArray &out, qint64 micros);
