#pragma once

#include <QByteArray>
#include <QtGlobal>

// Numbers written into a line in place, without the temporary QByteArray that
// QByteArray::number() returns: the access log appends several to every line, the reason text
// among them (README, "Access log").

// A decimal integer.
void appendNumber(QByteArray &out, qint64 value);

// Eight lowercase hex digits, zero-padded ("0000002a"): ip_hash's points on its ring.
void appendHex32(QByteArray &out, quint32 value);
