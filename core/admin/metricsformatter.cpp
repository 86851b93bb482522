#include "admin/metricsformatter.h"

namespace {

// Seconds written exactly from integral microseconds ("0.00025", "2.5", "10"), so bucket
// bounds and sums carry no binary floating-point noise.
QByteArray secondsFromMicros(qint64 micros) {
    QByteArray text = QByteArray::number(micros / 1000000);
    const qint64 fraction = micros % 1000000;
    if (fraction == 0)
        return text;
    QByteArray digits = QByteArray::number(fraction).rightJustified(6, '0');
    while (digits.endsWith('0'))
        digits.chop(1);
    return text + '.' + digits;
}

void appendFamilyHeader(QByteArray &out, QByteArrayView name, QByteArrayView type,
                        QByteArrayView help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
}

// The label set of one instance, without braces: route="a",backend="b",index="0".
QByteArray instanceLabels(const RouteSnapshot &route, const BackendSnapshot &backend) {
    QByteArray labels;
    labels.append("route=\"").append(escapeLabelValue(route.id.toUtf8()));
    labels.append("\",backend=\"").append(escapeLabelValue(backend.name.toUtf8()));
    labels.append("\",index=\"").append(QByteArray::number(backend.index)).append('"');
    return labels;
}

void appendSample(QByteArray &out, QByteArrayView name, QByteArrayView labels,
                  QByteArrayView value) {
    out.append(name);
    if (!labels.isEmpty())
        out.append('{').append(labels).append('}');
    out.append(' ').append(value).append('\n');
}

// One family with one sample per instance; value returns nullopt to leave an instance out.
template <typename ValueOf>
void appendInstanceFamily(QByteArray &out, const GatewaySnapshot &snapshot, QByteArrayView name,
                          QByteArrayView type, QByteArrayView help, ValueOf value) {
    appendFamilyHeader(out, name, type, help);
    for (const RouteSnapshot &route : snapshot.routes) {
        for (const BackendSnapshot &backend : route.backends) {
            const std::optional<qint64> sample = value(backend);
            if (sample)
                appendSample(out, name, instanceLabels(route, backend),
                             QByteArray::number(*sample));
        }
    }
}

void appendGatewayCounter(QByteArray &out, QByteArrayView name, QByteArrayView help,
                          quint64 value) {
    appendFamilyHeader(out, name, "counter", help);
    appendSample(out, name, {}, QByteArray::number(value));
}

void appendLatencyHistogram(QByteArray &out, const GatewaySnapshot &snapshot) {
    static constexpr QByteArrayView name = "gateway_request_duration_seconds";
    appendFamilyHeader(out, name, "histogram",
                       "Time from receiving a request to finishing its response, for requests "
                       "answered by the instance.");
    const auto &bounds = LatencyHistogram::boundsMicros;
    for (const RouteSnapshot &route : snapshot.routes) {
        for (const BackendSnapshot &backend : route.backends) {
            const QByteArray labels = instanceLabels(route, backend);
            const LatencyHistogram &histogram = backend.latency;
            for (size_t i = 0; i <= bounds.size(); ++i) {
                const QByteArray bound = i < bounds.size() ? secondsFromMicros(bounds[i]) : "+Inf";
                const QByteArray bucketLabels = labels + ",le=\"" + bound + '"';
                appendSample(out, "gateway_request_duration_seconds_bucket", bucketLabels,
                             QByteArray::number(histogram.cumulativeCount(i)));
            }
            appendSample(out, "gateway_request_duration_seconds_sum", labels,
                         secondsFromMicros(histogram.sumMicros()));
            appendSample(out, "gateway_request_duration_seconds_count", labels,
                         QByteArray::number(histogram.count()));
        }
    }
}

} // namespace

QByteArray escapeLabelValue(QByteArrayView value) {
    QByteArray escaped;
    escaped.reserve(value.size());
    for (const char c : value) {
        switch (c) {
        case '\\':
            escaped.append("\\\\");
            break;
        case '"':
            escaped.append("\\\"");
            break;
        case '\n':
            escaped.append("\\n");
            break;
        default:
            escaped.append(c);
        }
    }
    return escaped;
}

