#pragma once

#include <QByteArrayView>
#include <QList>

// Header-level rules of RFC 9110/9112 that the proxy applies on top of llhttp. Pure functions
// over byte views: they run on the request hot path.

// ASCII case-insensitive equality (header names are case-insensitive tokens).
bool equalsIgnoringCase(QByteArrayView left, QByteArrayView right);

// Whether a comma-separated header value (Connection, Transfer-Encoding, ...) lists token,
// case-insensitively, ignoring optional whitespace around elements.
bool listContainsToken(QByteArrayView list, QByteArrayView token);

// Number of elements in a comma-separated list (empty elements are not counted).
int listElementCount(QByteArrayView list);
// The trimmed, non-empty elements of a comma-separated list, in order.
QList<QByteArrayView> listElements(QByteArrayView list);

// Headers that describe one connection, never forwarded (RFC 9110 §7.6.1), plus the framing
// headers the proxy re-creates itself (Content-Length, Transfer-Encoding).
bool isHopByHopOrFramingHeader(QByteArrayView name);

// RFC 9112 §3.2 / RFC 3986 authority without userinfo: reg-name or IP literal, optional port;
// or empty (RFC 9110 §7.2).
bool isValidHostHeader(QByteArrayView value);

// Whether a header name contains '_' (dropped, as nginx does: underscores make it ambiguous
// with '-' in CGI-style environments behind the gateway).
bool hasUnderscore(QByteArrayView name);
