#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <optional>

// One route as the Router sees it: plain values, so routing links QtCore only and knows nothing
// of the config structs.
struct RoutePrefix {
    int routeIndex; // the caller's handle, returned by match()
    QByteArray prefix;
};

// What to send upstream, before joinUpstreamPath(): the normalized path with the route's prefix
// stripped, always starting with '/', query kept ("/service-a/x?q=1" → "/x?q=1"). Most often
// that is the end of the request target itself, kept as where it starts there, so that routing a
// request copies nothing; only a path that normalizing changed, or one that is the prefix alone
// ("/service-a?q" → "/?q"), is rebuilt.
struct StrippedTarget {
    qsizetype from = -1; // the request target from here on; -1: rebuilt holds it
    QByteArray rebuilt;

    // requestTarget: the target match() was given, or a copy of it.
    QByteArrayView in(QByteArrayView requestTarget) const {
        return from >= 0 ? requestTarget.sliced(from) : QByteArrayView(rebuilt);
    }
};

struct RouteMatch {
    int routeIndex = -1;
    StrippedTarget upstreamTarget;
};

// Longest-prefix routing on segment boundaries (README, "Routing"): "/service-a" matches
// "/service-a", "/service-a/", "/service-a/x" and "/service-a?q", never "/service-abc" (the
// blog's strings.HasPrefix would); "/" matches everything. Matching runs on normalizePath()'s
// result, so "/service-a/../admin" is routed as "/admin".
//
// A lookup costs one hash probe per '/' in the path (longest candidate first) instead of a scan
// over every route; candidates are views, never copies. Immutable after construction, so the
// worker can swap in a new Router on reload.
class Router final {
public:
    Router() = default;
    // Prefixes are normalized like request paths and lose a trailing '/' ("/api/" is "/api").
    // When two routes share a prefix the earlier one wins.
    explicit Router(const QList<RoutePrefix> &routes);

    // requestTarget is the origin-form target as received ("/service-a/x?q=1"). Returns nullopt
    // when no route matches, including any target not starting with '/' (→ 404).
    std::optional<RouteMatch> match(QByteArrayView requestTarget) const;

private:
    QHash<QByteArray, int> m_routeByPrefix; // "" is the root route "/"
    qsizetype m_longestPrefix = -1;         // no candidate longer than this can match
};

// Prepends an instance's base path to an upstream target: ("/api", "/x?q=1") → "/api/x?q=1",
// ("", "/x") → "/x", ("/api", "/") → "/api/". A trailing '/' on basePath is not doubled.
QByteArray joinUpstreamPath(QByteArrayView basePath, QByteArrayView strippedTarget);
