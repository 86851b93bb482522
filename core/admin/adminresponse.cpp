#include "admin/adminresponse.h"

#include "http/httpwriter.h"

#include <QJsonDocument>

namespace {

int statusFor(ControlResult::Error error) {
    switch (error) {
    case ControlResult::Error::None:
        return 200;
    case ControlResult::Error::UnknownRoute:
    case ControlResult::Error::UnknownBackend:
        return 404;
    case ControlResult::Error::InvalidArgument:
        return 400;
    case ControlResult::Error::NotRunning:
        return 409;
    }
    Q_UNREACHABLE();
    return 500;
}

} // namespace

AdminResponse AdminResponse::json(int status, const QJsonObject &object) {
    return {status, "application/json", QJsonDocument(object).toJson(QJsonDocument::Indented), {}};
}

AdminResponse AdminResponse::error(int status, const QString &message) {
    return json(status, QJsonObject{{QLatin1String("error"), message}});
}

AdminResponse AdminResponse::failure(const ControlResult &result) {
    Q_ASSERT(!result.ok());
    return error(statusFor(result.error), result.message);
}

QByteArray AdminResponse::serialize(Connection connection, Body bodyMode) const {
    QByteArray out;
    out.reserve(192 + body.size());
    appendStatusLine(out, status, reasonPhrase(status));
    appendHeader(out, "Content-Type", contentType);
    appendHeader(out, "Content-Length", body.size());
    // Every answer describes live state that the next request may change.
    appendHeader(out, "Cache-Control", "no-store");
    if (!allow.isEmpty())
        appendHeader(out, "Allow", allow);
    if (connection == Connection::Close)
        appendHeader(out, "Connection", "close");
    appendEndOfHead(out);
    if (bodyMode == Body::Include)
        out.append(body);
    return out;
}
