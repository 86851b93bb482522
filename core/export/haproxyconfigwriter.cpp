#include "export/haproxyconfigwriter.h"

#include "export/configtext.h"
#include "export/exportedroute.h"

#include <QSet>
#include <algorithm>

namespace {

// A literal prefix in a PCRE pattern.
QByteArray regexLiteral(const QByteArray &text) {
    QByteArray out;
    for (const char c : text) {
        if (QByteArrayView("\\^$.|?*+()[]{}-").contains(c))
            out += '\\';
        out += c;
    }
    return out;
}

// HAProxy's names take letters, digits and "-_.:"; others become '_', repeats get "-<n>".
QByteArray serverName(const QString &name, QSet<QByteArray> &taken) {
    QByteArray base;
    for (const char c : name.toUtf8()) {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
        base += allowed ? c : '_';
    }
    QByteArray unique = base;
    for (int n = 2; taken.contains(unique); ++n)
        unique = base + '-' + QByteArray::number(n);
    taken.insert(unique);
    return unique;
}

QByteArray balanceLines(StrategyKind strategy) {
    switch (strategy) {
    case StrategyKind::RoundRobin:
        return "# round_robin: every weight 1 (round_robin ignores weights)\n"
               "balance roundrobin\n";
    case StrategyKind::WeightedRoundRobin:
        return "# weighted_round_robin: HAProxy's weighted round robin; shares as the gateway's, "
               "the order of the picks its own\n"
               "balance roundrobin\n";
    case StrategyKind::LeastConnections:
        return "balance leastconn\n";
    case StrategyKind::Random:
        return "# random: weighted random, one draw\n"
               "balance random(1)\n";
    case StrategyKind::PowerOfTwo:
        return "# power_of_two: two draws, the one with fewer connections per weight\n"
               "balance random(2)\n";
    case StrategyKind::IpHash:
        return "# ip_hash: consistent hashing of the client address, with HAProxy's own hash (the "
               "server a client lands on differs from the gateway's)\n"
               "balance source\n"
               "hash-type consistent\n";
    }
    Q_UNREACHABLE();
}

// HAProxy's weight for each instance: the gateway's, scaled down to HAProxy's range when the
// largest is over it (the ratios kept as far as whole numbers allow).
QList<int> haproxyWeights(const ExportedRoute &route) {
    int largest = 1;
    for (const ExportedInstance &instance : route.instances)
        largest = std::max(largest, instance.weight);
    QList<int> weights;
    for (const ExportedInstance &instance : route.instances) {
        int weight = route.strategy == StrategyKind::RoundRobin ? 1 : instance.weight;
        if (largest > HaproxyConfigWriter::maxHaproxyWeight &&
            route.strategy != StrategyKind::RoundRobin)
            weight =
                std::max(1, int(qint64(weight) * HaproxyConfigWriter::maxHaproxyWeight / largest));
        weights.append(weight);
    }
    return weights;
}

QByteArray checkSettings(const ExportedRoute &route) {
    QByteArray out;
    if (route.healthCheck) {
        const HealthCheckConfig &check = *route.healthCheck;
        out += "    # Active checks: GET, passing on 2xx and 3xx as the gateway's.\n"
               "    option httpchk GET " +
               route.basePath + check.path + "\n    timeout check " + durationText(check.timeout) +
               "\n    default-server check inter " + durationText(check.interval) + " rise " +
               QByteArray::number(check.rise) + " fall " + QByteArray::number(check.fall) + '\n';
    } else if (route.hasPassiveHealth()) {
        out += commentLines(QStringLiteral("No active checks in the gateway, but HAProxy's passive "
                                           "health needs checks to bring an instance back: a TCP "
                                           "connect every fail_timeout."),
                            "    ");
        out += "    default-server check inter " + durationText(route.passiveHealth.failTimeout) +
               " rise 1 fall 1\n";
    }
    if (route.hasPassiveHealth()) {
        out += commentLines(
            QStringLiteral("Passive health: max_fails errors in a row (the gateway: within "
                           "fail_timeout) mark an instance down%1.")
                .arg(route.passiveHealth.count5xx ? QStringLiteral("; layer7 counts 5xx too")
                                                  : QString()),
            "    ");
        out += "    default-server observe " +
               QByteArray(route.passiveHealth.count5xx ? "layer7" : "layer4") + " error-limit " +
               QByteArray::number(route.passiveHealth.maxFails) + " on-error mark-down\n";
    }
    return out;
}

QByteArray backendSection(const ExportedRoute &route) {
    QByteArray out = commentLines(route.title());
    out += "backend " + route.identifier + '\n';
    for (const QByteArray &line : balanceLines(route.strategy).split('\n')) {
        if (line.startsWith("# "))
            out += commentLines(QString::fromUtf8(line.sliced(2)), "    ");
        else if (!line.isEmpty())
            out += "    " + line + '\n';
    }
    if (!route.isRoot() || !route.basePath.isEmpty()) {
        const QByteArray prefix = route.isRoot() ? QByteArray() : regexLiteral(route.path);
        out += "    # The prefix stripped, the query kept.\n"
               "    http-request replace-path '^" +
               prefix + "/?(.*)' '" + route.basePath + "/\\1'\n";
    }
    out +=
        "    # Upstream connections kept alive, idle ones closed after 4 s as the gateway does.\n"
        "    http-reuse safe\n"
        "    default-server pool-purge-delay 4s\n";
    out += checkSettings(route);
    // Each failed connect goes to another instance, as many times as there are others.
    out += "    retries " + QByteArray::number(std::max<qsizetype>(route.instances.size() - 1, 0)) +
           "\n    option redispatch 1\n";
    const QList<int> weights = haproxyWeights(route);
    QSet<QByteArray> names;
    for (qsizetype i = 0; i < route.instances.size(); ++i) {
        const ExportedInstance &instance = route.instances[i];
        QByteArray line = "    server " + serverName(instance.name, names) + ' ' + instance.address;
        if (weights[i] != 1 || instance.adminState == AdminState::Draining)
            line += " weight " + QByteArray::number(
                                     instance.adminState == AdminState::Draining ? 0 : weights[i]);
        if (instance.adminState == AdminState::Disabled)
            line += " disabled";
        line += " # #" + QByteArray::number(i + 1);
        if (instance.adminState == AdminState::Draining)
            line += " (draining: weight 0 takes no new requests)";
        if (weights[i] != instance.weight && route.strategy != StrategyKind::RoundRobin)
            line += " (weight " + QByteArray::number(instance.weight) + " in the gateway)";
        if (instance.demoInstance)
            line += " (a demo instance)";
        out += line + '\n';
    }
    return out + '\n';
}

QByteArray globalSection(const LimitsConfig &limits) {
    // No global maxconn: HAProxy then sizes it from the open-file limit, where a fixed one
    // would refuse to start on a machine whose limit cannot hold twice as many descriptors.
    QByteArray out = "global\n";
    out += commentLines(QStringLiteral("limits.max_header_bytes: the whole head must fit in a "
                                       "buffer beside room for rewrites (over it HAProxy answers "
                                       "400, the gateway 431)."),
                        "    ");
    out += "    tune.bufsize " + QByteArray::number(limits.maxHeaderBytes + 1024) +
           "\n"
           "    tune.maxrewrite 1024\n";
    out +=
        commentLines(QStringLiteral("The runtime API at admin level (enable, disable, drain, set "
                                    "weight), for a console to steer HAProxy later. Relative to "
                                    "the directory HAProxy starts in."),
                     "    ");
    out += "    stats socket unix@haproxy-admin.sock mode 600 level admin\n";
    out += commentLines(QStringLiteral("The access log (option httplog below) as syslog over UDP, "
                                       "where a console will listen to show HAProxy's requests."),
                        "    ");
    out += "    log 127.0.0.1:" + QByteArray::number(HaproxyConfigWriter::haproxyLogPort) +
           " local0 info\n\n";
    return out;
}

QByteArray defaultsSection(const LimitsConfig &limits) {
    QByteArray out = "defaults\n"
                     "    mode http\n"
                     "    log global\n"
                     "    option httplog\n";
    out += "    timeout http-request " + durationText(limits.headerTimeout) +
           " # limits.header_timeout\n";
    out += "    timeout client " + durationText(limits.idleTimeout) + " # limits.idle_timeout\n";
    out += "    timeout http-keep-alive " + durationText(limits.idleTimeout) + '\n';
    out += "    timeout connect " + durationText(limits.connectTimeout) +
           " # limits.connect_timeout\n";
    out += "    timeout server " + durationText(limits.responseTimeout) +
           " # limits.response_timeout\n";
    out +=
        "    timeout tunnel " + durationText(limits.tunnelTimeout) + " # limits.tunnel_timeout\n";
    out += "    # X-Forwarded-For appended (as a header line of its own).\n"
           "    option forwardfor\n\n";
    return out;
}

QByteArray frontendSection(const GatewayConfig &config, const QList<ExportedRoute> &routes) {
    QByteArray out = "frontend gateway\n";
    out += "    bind " + config.listen.toString().toUtf8() + " # server.listen\n";
    out += "    backlog " + QByteArray::number(config.limits.listenBacklog()) + '\n';
    out += "    maxconn " + QByteArray::number(config.limits.maxConnections) +
           " # limits.max_connections\n";
    if (config.limits.maxBodyBytes > 0) {
        out += "    # limits.max_body_bytes, by Content-Length only (a chunked body is not "
               "counted).\n"
               "    http-request deny deny_status 413 if { req.hdr_val(content-length) gt " +
               QByteArray::number(config.limits.maxBodyBytes) + " }\n";
    }
    out += "    http-request set-header X-Forwarded-Host %[req.hdr(host)]\n"
           "    http-request set-header X-Forwarded-Proto http\n";
    QByteArray rootBackend = "no_route";
    for (const ExportedRoute &route : routes) {
        if (route.isRoot()) {
            rootBackend = route.identifier;
            continue;
        }
        out += "    acl " + route.identifier + " path " + route.path + '\n';
        out += "    acl " + route.identifier + " path_beg " + route.path + "/\n";
    }
    out += "    # Longest prefix first: the first match is the gateway's longest-prefix match.\n";
    for (const ExportedRoute &route : routes) {
        if (!route.isRoot())
            out += "    use_backend " + route.identifier + " if " + route.identifier + '\n';
    }
    out += "    default_backend " + rootBackend + "\n\n";
    return out;
}

QStringList untranslated(const ExportSource &source, const QList<ExportedRoute> &routes) {
    QStringList items = untranslatedByBoth(source, routes);
    for (const ExportedRoute &route : routes) {
        if (route.hasPassiveHealth())
            items.append(QStringLiteral("%1: passive health counts errors in a row, not within "
                                        "fail_timeout, and an instance comes back by its checks")
                             .arg(route.title()));
        const QList<int> weights = haproxyWeights(route);
        for (qsizetype i = 0; i < weights.size(); ++i) {
            if (route.strategy != StrategyKind::RoundRobin &&
                weights[i] != route.instances[i].weight)
                items.append(QStringLiteral("%1: #%2's weight %3 scaled to %4 (HAProxy's largest "
                                            "is %5)")
                                 .arg(route.title())
                                 .arg(i + 1)
                                 .arg(route.instances[i].weight)
                                 .arg(weights[i])
                                 .arg(HaproxyConfigWriter::maxHaproxyWeight));
        }
    }
    items.append(QStringLiteral(
        "path normalization: HAProxy routes the path as sent, without decoding unreserved "
        "escapes or removing dot-segments (normalize-uri is experimental in 2.6)"));
    items.append(QStringLiteral(
        "retries: HAProxy retries connect failures only; the gateway also retries an idempotent "
        "request that got no response"));
    if (source.config.limits.maxBodyBytes > 0)
        items.append(QStringLiteral("limits.max_body_bytes: chunked request bodies"));
    return items;
}

} // namespace

QByteArray HaproxyConfigWriter::write(const ExportSource &source) {
    const GatewayConfig &config = source.config;
    const QList<ExportedRoute> routes = exportedRoutes(source);
    QByteArray out = exportHeader(
        QStringLiteral("haproxy.cfg: the routes of a Gateway Console config, for HAProxy 2.6 or "
                       "later."),
        config.sourceFile,
        QStringLiteral("Check: haproxy -c -f FILE. Run: haproxy -f FILE (-db in the foreground), "
                       "in the directory that is to hold the runtime API's socket."),
        untranslated(source, routes));
    out += globalSection(config.limits);
    out += defaultsSection(config.limits);
    out += frontendSection(config, routes);
    for (const ExportedRoute &route : routes)
        out += backendSection(route);
    out += "# No route matches: the gateway's 404 and its body.\n"
           "backend no_route\n"
           "    http-request return status 404 content-type text/plain lf-string \"404 Not "
           "Found: no route for %[capture.req.uri]\\n\"\n";
    return out;
}
