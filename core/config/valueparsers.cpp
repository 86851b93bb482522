#include "config/valueparsers.h"

#include <QHostAddress>
#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr qsizetype maxQuotedBytes = 60;
constexpr double maxDurationMilliseconds = 24.0 * 3600 * 1000;

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isControlOrSpace(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7f;
}

QString expectedFound(const QString &expected, QByteArrayView text) {
    return expected + QStringLiteral(", found ") + quotedForMessage(text);
}

// Milliseconds per unit, or 0 for an unknown unit.
double unitMilliseconds(QByteArrayView unit) {
    if (unit == "ms")
        return 1;
    if (unit == "s")
        return 1000;
    if (unit == "m")
        return 60 * 1000;
    if (unit == "h")
        return 3600 * 1000;
    return 0;
}

// digits, optionally followed by '.' and more digits.
bool isDecimalNumber(QByteArrayView number) {
    const qsizetype dot = number.indexOf('.');
    const QByteArrayView whole = dot < 0 ? number : number.first(dot);
    const QByteArrayView fraction = dot < 0 ? QByteArrayView("0") : number.sliced(dot + 1);
    const auto allDigits = [](QByteArrayView part) {
        return !part.isEmpty() && std::all_of(part.begin(), part.end(), isDigit);
    };
    return allDigits(whole) && allDigits(fraction);
}

Parsed<quint16> parsePort(QByteArrayView text, qint64 minimum) {
    const Parsed<qint64> port = parseInteger(text, minimum, 65535);
    if (!port.value) {
        return Parsed<quint16>::failure(
            expectedFound(QStringLiteral("expected a port in %1..65535").arg(minimum), text));
    }
    return {quint16(*port.value), {}};
}

} // namespace

QString quotedForMessage(QByteArrayView text) {
    QString quoted = QStringLiteral("\"");
    for (const char c : text.first(std::min(text.size(), maxQuotedBytes))) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7f || c == '"' || c == '\\')
            quoted += QStringLiteral("\\x%1").arg(byte, 2, 16, QLatin1Char('0'));
        else
            quoted += QLatin1Char(c);
    }
    if (text.size() > maxQuotedBytes)
        quoted += QStringLiteral("...");
    return quoted + QLatin1Char('"');
}

Parsed<qint64> parseInteger(QByteArrayView text, qint64 minimum, qint64 maximum) {
    const QString expected =
        QStringLiteral("expected an integer in %1..%2").arg(minimum).arg(maximum);
    const bool negative = text.startsWith('-');
    const QByteArrayView digits = negative ? text.sliced(1) : text;
    if (digits.isEmpty() || !std::all_of(digits.begin(), digits.end(), isDigit))
        return Parsed<qint64>::failure(expectedFound(expected, text));

    // Accumulate as a negative number so that the most negative value fits too.
    constexpr qint64 lowest = std::numeric_limits<qint64>::min();
    qint64 value = 0;
    for (const char c : digits) {
        const int digit = c - '0';
        if (value < (lowest + digit) / 10)
            return Parsed<qint64>::failure(expectedFound(expected, text));
        value = value * 10 - digit;
    }
    if (!negative) {
        if (value == lowest)
            return Parsed<qint64>::failure(expectedFound(expected, text));
        value = -value;
    }
    if (value < minimum || value > maximum)
        return Parsed<qint64>::failure(expected + QStringLiteral(", found %1").arg(value));
    return {value, {}};
}

Parsed<qint64> parseByteSize(QByteArrayView text, qint64 minimum, qint64 maximum) {
    const QString expected =
        QStringLiteral("expected a size such as 512KiB, 1MiB or 64MiB (or bytes without a unit) "
                       "from %1 to %2")
            .arg(formatByteSize(minimum), formatByteSize(maximum));
    qsizetype unitStart = 0;
    while (unitStart < text.size() && isDigit(text[unitStart]))
        ++unitStart;
    const QByteArrayView unit = text.sliced(unitStart);
    const qint64 multiplier = unit.isEmpty()  ? 1
                              : unit == "KiB" ? qint64(1) << 10
                              : unit == "MiB" ? qint64(1) << 20
                              : unit == "GiB" ? qint64(1) << 30
                                              : 0;
    // 12 digits of GiB stay far from overflow and far above any sensible maximum.
    if (unitStart == 0 || unitStart > 12 || multiplier == 0)
        return Parsed<qint64>::failure(expectedFound(expected, text));
    const qint64 bytes = text.first(unitStart).toByteArray().toLongLong() * multiplier;
    if (bytes < minimum || bytes > maximum)
        return Parsed<qint64>::failure(expectedFound(expected, text));
    return {bytes, {}};
}

