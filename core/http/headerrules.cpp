#include "http/headerrules.h"

namespace {

char lowerAscii(char c) {
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

bool isOws(char c) {
    return c == ' ' || c == '\t';
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

QByteArrayView trimmedOws(QByteArrayView text) {
    while (!text.isEmpty() && isOws(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isOws(text.back()))
        text.chop(1);
    return text;
}

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

HeaderName classifyHeader(QByteArrayView name) {
    // Dispatch on the length first: most names are told apart without a comparison.
    const auto is = [name](QByteArrayView known) { return equalsIgnoringCase(name, known); };
    switch (name.size()) {
    case 2:
        return is("te") ? HeaderName::Te : HeaderName::Other;
    case 3:
        return is("via") ? HeaderName::Via : HeaderName::Other;
    case 4:
        return is("host") ? HeaderName::Host : HeaderName::Other;
    case 7:
        return is("trailer")   ? HeaderName::Trailer
               : is("upgrade") ? HeaderName::Upgrade
                               : HeaderName::Other;
    case 10:
        return is("connection")   ? HeaderName::Connection
               : is("keep-alive") ? HeaderName::KeepAlive
                                  : HeaderName::Other;
    case 14:
        return is("content-length") ? HeaderName::ContentLength : HeaderName::Other;
    case 15:
        return is("x-forwarded-for") ? HeaderName::XForwardedFor : HeaderName::Other;
    case 16:
        return is("proxy-connection")   ? HeaderName::ProxyConnection
               : is("x-forwarded-host") ? HeaderName::XForwardedHost
                                        : HeaderName::Other;
    case 17:
        return is("transfer-encoding")   ? HeaderName::TransferEncoding
               : is("x-forwarded-proto") ? HeaderName::XForwardedProto
                                         : HeaderName::Other;
    default:
        return HeaderName::Other;
    }
}

bool isHopByHopOrFraming(HeaderName name) {
    switch (name) {
    case HeaderName::Connection:
    case HeaderName::KeepAlive:
    case HeaderName::ProxyConnection:
    case HeaderName::Te:
    case HeaderName::Trailer:
    case HeaderName::Upgrade:
    case HeaderName::ContentLength:
    case HeaderName::TransferEncoding:
        return true;
    case HeaderName::Other:
    case HeaderName::Host:
    case HeaderName::Via:
    case HeaderName::XForwardedFor:
    case HeaderName::XForwardedHost:
    case HeaderName::XForwardedProto:
        return false;
    }
    Q_UNREACHABLE();
    return false;
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
