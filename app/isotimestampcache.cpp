#include "isotimestampcache.h"

#include "model/bytesappend.h"

#include <QDateTime>

namespace {

void writeDigits(char *at, int value, int digits) {
    for (int i = digits - 1; i >= 0; --i) {
        at[i] = char('0' + value % 10);
        value /= 10;
    }
}

// Floor division, so that a time before the epoch lands in the second that contains it.
qint64 floorDiv(qint64 value, qint64 divisor) {
    return value / divisor - (value % divisor < 0 ? 1 : 0);
}

} // namespace

void IsoTimestampCache::append(QByteArray &out, qint64 msecsSinceEpoch) {
    const qint64 second = floorDiv(msecsSinceEpoch, 1000);
    const int millis = int(msecsSinceEpoch - second * 1000);
    if (second != m_second) {
        // Civil date from days since 1970-01-01 (proleptic Gregorian), the algorithm of
        // std::chrono's year_month_day: eras of 400 years of 146 097 days, years from March.
        const qint64 days = floorDiv(second, 86400);
        const int secondOfDay = int(second - days * 86400);
        const qint64 shifted = days + 719468;
        const qint64 era = floorDiv(shifted, 146097);
        const qint64 dayOfEra = shifted - era * 146097;
        const qint64 yearOfEra =
            (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        const qint64 monthFromMarch = (5 * dayOfYear + 2) / 153;
        const int day = int(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        const int month = int(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            // Four digits cover every time a request is stamped with; QDateTime knows how the
            // rest is written.
            out += QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC)
                       .toString(Qt::ISODateWithMs)
                       .toLatin1();
            return;
        }
        char *text = m_secondsText;
        writeDigits(text, int(year), 4);
        text[4] = '-';
        writeDigits(text + 5, month, 2);
        text[7] = '-';
        writeDigits(text + 8, day, 2);
        text[10] = 'T';
        writeDigits(text + 11, secondOfDay / 3600, 2);
        text[13] = ':';
        writeDigits(text + 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        writeDigits(text + 17, secondOfDay % 60, 2);
        m_second = second;
    }
    char millisText[5] = {'.', 0, 0, 0, 'Z'};
    writeDigits(millisText + 1, millis, 3);
    appendBytes(out, QByteArrayView(m_secondsText, secondsTextSize));
    appendBytes(out, QByteArrayView(millisText, sizeof millisText));
}
