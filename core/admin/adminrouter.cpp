#include "admin/adminrouter.h"

namespace {

bool isPlaceholder(const QByteArray &segment) {
    return segment.size() > 2 && segment.startsWith('{') && segment.endsWith('}');
}

bool isSafeMethod(const QByteArray &method) {
    return method == "GET" || method == "HEAD";
}

QList<QByteArray> splitPath(const QByteArray &path) {
    return path.sliced(path.startsWith('/') ? 1 : 0).split('/');
}

} // namespace

void AdminRouter::add(const QByteArray &method, QByteArrayView pattern, Handler handler) {
    Q_ASSERT(pattern.startsWith('/'));
    m_endpoints.push_back({method, splitPath(pattern.toByteArray()), std::move(handler), {}});
}

void AdminRouter::addDeferred(const QByteArray &method, QByteArrayView pattern,
                              DeferredHandler handler) {
    Q_ASSERT(pattern.startsWith('/'));
    m_endpoints.push_back({method, splitPath(pattern.toByteArray()), {}, std::move(handler)});
}

bool AdminRouter::matches(const Endpoint &endpoint, const QList<QByteArray> &segments,
                          QHash<QByteArray, QString> &parameters) {
    if (endpoint.segments.size() != segments.size())
        return false;
    QHash<QByteArray, QString> found;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QByteArray &expected = endpoint.segments[i];
        if (!isPlaceholder(expected)) {
            if (expected != segments[i])
                return false;
            continue;
        }
        if (segments[i].isEmpty())
            return false;
        const QByteArray name = expected.sliced(1, expected.size() - 2);
        found.insert(name, QString::fromUtf8(QByteArray::fromPercentEncoding(segments[i])));
    }
    parameters = std::move(found);
    return true;
}

std::optional<AdminResponse> AdminRouter::dispatch(AdminRequest request,
                                                   const AdminResponder &responder) const {
    // Before anything else, 404s included: a page that rebound its DNS name to this address
    // learns nothing from the answers (README, "Admin API").
    if (!request.hostRefusal.isEmpty())
        return AdminResponse::error(403, request.hostRefusal);
    const QList<QByteArray> segments = splitPath(request.path);
    const QByteArray method = request.method == "HEAD" ? QByteArray("GET") : request.method;
    QList<QByteArray> allowed;
    for (const Endpoint &endpoint : m_endpoints) {
        if (!matches(endpoint, segments, request.parameters))
            continue;
        if (endpoint.method != method) {
            allowed.append(endpoint.method);
            continue;
        }
        if (request.fromBrowser && !isSafeMethod(request.method)) {
            return AdminResponse::error(403,
                                        QStringLiteral("requests from web pages may not change "
                                                       "the gateway (Origin header present)"));
        }
        if (endpoint.deferredHandler) {
            endpoint.deferredHandler(request, responder);
            return std::nullopt;
        }
        return endpoint.handler(request);
    }
    if (allowed.isEmpty()) {
        return AdminResponse::error(
            404, QStringLiteral("no admin endpoint %1").arg(QString::fromUtf8(request.path)));
    }
    if (allowed.contains("GET"))
        allowed.append("HEAD");
    AdminResponse response = AdminResponse::error(
        405, QStringLiteral("%1 is not allowed on %2")
                 .arg(QString::fromLatin1(request.method), QString::fromUtf8(request.path)));
    response.allow = allowed.join(", ");
    return response;
}