QString formatByteSize(qint64 bytes) {
    for (const auto &[shift, unit] : {std::pair{30, "GiB"}, {20, "MiB"}, {10, "KiB"}}) {
        if (bytes != 0 && bytes % (qint64(1) << shift) == 0)
            return QString::number(bytes >> shift) + QLatin1String(unit);
    }
    return QString::number(bytes);
}

Parsed<bool> parseBoolean(QByteArrayView text) {
    if (text == "true")
        return {true, {}};
    if (text == "false")
        return {false, {}};
    return Parsed<bool>::failure(expectedFound(QStringLiteral("expected true or false"), text));
}

Parsed<Milliseconds> parseDuration(QByteArrayView text) {
    const QString expected =
        QStringLiteral("expected a duration with a unit (ms, s, m or h) such as 500ms, 2s, 1.5s "
                       "or 1m");
    qsizetype unitStart = 0;
    while (unitStart < text.size() && (isDigit(text[unitStart]) || text[unitStart] == '.'))
        ++unitStart;
    const QByteArrayView number = text.first(unitStart);
    const double unit = unitMilliseconds(text.sliced(unitStart));
    // The length cap keeps the double exact enough and far from overflow.
    if (number.size() > 18 || !isDecimalNumber(number) || unit == 0)
        return Parsed<Milliseconds>::failure(expectedFound(expected, text));

    const double milliseconds = QByteArray(number.data(), number.size()).toDouble() * unit;
    const auto rounded = std::llround(milliseconds);
    if (rounded < 1 || milliseconds > maxDurationMilliseconds) {
        return Parsed<Milliseconds>::failure(
            expectedFound(QStringLiteral("expected a duration from 1ms to 24h"), text));
    }
    return {Milliseconds(rounded), {}};
}

Parsed<ListenAddress> parseListenAddress(QByteArrayView text) {
    const QString expected = QStringLiteral(
        "expected ADDRESS:PORT such as 127.0.0.1:8080, [::1]:8080 or localhost:8080");
    QByteArrayView host;
    QByteArrayView afterHost;
    if (text.startsWith('[')) {
        const qsizetype close = text.indexOf(']');
        if (close < 0)
            return Parsed<ListenAddress>::failure(expectedFound(expected, text));
        host = text.sliced(1, close - 1);
        afterHost = text.sliced(close + 1);
    } else {
        const qsizetype colon = text.lastIndexOf(':');
        if (colon < 0)
            return Parsed<ListenAddress>::failure(expectedFound(expected, text));
        host = text.first(colon);
        afterHost = text.sliced(colon);
        if (host.contains(':')) {
            return Parsed<ListenAddress>::failure(expectedFound(
                expected + QStringLiteral(" (an IPv6 address goes in brackets)"), text));
        }
        if (host.isEmpty()) {
            return Parsed<ListenAddress>::failure(
                expectedFound(expected + QStringLiteral(" (the address is required here)"), text));
        }
    }
    if (!afterHost.startsWith(':'))
        return Parsed<ListenAddress>::failure(expectedFound(expected, text));

    ListenAddress address;
    const bool bracketed = text.startsWith('[');
    if (!bracketed && host == "localhost") {
        address.address = QHostAddress(QHostAddress::LocalHost);
    } else {
        const QHostAddress::NetworkLayerProtocol wanted =
            bracketed ? QHostAddress::IPv6Protocol : QHostAddress::IPv4Protocol;
        if (!address.address.setAddress(QString::fromLatin1(host.data(), host.size())) ||
            address.address.protocol() != wanted) {
            return Parsed<ListenAddress>::failure(expectedFound(
                expected + QStringLiteral(" (host names other than localhost are not resolved)"),
                text));
        }
    }
    const Parsed<quint16> port = parsePort(afterHost.sliced(1), 0);
    if (!port.value)
        return Parsed<ListenAddress>::failure(port.error);
    address.port = *port.value;
    return {address, {}};
}

Parsed<quint16> parseBarePort(QByteArrayView text) {
    const Parsed<qint64> port =
        parseInteger(text.startsWith(':') ? text.sliced(1) : text, 0, 65535);
    if (!port.value) {
        return Parsed<quint16>::failure(expectedFound(
            QStringLiteral("expected a port in 0..65535, as 8080 or \":8080\""), text));
    }
    return {quint16(*port.value), {}};
}

