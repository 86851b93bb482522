#include "admin/capturehandlers.h"

#include "admin/adminrouter.h"
#include "admin/admintarget.h"
#include "admin/capturejson.h"
#include "inspect/harexport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QUrlQuery>
#include <algorithm>
#include <optional>

namespace {

// A page of /api/requests: enough for a poller a few times a second under a busy demo, small
// enough that one answer stays a few hundred KiB of heads.
constexpr qint64 defaultLimit = 100;
constexpr qint64 maxLimit = 1000;

// A plain decimal number, as ids and counts are given; nullopt for anything else.
std::optional<quint64> parseUnsigned(const QString &text) {
    if (text.isEmpty() || text.size() > 20)
        return std::nullopt;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    }
    bool ok = false;
    const quint64 value = text.toULongLong(&ok);
    return ok ? std::optional(value) : std::nullopt;
}

// The 400 that names the first parameter of query not in allowed; nullopt when all are.
std::optional<AdminResponse> unknownParameter(const QUrlQuery &query, const QStringList &allowed) {
    for (const auto &[name, value] : query.queryItems()) {
        if (!allowed.contains(name))
            return AdminResponse::error(400, QStringLiteral("unknown query parameter '%1' "
                                                            "(expected %2)")
                                                 .arg(name, allowed.join(QStringLiteral(", "))));
    }
    return std::nullopt;
}

HeaderMask maskOf(const AdminTarget &target, HeaderMask::Secrets secrets) {
    return HeaderMask(secrets, target.config().capture.maskHeaders);
}

QJsonObject captureStatus(const AdminTarget &target) {
    const CaptureStore &store = target.captures();
    const CaptureConfig &capture = target.config().capture;
    return QJsonObject{{QLatin1String("enabled"), capture.enabled},
                       {QLatin1String("body_limit"), capture.bodyLimit},
                       {QLatin1String("memory_limit"), capture.memoryLimit},
                       {QLatin1String("memory_used"), store.memoryUsed()},
                       {QLatin1String("held"), qint64(store.exchanges().size())}};
}

// GET /api/requests[?since=ID][&limit=N]: held exchanges with ids above since, oldest first, at
// most limit of them, with heads and body sizes.
AdminResponse listRequests(AdminTarget &target, const AdminRequest &request) {
    const QUrlQuery query(QString::fromUtf8(request.query));
    if (auto refused = unknownParameter(query, {QStringLiteral("since"), QStringLiteral("limit")}))
        return *refused;
    quint64 since = 0;
    if (query.hasQueryItem(QStringLiteral("since"))) {
        const QString text = query.queryItemValue(QStringLiteral("since"), QUrl::FullyDecoded);
        const std::optional<quint64> parsed = parseUnsigned(text);
        if (!parsed)
            return AdminResponse::error(
                400,
                QStringLiteral("since: expected a request id (0 or more), found '%1'").arg(text));
        since = *parsed;
    }
    qint64 limit = defaultLimit;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        const QString text = query.queryItemValue(QStringLiteral("limit"), QUrl::FullyDecoded);
        const std::optional<quint64> parsed = parseUnsigned(text);
        if (!parsed || *parsed < 1 || *parsed > quint64(maxLimit))
            return AdminResponse::error(
                400, QStringLiteral("limit: expected an integer in 1..%1, found '%2'")
                         .arg(maxLimit)
                         .arg(text));
        limit = qint64(*parsed);
    }
    const QList<CapturedExchange> &held = target.captures().exchanges();
    const auto first = std::upper_bound(
        held.cbegin(), held.cend(), since,
        [](quint64 id, const CapturedExchange &exchange) { return id < exchange.id(); });
    const HeaderMask mask = maskOf(target, HeaderMask::Secrets::Masked);
    QJsonArray requests;
    for (auto it = first; it != held.cend() && requests.size() < limit; ++it)
        requests.append(capturedExchangeToJson(*it, mask, CapturedBodies::SizesOnly));
    const bool more = held.cend() - first > limit;
    return AdminResponse::json(200, QJsonObject{{QLatin1String("capture"), captureStatus(target)},
                                                {QLatin1String("requests"), requests},
                                                {QLatin1String("more"), more}});
}

// GET /api/requests/{id}: one held exchange with its bodies.
AdminResponse getRequest(AdminTarget &target, const AdminRequest &request) {
    const QString text = request.parameters.value(QByteArrayLiteral("id"));
    const std::optional<quint64> id = parseUnsigned(text);
    if (!id)
        return AdminResponse::error(
            400, QStringLiteral("id: expected a request id (a number), found '%1'").arg(text));
    const std::optional<CapturedExchange> exchange = target.captures().find(*id);
    if (!exchange)
        return AdminResponse::error(
            404, QStringLiteral("request %1 is not held: it was not captured (capture off, or not "
                                "made yet) or was dropped to stay within capture.memory")
                     .arg(*id));
    return AdminResponse::json(
        200, capturedExchangeToJson(*exchange, maskOf(target, HeaderMask::Secrets::Masked),
                                    CapturedBodies::Included));
}

// GET /api/har[?secrets=include]: what is held as HAR 1.2, masked unless asked otherwise.
AdminResponse getHar(AdminTarget &target, const AdminRequest &request) {
    const QUrlQuery query(QString::fromUtf8(request.query));
    if (auto refused = unknownParameter(query, {QStringLiteral("secrets")}))
        return *refused;
    HeaderMask::Secrets secrets = HeaderMask::Secrets::Masked;
    if (query.hasQueryItem(QStringLiteral("secrets"))) {
        const QString value = query.queryItemValue(QStringLiteral("secrets"), QUrl::FullyDecoded);
        if (value != QLatin1String("include"))
            return AdminResponse::error(400, QStringLiteral("secrets: expected 'include' (to "
                                                            "unmask credentials), found '%1'")
                                                 .arg(value));
        secrets = HeaderMask::Secrets::Included;
    }
    HarExportOptions options{
        .mask = maskOf(target, secrets),
        .creatorVersion = QCoreApplication::applicationVersion(),
        .gatewayOrigin = target.snapshot().listenUrl.toUtf8(),
    };
    return {200, "application/json", harDocument(target.captures().exchanges(), options), {}};
}

} // namespace

void addCaptureEndpoints(AdminRouter &router, AdminTarget &target) {
    router.add("GET", "/api/requests",
               [&target](const AdminRequest &request) { return listRequests(target, request); });
    router.add("GET", "/api/requests/{id}",
               [&target](const AdminRequest &request) { return getRequest(target, request); });
    router.add("GET", "/api/har",
               [&target](const AdminRequest &request) { return getHar(target, request); });
}
