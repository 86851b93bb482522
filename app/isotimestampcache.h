#pragma once

#include <QByteArray>
#include <QtGlobal>
#include <limits>

// Appends a time in milliseconds since the epoch as UTC ISO 8601 with milliseconds,
// "2025-11-25T09:00:00.123Z", the text QDateTime's Qt::ISODateWithMs gives, without a QDateTime
// or a QString. The part up to the seconds is made once per second and kept: an access log
// under load writes thousands of lines with the same second, and only the milliseconds differ.
// Times need not come in order; a line from another second just makes that second's text.
// Not thread-safe: one per formatter.
class IsoTimestampCache final {
public:
    void append(QByteArray &out, qint64 msecsSinceEpoch);

private:
    static constexpr qsizetype secondsTextSize = 19; // "2025-11-25T09:00:00"
    static constexpr qint64 noSecond = std::numeric_limits<qint64>::min();

    qint64 m_second = noSecond; // the second m_secondsText holds
    char m_secondsText[secondsTextSize] = {};
};
