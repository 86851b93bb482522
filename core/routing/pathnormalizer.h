#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Path handling for routing, on bytes: it runs for every request, so no QString and no regex.
// The HTTP layer has already rejected targets with a '#' fragment or bytes outside the URI
// grammar; these functions trust that and never fail.

// An origin-form request-target ("/a/b?q=1") split at its first '?'.
struct RequestTargetParts {
    QByteArrayView path;  // before the '?': "/a/b"
    QByteArrayView query; // the '?' and what follows: "?q=1"; empty when the target has none
};

RequestTargetParts splitRequestTarget(QByteArrayView target);

// RFC 3986 §5.2.4 remove_dot_segments for an absolute path: "." segments vanish and ".."
// removes the segment before it, never climbing above the root ("/a/../../b" → "/b"); a final
// "." or ".." leaves a trailing '/' ("/a/b/.." → "/a/"). Nothing else changes: empty segments
// ("//") and every other byte are kept.
//
// Dots are recognised percent-encoded as well ("%2e", "%2E", ".%2e"), as nginx does: a
// backend that decodes them before resolving dot-segments would otherwise see
// "/service-a/%2e%2e/admin" as "/admin" while we routed it to /service-a.
// A path that does not start with '/' (e.g. "*") is returned unchanged.
QByteArray removeDotSegments(QByteArrayView path);

// RFC 3986 §6.2.2.2: decodes percent-encoded unreserved characters (ALPHA, DIGIT, "-", ".",
// "_", "~"), which mean the same decoded; every other escape (e.g. "%2F", "%25") stays as it is.
QByteArray decodeUnreservedCharacters(QByteArrayView path);

// The form the Router matches on and forwards: unreserved characters decoded, then
// dot-segments removed, the syntax-based normalization Envoy's normalize_path does. Without
// the decoding "/%61dmin" would miss the "/admin" route and fall through to a shorter prefix;
// both steps keep the URI equivalent (RFC 3986 §6.2.2), so the backend's view is unchanged.
QByteArray normalizePath(QByteArrayView path);

// Whether normalizePath(path) is path itself: no escape, and no segment that starts with a dot.
// Nearly every request's path is; the Router then matches on it without a copy.
bool isNormalizedPath(QByteArrayView path);
