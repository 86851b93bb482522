#pragma once

#include <QByteArrayView>

// Header-level rules of RFC 9110/9112 that the proxy applies on top of llhttp. Pure functions
// over byte views: they run on the request hot path.

// ASCII case-insensitive equality (header names are case-insensitive tokens).
bool equalsIgnoringCase(QByteArrayView left, QByteArrayView right);

// Optional whitespace (space, tab) removed from both ends.
QByteArrayView trimmedOws(QByteArrayView text);

// Calls visit(element) for each trimmed, non-empty element of a comma-separated list (RFC 9110
// §5.6.1), in order; stops when visit returns true. Returns whether it stopped.
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

// Whether a comma-separated header value (Connection, Transfer-Encoding, ...) lists token,
// case-insensitively, ignoring optional whitespace around elements.
bool listContainsToken(QByteArrayView list, QByteArrayView token);

// Number of elements in a comma-separated list (empty elements are not counted).
int listElementCount(QByteArrayView list);

// The header names the gateway acts on. The parser recognises each field's name once
// (classifyHeader) and keeps the result beside it, so that rewriting a message and looking up a
// header compare no names again.
enum class HeaderName : quint8 {
    Other,
    Host,
    Connection,
    KeepAlive,
    ProxyConnection,
    Te,
    Trailer,
    Upgrade,
    ContentLength,
    TransferEncoding,
    Via,
    XForwardedFor,
    XForwardedHost,
    XForwardedProto,
};

// Case-insensitive; Other for every name not listed.
HeaderName classifyHeader(QByteArrayView name);

// Headers that describe one connection, never forwarded (RFC 9110 §7.6.1), plus the framing
// headers the proxy re-creates itself (Content-Length, Transfer-Encoding).
bool isHopByHopOrFraming(HeaderName name);

// RFC 9112 §3.2 / RFC 3986 authority without userinfo: reg-name or IP literal, optional port;
// or empty (RFC 9110 §7.2).
bool isValidHostHeader(QByteArrayView value);

// Whether a header name contains '_' (dropped, as nginx does: underscores make it ambiguous
// with '-' in CGI-style environments behind the gateway).
bool hasUnderscore(QByteArrayView name);
