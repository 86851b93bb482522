#include "admin/statejson.h"

#include <QJsonArray>

namespace {

QJsonValue timeToJson(const QDateTime &time) {
    if (!time.isValid())
        return QJsonValue::Null;
    return time.toUTC().toString(Qt::ISODateWithMs);
}

// Latency quantiles are undefined before the first completed request: null, not a misleading 0.
QJsonValue latencyMillisToJson(const LatencyHistogram &histogram, qint64 micros) {
    if (histogram.count() == 0)
        return QJsonValue::Null;
    return double(micros) / 1000.0;
}

QJsonValue lastCheckToJson(const HealthCheckResult &check) {
    if (!check.ran)
        return QJsonValue::Null;
    QJsonObject object;
    object.insert(QLatin1String("ok"), check.ok);
    object.insert(QLatin1String("status"),
                  check.status > 0 ? QJsonValue(check.status) : QJsonValue::Null);
    object.insert(QLatin1String("error"), check.error.isEmpty()
                                              ? QJsonValue::Null
                                              : QJsonValue(QString::fromUtf8(check.error)));
    object.insert(QLatin1String("duration_ms"), double(check.durationUs) / 1000.0);
    object.insert(QLatin1String("at"), timeToJson(check.at));
    return object;
}

} // namespace

QJsonObject backendToJson(const BackendSnapshot &backend) {
    QJsonObject object;
    object.insert(QLatin1String("index"), backend.index);
    object.insert(QLatin1String("id"), qint64(backend.id));
    object.insert(QLatin1String("name"), backend.name);
    object.insert(QLatin1String("url"), backend.url);
    object.insert(QLatin1String("weight"), backend.weight);
    object.insert(QLatin1String("admin_state"),
                  QString::fromLatin1(adminStateName(backend.adminState)));
    object.insert(QLatin1String("admin_state_changed_at"), timeToJson(backend.adminStateChangedAt));
    object.insert(QLatin1String("health"), QString::fromLatin1(healthName(backend.health)));
    object.insert(QLatin1String("health_changed_at"), timeToJson(backend.healthChangedAt));
    object.insert(QLatin1String("active_health"),
                  QString::fromLatin1(healthName(backend.activeHealth)));
    object.insert(QLatin1String("passive"),
                  backend.passiveState == PassiveState::Clear
                      ? QJsonValue::Null
                      : QJsonValue(QString::fromLatin1(passiveStateName(backend.passiveState))));
    object.insert(QLatin1String("active"), backend.activeRequests);
    object.insert(QLatin1String("requests"), qint64(backend.requests));
    object.insert(QLatin1String("attempt_errors"), qint64(backend.attemptErrors));
    object.insert(QLatin1String("expected_share"), backend.expectedShare);
    object.insert(QLatin1String("latency_p50_ms"),
                  latencyMillisToJson(backend.latency, backend.latencyP50Us));
    object.insert(QLatin1String("latency_p99_ms"),
                  latencyMillisToJson(backend.latency, backend.latencyP99Us));
    object.insert(QLatin1String("last_check"), lastCheckToJson(backend.lastCheck));
    return object;
}

QJsonObject routeToJson(const RouteSnapshot &route) {
    QJsonArray backends;
    for (const BackendSnapshot &backend : route.backends)
        backends.append(backendToJson(backend));
    QJsonObject object;
    object.insert(QLatin1String("id"), route.id);
    object.insert(QLatin1String("path"), QString::fromUtf8(route.path));
    object.insert(QLatin1String("strategy"), QString::fromLatin1(strategyName(route.strategy)));
    object.insert(QLatin1String("panic"), route.panic);
    object.insert(QLatin1String("backends"), backends);
    return object;
}

