#include "servertable.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {

QByteArray checkText(const HealthCheckResult &check) {
    if (!check.ran)
        return "-";
    if (check.ok)
        return check.status > 0 ? QByteArray("ok " + QByteArray::number(check.status))
                                : QByteArray("ok");
    return check.error.isEmpty() ? QByteArray::number(check.status) : check.error;
}

QByteArray addressOf(const BackendSnapshot &server) {
    QByteArray url = server.url.toUtf8();
    if (url.startsWith("http://"))
        url = url.sliced(7);
    return url;
}

} // namespace

QByteArray serverTable(const GatewaySnapshot &snapshot, AccessLogFormatter::Format format) {
    QByteArray out;
    if (format == AccessLogFormatter::Format::Json) {
        for (const RouteSnapshot &route : snapshot.routes) {
            for (const BackendSnapshot &server : route.backends) {
                QJsonObject row;
                row.insert(QStringLiteral("event"), QStringLiteral("server"));
                row.insert(QStringLiteral("backend"), route.id);
                row.insert(QStringLiteral("server"), server.name);
                row.insert(QStringLiteral("address"), QString::fromUtf8(addressOf(server)));
                row.insert(QStringLiteral("admin_state"),
                           QString::fromLatin1(adminStateName(server.adminState)));
                row.insert(QStringLiteral("health"),
                           QString::fromLatin1(healthName(server.health)));
                row.insert(QStringLiteral("weight"), server.weight);
                row.insert(QStringLiteral("sessions"), server.activeRequests);
                row.insert(QStringLiteral("requests"), qint64(server.requests));
                row.insert(QStringLiteral("errors"), qint64(server.attemptErrors));
                row.insert(QStringLiteral("check"), QString::fromUtf8(checkText(server.lastCheck)));
                out += QJsonDocument(row).toJson(QJsonDocument::Compact) + '\n';
            }
        }
        return out;
    }
    QList<QList<QByteArray>> rows = {{"BACKEND/SERVER", "ADDRESS", "ADMIN", "HEALTH", "WEIGHT",
                                      "SESSIONS", "REQUESTS", "ERRORS", "CHECK"}};
    for (const RouteSnapshot &route : snapshot.routes) {
        for (const BackendSnapshot &server : route.backends) {
            rows.append({route.id.toUtf8() + '/' + server.name.toUtf8(), addressOf(server),
                         adminStateName(server.adminState), healthName(server.health),
                         QByteArray::number(server.weight),
                         QByteArray::number(server.activeRequests),
                         QByteArray::number(server.requests),
                         QByteArray::number(server.attemptErrors), checkText(server.lastCheck)});
        }
    }
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QList<QByteArray> &row : std::as_const(rows)) {
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = qMax(widths[i], row[i].size());
    }
    for (const QList<QByteArray> &row : std::as_const(rows)) {
        QByteArray line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row[i].leftJustified(widths[i] + 2) : row[i];
        out += line + '\n';
    }
    return out;
}

QByteArray serverTableState(const GatewaySnapshot &snapshot) {
    QByteArray state;
    for (const RouteSnapshot &route : snapshot.routes) {
        for (const BackendSnapshot &server : route.backends) {
            state += route.id.toUtf8() + '/' + server.name.toUtf8() + ' ' + addressOf(server) +
                     ' ' + adminStateName(server.adminState) + ' ' + healthName(server.health) +
                     ' ' + QByteArray::number(server.weight) + '\n';
        }
    }
    return state;
}
