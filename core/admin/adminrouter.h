#pragma once

#include "admin/adminrequest.h"
#include "admin/adminresponder.h"
#include "admin/adminresponse.h"

#include <QByteArrayView>
#include <QList>
#include <functional>
#include <optional>
#include <vector>

// Maps a request's method and path to its handler: one add() per endpoint.
//
// Patterns are literal segments and {name} placeholders, each placeholder matching one
// non-empty segment: "/api/routes/{route}/backends/{index}/enable". The path is split on '/'
// before it is percent-decoded, so a route id containing '/' is addressed as "api%2Fv1".
// A path some endpoint matches with another method → 405 with Allow; no match → 404. HEAD is
// answered by the GET handler (AdminConnection drops the body).
//
// A request that changes state (any method but GET and HEAD) sent by a web browser, which adds
// an Origin header, is refused with 403: the API has no authentication and listens on
// loopback, so without this any page the operator visits could POST to it (cross-site request
// forgery). curl and scripts send no Origin. Before any of this, a request whose Host the
// connection refused (AdminRequest::hostRefusal, against DNS rebinding) gets 403 with the reason.
class AdminRouter final {
public:
    using Handler = std::function<AdminResponse(const AdminRequest &request)>;
    // For an answer that needs a round trip first: answers through responder, now or later.
    using DeferredHandler =
        std::function<void(const AdminRequest &request, const AdminResponder &responder)>;

    void add(const QByteArray &method, QByteArrayView pattern, Handler handler);
    void addDeferred(const QByteArray &method, QByteArrayView pattern, DeferredHandler handler);
    // The answer, or nullopt when a deferred handler took the request: it answers through
    // responder.
    std::optional<AdminResponse> dispatch(AdminRequest request,
                                          const AdminResponder &responder = {}) const;

private:
    struct Endpoint {
        QByteArray method;
        QList<QByteArray> segments; // "{name}" for a placeholder
        Handler handler;            // exactly one of the two is set
        DeferredHandler deferredHandler;
    };

    // Fills parameters only on a match.
    static bool matches(const Endpoint &endpoint, const QList<QByteArray> &segments,
                        QHash<QByteArray, QString> &parameters);

    std::vector<Endpoint> m_endpoints;
};