QByteArray formatMetrics(const GatewaySnapshot &snapshot) {
    QByteArray out;
    appendInstanceFamily(
        out, snapshot, "gateway_requests_total", "counter",
        "Requests sent to the instance, one per attempt (a retried request counts on each "
        "instance it was tried on).",
        [](const BackendSnapshot &b) { return std::optional<qint64>(b.requests); });
    appendInstanceFamily(
        out, snapshot, "gateway_attempt_errors_total", "counter",
        "Attempts on the instance that failed through its fault, retried or not: connect "
        "errors, timeouts, resets, malformed and 5xx responses.",
        [](const BackendSnapshot &b) { return std::optional<qint64>(b.attemptErrors); });
    appendInstanceFamily(
        out, snapshot, "gateway_active_requests", "gauge", "Requests in flight to the instance.",
        [](const BackendSnapshot &b) { return std::optional<qint64>(b.activeRequests); });
    appendInstanceFamily(out, snapshot, "gateway_backend_up", "gauge",
                         "1 if health checks see the instance up, 0 if down; absent while unknown.",
                         [](const BackendSnapshot &b) -> std::optional<qint64> {
                             if (b.health == Health::Unknown)
                                 return std::nullopt;
                             return b.health == Health::Up ? 1 : 0;
                         });
    appendInstanceFamily(out, snapshot, "gateway_backend_enabled", "gauge",
                         "1 if the operator has the instance enabled, 0 if draining or disabled.",
                         [](const BackendSnapshot &b) {
                             return std::optional<qint64>(b.adminState == AdminState::Enabled ? 1
                                                                                              : 0);
                         });
    appendLatencyHistogram(out, snapshot);
    appendGatewayCounter(out, "gateway_finished_requests_total",
                         "Requests from clients that finished, whatever their result.",
                         snapshot.totalRequests);
    appendGatewayCounter(out, "gateway_failed_requests_total",
                         "Finished requests whose client did not get a complete response from an "
                         "instance: 5xx from the instance, the gateway's 502, 503, 504 and 508, "
                         "responses cut off.",
                         snapshot.failedRequests);
    appendGatewayCounter(out, "gateway_client_errors_total",
                         "Finished requests that were the client's doing: 4xx from the instance "
                         "or the gateway (404 for no route too), clients that left early.",
                         snapshot.clientErrors);
    // Per route, every route: 0 is a value here (no panic), unlike an unknown health.
    appendFamilyHeader(out, "gateway_route_panic", "gauge",
                       "1 while the route is in panic: every enabled instance is down by health "
                       "and requests go to them anyway; else 0.");
    for (const RouteSnapshot &route : snapshot.routes) {
        const QByteArray labels = "route=\"" + escapeLabelValue(route.id.toUtf8()) + '"';
        appendSample(out, "gateway_route_panic", labels, route.panic ? "1" : "0");
    }
    appendFamilyHeader(out, "gateway_open_connections", "gauge",
                       "Client connections open to the proxy.");
    appendSample(out, "gateway_open_connections", {}, QByteArray::number(snapshot.openConnections));
    appendFamilyHeader(out, "gateway_parked_connections", "gauge",
                       "Idle client connections waiting outside the event loop.");
    appendSample(out, "gateway_parked_connections", {},
                 QByteArray::number(snapshot.parkedConnections));
    appendFamilyHeader(out, "gateway_upstream_connections_opened_total", "counter",
                       "Connections opened to instances since the start; keep-alive reuses them.");
    appendSample(out, "gateway_upstream_connections_opened_total", {},
                 QByteArray::number(snapshot.upstreamConnectionsOpened));
    appendFamilyHeader(out, "gateway_accept_pauses_total", "counter",
                       "Times accepting paused because accept() failed (out of descriptors).");
    appendSample(out, "gateway_accept_pauses_total", {}, QByteArray::number(snapshot.acceptPauses));
    appendGatewayCounter(out, "gateway_access_log_dropped_lines_total",
                         "Access-log lines the headless program dropped because stdout did not "
                         "keep up (a full queue, a failed write, or a stalled stdout at exit).",
                         snapshot.accessLogDroppedLines);
    return out;
}
