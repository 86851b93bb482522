#include "http/headerrules.h"

namespace {

char lowerAscii(char c) {
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

bool isOws(char c) {
    return c == ' ' || c == '\t';
}

QByteArrayView trimmedOws(QByteArrayView text) {
    while (!text.isEmpty() && isOws(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isOws(text.back()))
        text.chop(1);
    return text;
}

// Calls visit(element) for each trimmed, non-empty element of a comma-separated list; stops
// when visit returns true. Returns whether it stopped.
template <typename Visitor> bool forEachListElement(QByteArrayView list, Visitor visit) {
    while (!list.isEmpty()) {
        const qsizetype comma = list.indexOf(',');
        const QByteArrayView element = trimmedOws(comma < 0 ? list : list.first(comma));
        if (!element.isEmpty() && visit(element))
            return true;
        if (comma < 0)
            break;
        list = list.sliced(comma + 1);
    }
    return false;
}

bool isRegNameChar(char c) {
    // unreserved / pct-encoded / sub-delims (RFC 3986 §3.2.2)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case '%':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
        return true;
    default:
        return false;
    }
}

bool isHexDigitOrIpv6Char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
           c == '.';
}

bool isValidPort(QByteArrayView port) {
    if (port.isEmpty() || port.size() > 5)
        return false;
    int value = 0;
    for (char c : port) {
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    return value <= 65535;
}

} // namespace

bool equalsIgnoringCase(QByteArrayView left, QByteArrayView right) {
    if (left.size() != right.size())
        return false;
    for (qsizetype i = 0; i < left.size(); ++i) {
        if (lowerAscii(left[i]) != lowerAscii(right[i]))
            return false;
    }
    return true;
}

bool listContainsToken(QByteArrayView list, QByteArrayView token) {
    return forEachListElement(
        list, [token](QByteArrayView element) { return equalsIgnoringCase(element, token); });
}

int listElementCount(QByteArrayView list) {
    int count = 0;
    forEachListElement(list, [&count](QByteArrayView) {
        ++count;
        return false;
    });
    return count;
}

QList<QByteArrayView> listElements(QByteArrayView list) {
    QList<QByteArrayView> elements;
    forEachListElement(list, [&elements](QByteArrayView element) {
        elements.append(element);
        return false;
    });
    return elements;
}

bool isHopByHopOrFramingHeader(QByteArrayView name) {
    // Dispatch on the length first: most headers are rejected without a comparison.
    switch (name.size()) {
    case 2:
        return equalsIgnoringCase(name, "te");
    case 7:
        return equalsIgnoringCase(name, "trailer") || equalsIgnoringCase(name, "upgrade");
    case 10:
        return equalsIgnoringCase(name, "connection") || equalsIgnoringCase(name, "keep-alive");
    case 14:
        return equalsIgnoringCase(name, "content-length");
    case 16:
        return equalsIgnoringCase(name, "proxy-connection");
    case 17:
        return equalsIgnoringCase(name, "transfer-encoding");
    default:
        return false;
    }
}

bool isValidHostHeader(QByteArrayView value) {
    // RFC 9110 §7.2: a client whose target URI has no authority sends an empty Host.
    if (value.isEmpty())
        return true;
    QByteArrayView host = value;
    QByteArrayView port;
    if (host.front() == '[') {
        const qsizetype close = host.indexOf(']');
        if (close < 2)
            return false;
        for (char c : host.sliced(1, close - 1)) {
            if (!isHexDigitOrIpv6Char(c))
                return false;
        }
        const QByteArrayView rest = host.sliced(close + 1);
        if (!rest.isEmpty()) {
            if (rest.front() != ':')
                return false;
            port = rest.sliced(1);
            if (!isValidPort(port))
                return false;
        }
        return true;
    }
    const qsizetype colon = host.lastIndexOf(':');
    if (colon >= 0) {
        port = host.sliced(colon + 1);
        host = host.first(colon);
        if (!isValidPort(port))
            return false;
    }
    if (host.isEmpty())
        return false;
    for (char c : host) {
        if (!isRegNameChar(c))
            return false;
    }
    return true;
}

bool hasUnderscore(QByteArrayView name) {
    return name.contains('_');
}