QJsonObject stateToJson(const GatewaySnapshot &snapshot) {
    QJsonArray routes;
    for (const RouteSnapshot &route : snapshot.routes)
        routes.append(routeToJson(route));
    const auto textOrNull = [](const QString &text) {
        return text.isEmpty() ? QJsonValue::Null : QJsonValue(text);
    };
    QJsonObject object;
    object.insert(QLatin1String("running"), snapshot.running);
    object.insert(QLatin1String("listen_url"), textOrNull(snapshot.listenUrl));
    object.insert(QLatin1String("admin_url"), textOrNull(snapshot.adminUrl));
    object.insert(QLatin1String("config_file"), textOrNull(snapshot.configFile));
    object.insert(QLatin1String("started_at"), timeToJson(snapshot.startedAt));
    object.insert(QLatin1String("counting_since"), timeToJson(snapshot.countingSince));
    object.insert(QLatin1String("total_requests"), qint64(snapshot.totalRequests));
    object.insert(QLatin1String("failed_requests"), qint64(snapshot.failedRequests));
    object.insert(QLatin1String("client_errors"), qint64(snapshot.clientErrors));
    object.insert(QLatin1String("attempt_errors"), qint64(snapshot.attemptErrors));
    object.insert(QLatin1String("open_connections"), snapshot.openConnections);
    object.insert(QLatin1String("parked_connections"), snapshot.parkedConnections);
    object.insert(QLatin1String("upstream_connections_opened"),
                  qint64(snapshot.upstreamConnectionsOpened));
    object.insert(QLatin1String("accept_pauses"), qint64(snapshot.acceptPauses));
    object.insert(QLatin1String("routes"), routes);
    return object;
}

QJsonObject demoInstanceToJson(const DemoInstanceState &instance) {
    QJsonObject byStatus;
    for (auto it = instance.responsesByStatus.cbegin(); it != instance.responsesByStatus.cend();
         ++it)
        byStatus.insert(QString::number(it.key()), it.value());
    QJsonObject object;
    object.insert(QLatin1String("port"), instance.port);
    object.insert(QLatin1String("alive"), instance.listening);
    object.insert(QLatin1String("latency_ms"), qint64(instance.latency.count()));
    object.insert(QLatin1String("error_rate_percent"), instance.errorRatePercent);
    object.insert(QLatin1String("reset_mid_response"), instance.resetMidResponse);
    object.insert(QLatin1String("requests_served"), instance.requestsServed);
    object.insert(QLatin1String("responses_by_status"), byStatus);
    object.insert(QLatin1String("responses_reset"), instance.responsesReset);
    object.insert(QLatin1String("responses_pending"), instance.responsesPending);
    object.insert(QLatin1String("open_connections"), instance.openConnections);
    return object;
}

QJsonObject routePreviewToJson(const RoutePreview &preview) {
    const bool routed = preview.outcome == RoutePreview::Outcome::Forwarded ||
                        preview.outcome == RoutePreview::Outcome::NoInstance;
    const bool forwarded = preview.outcome == RoutePreview::Outcome::Forwarded;
    QJsonObject route;
    if (routed) {
        route.insert(QLatin1String("id"), preview.routeId);
        route.insert(QLatin1String("path"), QString::fromUtf8(preview.routePrefix));
    }
    QJsonObject instance;
    if (forwarded) {
        instance.insert(QLatin1String("index"), preview.instanceIndex);
        instance.insert(QLatin1String("id"), qint64(preview.instanceId));
        instance.insert(QLatin1String("name"), preview.instanceName);
        instance.insert(QLatin1String("url"), preview.instanceUrl);
    }
    QJsonArray candidates;
    if (routed) {
        for (const QByteArray &line : preview.explanation.candidateLines())
            candidates.append(QString::fromUtf8(line));
    }
    const auto valueOrNull = [](bool present, const QJsonValue &value) {
        return present ? value : QJsonValue(QJsonValue::Null);
    };
    const int status = preview.localStatus();
    QJsonObject object;
    object.insert(QLatin1String("path"), QString::fromUtf8(preview.path));
    object.insert(QLatin1String("client"), valueOrNull(!preview.clientAddress.isEmpty(),
                                                       QString::fromLatin1(preview.clientAddress)));
    object.insert(QLatin1String("outcome"),
                  QString::fromLatin1(routePreviewOutcomeName(preview.outcome)));
    object.insert(QLatin1String("status"), valueOrNull(status != 0, status));
    object.insert(QLatin1String("message"), preview.message);
    object.insert(QLatin1String("route"), valueOrNull(routed, route));
    object.insert(QLatin1String("stripped_target"),
                  valueOrNull(routed, QString::fromUtf8(preview.strippedTarget)));
    object.insert(QLatin1String("instance"), valueOrNull(forwarded, instance));
    object.insert(QLatin1String("upstream_target"),
                  valueOrNull(forwarded, QString::fromUtf8(preview.upstreamTarget)));
    object.insert(QLatin1String("reason"),
                  valueOrNull(routed, QString::fromUtf8(preview.explanation.summary())));
    object.insert(QLatin1String("candidates"), candidates);
    return object;
}
