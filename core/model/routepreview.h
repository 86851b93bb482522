#pragma once

#include "model/pickexplanation.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

// What the gateway would do with a request for path, worked out without sending anything and
// without changing any state (Gateway::previewRoute): the route it matches, the target the
// instance would receive and the instance the next pick would choose. An immutable value for
// the window's route tester and the admin API's /api/route-test.
struct RoutePreview {
    enum class Outcome {
        Forwarded,    // a route matched and an instance would take the request
        NoRoute,      // no route matches → 404
        NoInstance,   // the route has no eligible instance → 503
        InvalidInput, // path or client address malformed (message names which)
        NotRunning,   // no config loaded
    };

    // The question, echoed so that an answer can be matched to its question.
    QByteArray path;          // origin-form target as a client would send it ("/svc/x?q=1")
    QByteArray clientAddress; // as the proxy sees a peer ("10.0.0.7"); empty: 127.0.0.1

    Outcome outcome = Outcome::NotRunning;
    QString message; // one line for people: why not forwarded, or where it would go

    // Set unless NoRoute, InvalidInput or NotRunning.
    QString routeId;
    QByteArray routePrefix;
    // The normalized target with the route's prefix stripped ("/x?q=1").
    QByteArray strippedTarget;

    // Set when Forwarded: the instance the next pick would choose.
    int instanceIndex = -1; // 0-based, as the admin API addresses it
    quint64 instanceId = 0;
    QString instanceName;
    QString instanceUrl;
    // The request target the instance would receive: strippedTarget joined to the instance's
    // base path, exactly as the proxy writes it.
    QByteArray upstreamTarget;

    // The balancer's decision (NoInstance too: why each instance was passed over).
    PickExplanation explanation;

    // The status the gateway itself would answer with: 404 or 503; 0 when forwarded.
    int localStatus() const;
};

Q_DECLARE_METATYPE(RoutePreview)

QByteArray routePreviewOutcomeName(RoutePreview::Outcome outcome);
