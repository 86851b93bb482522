#include "router.h"

#include "routing/pathnormalizer.h"

#include <algorithm>

Router::Router(const QList<RoutePrefix> &routes) {
    for (const RoutePrefix &route : routes) {
        QByteArray prefix = normalizePath(route.prefix);
        while (prefix.endsWith('/'))
            prefix.chop(1);
        if (m_routeByPrefix.contains(prefix))
            continue;
        m_routeByPrefix.insert(prefix, route.routeIndex);
        m_longestPrefix = std::max(m_longestPrefix, prefix.size());
    }
}

std::optional<RouteMatch> Router::match(QByteArrayView requestTarget) const {
    const RequestTargetParts target = splitRequestTarget(requestTarget);
    if (!target.path.startsWith('/'))
        return std::nullopt;
    QByteArray normalized;
    QByteArrayView path = target.path;
    const bool pathIsTargets = isNormalizedPath(path);
    if (!pathIsTargets) {
        normalized = normalizePath(path);
        path = normalized;
    }

    // Candidates from longest to shortest: the whole path, then the path cut before each '/'
    // ("/a/b" → "/a/b", "/a", ""), so a prefix only ever matches whole segments.
    qsizetype end = path.size();
    for (;;) {
        if (end <= m_longestPrefix) {
            const auto found = m_routeByPrefix.constFind(QByteArray::fromRawData(path.data(), end));
            if (found != m_routeByPrefix.cend()) {
                RouteMatch result;
                result.routeIndex = found.value();
                const QByteArrayView rest = path.sliced(end);
                if (pathIsTargets && !rest.isEmpty()) {
                    // rest and the query follow each other in the request target
                    result.upstreamTarget.from = end;
                    return result;
                }
                QByteArray &rebuilt = result.upstreamTarget.rebuilt;
                rebuilt.reserve(rest.size() + 1 + target.query.size());
                if (rest.isEmpty())
                    rebuilt += '/';
                rebuilt += rest;
                rebuilt += target.query;
                return result;
            }
        }
        if (end == 0)
            return std::nullopt;
        end = path.lastIndexOf('/', end - 1);
    }
}

QByteArray joinUpstreamPath(QByteArrayView basePath, QByteArrayView strippedTarget) {
    if (basePath.endsWith('/') && strippedTarget.startsWith('/'))
        basePath.chop(1);
    QByteArray joined;
    joined.reserve(basePath.size() + strippedTarget.size());
    joined += basePath;
    joined += strippedTarget;
    return joined;
}
