#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

// One request to the admin API as the router and the handlers see it: read by AdminConnection,
// with the path parameters filled in by AdminRouter.
struct AdminRequest {
    QByteArray method; // "GET", "POST", ...
    QByteArray path;   // the target up to '?', still percent-encoded
    QByteArray query;  // the target after '?', still percent-encoded; empty without one
    QByteArray body;
    // The request carried an Origin header, so a web browser sent it on behalf of some page.
    bool fromBrowser = false;
    // Why the Host header is refused (adminHostRefusal()); empty when it names this API.
    QString hostRefusal;
    // Values of the endpoint pattern's {placeholders}, percent-decoded: "route" → "service-a".
    QHash<QByteArray, QString> parameters;
};