Parsed<QUrl> parseTargetUrl(QByteArrayView text) {
    const QString expected =
        QStringLiteral("expected an http:// URL such as http://127.0.0.1:8081");
    const qsizetype schemeEnd = text.indexOf("://");
    if (schemeEnd < 0)
        return Parsed<QUrl>::failure(expectedFound(expected, text));
    const QByteArray scheme = QByteArray(text.data(), schemeEnd).toLower();
    if (scheme == "https") {
        return Parsed<QUrl>::failure(
            expectedFound(QStringLiteral("https is not supported: upstream connections are plain "
                                         "HTTP, so write http://"),
                          text));
    }
    if (scheme != "http")
        return Parsed<QUrl>::failure(expectedFound(expected, text));

    const QByteArrayView rest = text.sliced(schemeEnd + 3);
    qsizetype authorityEnd = 0;
    while (authorityEnd < rest.size() && rest[authorityEnd] != '/' && rest[authorityEnd] != '?' &&
           rest[authorityEnd] != '#') {
        ++authorityEnd;
    }
    const QByteArrayView authority = rest.first(authorityEnd);
    if (authority.contains('@')) {
        return Parsed<QUrl>::failure(
            expectedFound(expected + QStringLiteral(" (no user@ part)"), text));
    }
    qsizetype hostEnd = authority.size();
    if (authority.startsWith('[')) {
        const qsizetype close = authority.indexOf(']');
        hostEnd = close < 0 ? authority.size() : close + 1;
    } else if (const qsizetype colon = authority.indexOf(':'); colon >= 0) {
        hostEnd = colon;
    }
    const QByteArrayView host = authority.first(hostEnd);
    if (host.isEmpty() || host == "[]") {
        return Parsed<QUrl>::failure(expectedFound(
            QStringLiteral("the URL has no host: expected http://HOST[:PORT]"), text));
    }
    if (const QByteArrayView portPart = authority.sliced(hostEnd); !portPart.isEmpty()) {
        if (!portPart.startsWith(':'))
            return Parsed<QUrl>::failure(expectedFound(expected, text));
        const Parsed<quint16> port = parsePort(portPart.sliced(1), 1);
        if (!port.value)
            return Parsed<QUrl>::failure(port.error);
    }

    const QUrl url(QString::fromUtf8(text.data(), text.size()), QUrl::StrictMode);
    if (!url.isValid()) {
        return Parsed<QUrl>::failure(
            expectedFound(expected + QStringLiteral(" (%1)").arg(url.errorString()), text));
    }
    if (url.hasQuery() || url.hasFragment()) {
        return Parsed<QUrl>::failure(
            expectedFound(expected + QStringLiteral(" without a query or fragment"), text));
    }
    return {url, {}};
}

Parsed<QByteArray> parseRoutePath(QByteArrayView text) {
    if (!text.startsWith('/')) {
        return Parsed<QByteArray>::failure(expectedFound(
            QStringLiteral("expected a path starting with '/' such as /service-a"), text));
    }
    if (std::any_of(text.begin(), text.end(),
                    [](char c) { return isControlOrSpace(c) || c == '?' || c == '#'; })) {
        return Parsed<QByteArray>::failure(expectedFound(
            QStringLiteral("expected a path without spaces, control characters, '?' or '#'"),
            text));
    }
    // Every segment between slashes; a trailing '/' leaves one empty segment at the end.
    const QList<QByteArray> segments = QByteArray(text.data(), text.size()).sliced(1).split('/');
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QByteArray &segment = segments[i];
        if (segment.isEmpty() && i + 1 < segments.size()) {
            return Parsed<QByteArray>::failure(expectedFound(
                QStringLiteral("expected a path without empty segments ('//')"), text));
        }
        if (segment == "." || segment == "..") {
            return Parsed<QByteArray>::failure(expectedFound(
                QStringLiteral("expected a path without '.' or '..' segments"), text));
        }
    }
    QByteArray path(text.data(), text.size());
    if (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    return {path, {}};
}

Parsed<QByteArray> parseProbePath(QByteArrayView text) {
    if (!text.startsWith('/') || std::any_of(text.begin(), text.end(), [](char c) {
            return isControlOrSpace(c) || c == '#';
        })) {
        return Parsed<QByteArray>::failure(expectedFound(
            QStringLiteral("expected a request path starting with '/' such as /healthz, without "
                           "spaces or '#'"),
            text));
    }
    return {QByteArray(text.data(), text.size()), {}};
}
