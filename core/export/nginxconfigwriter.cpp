#include "export/nginxconfigwriter.h"

#include "export/configtext.h"
#include "export/exportedroute.h"

namespace {

// nginx reads a bare word up to a space, ';', '{' or quote; anything else in a prefix is quoted.
QByteArray nginxWord(const QByteArray &word) {
    for (const char c : word) {
        if (c == ' ' || c == ';' || c == '{' || c == '}' || c == '"' || c == '\'' || c == '\\' ||
            c == '$')
            return '"' + QByteArray(word).replace('\\', "\\\\").replace('"', "\\\"") + '"';
    }
    return word;
}

QByteArray balancingLine(StrategyKind strategy) {
    switch (strategy) {
    case StrategyKind::RoundRobin:
        return "# round_robin: nginx's default with every weight 1 (round_robin ignores weights)\n";
    case StrategyKind::WeightedRoundRobin:
        return "# weighted_round_robin: nginx's default, the same smooth weighted round robin\n";
    case StrategyKind::LeastConnections:
        return "least_conn;\n";
    case StrategyKind::Random:
        return "random;\n";
    case StrategyKind::PowerOfTwo:
        return "random two least_conn;\n";
    case StrategyKind::IpHash:
        return "# ip_hash: consistent hashing of the client address, with nginx's own hash (the "
               "server a client lands on differs from the gateway's)\n"
               "hash $remote_addr consistent;\n";
    }
    Q_UNREACHABLE();
}

QByteArray serverLine(const ExportedRoute &route, qsizetype index) {
    const ExportedInstance &instance = route.instances[index];
    QByteArray line = "server " + instance.address;
    if (route.strategy != StrategyKind::RoundRobin && instance.weight != 1)
        line += " weight=" + QByteArray::number(instance.weight);
    line += " max_fails=" +
            QByteArray::number(route.hasPassiveHealth() ? route.passiveHealth.maxFails : 0);
    if (route.hasPassiveHealth())
        line += " fail_timeout=" + durationText(route.passiveHealth.failTimeout);
    if (instance.adminState != AdminState::Enabled)
        line += " down";
    line += "; # #" + QByteArray::number(index + 1) + ' ' + instance.name.toUtf8();
    if (instance.adminState == AdminState::Draining)
        line += " (draining: nginx has no drain, down takes it out)";
    if (instance.demoInstance)
        line += " (a demo instance)";
    return line + '\n';
}

QByteArray upstreamBlock(const ExportedRoute &route) {
    QByteArray out = commentLines(route.title(), "    ");
    out += "    upstream " + route.identifier + " {\n";
    for (const QByteArray &line : balancingLine(route.strategy).split('\n')) {
        if (line.startsWith("# "))
            out += commentLines(QString::fromUtf8(line.sliced(2)), "        ");
        else if (!line.isEmpty())
            out += "        " + line + '\n';
    }
    if (route.healthCheck) {
        out += commentLines(
            QStringLiteral("Active checks (GET %1 every %2, rise %3, fall %4): open-source nginx "
                           "has none; max_fails below is all it watches.")
                .arg(QString::fromUtf8(route.basePath + route.healthCheck->path),
                     QString::fromLatin1(durationText(route.healthCheck->interval)))
                .arg(route.healthCheck->rise)
                .arg(route.healthCheck->fall),
            "        ");
    }
    if (route.passiveHealth.count5xx && route.hasPassiveHealth()) {
        out += commentLines(QStringLiteral("count_5xx: nginx counts a 5xx only when "
                                           "proxy_next_upstream names it, which also retries it; "
                                           "left out."),
                            "        ");
    }
    for (qsizetype i = 0; i < route.instances.size(); ++i)
        out += "        " + serverLine(route, i);
    out += "        # Upstream connections kept alive, idle ones closed after 4 s as the gateway "
           "does.\n"
           "        keepalive 32;\n"
           "        keepalive_timeout 4s;\n"
           "    }\n\n";
    return out;
}

QByteArray locations(const ExportedRoute &route) {
    const QByteArray pass = "proxy_pass http://" + route.identifier + route.basePath + "/;";
    QByteArray out = commentLines(
        QStringLiteral("%1: the prefix is stripped, the query kept.").arg(route.title()),
        "        ");
    if (route.isRoot())
        return out + "        location / { " + pass + " }\n";
    out += "        location = " + nginxWord(route.path) + " { " + pass + " }\n";
    out += "        location " + nginxWord(route.path + '/') + " { " + pass + " }\n";
    return out;
}

QByteArray limits(const LimitsConfig &limits) {
    QByteArray out;
    out += commentLines(
        QStringLiteral("limits.max_header_bytes: nginx limits each line to one buffer and the head "
                       "to all of them (400 or 414 over it, the gateway 431)."),
        "    ");
    out += "    large_client_header_buffers 1 " + QByteArray::number(limits.maxHeaderBytes) + ";\n";
    out += "    client_max_body_size " + QByteArray::number(limits.maxBodyBytes) +
           "; # limits.max_body_bytes (0: unlimited in both)\n";
    out += "    client_header_timeout " + durationText(limits.headerTimeout) +
           "; # limits.header_timeout\n";
    out += commentLines(QStringLiteral("limits.idle_timeout: between requests, in a request body, "
                                       "and for a client that takes nothing of a response."),
                        "    ");
    for (const char *directive : {"keepalive_timeout", "client_body_timeout", "send_timeout"})
        out += "    " + QByteArray(directive) + ' ' + durationText(limits.idleTimeout) + ";\n";
    out += "    proxy_connect_timeout " + durationText(limits.connectTimeout) +
           "; # limits.connect_timeout\n";
    out += commentLines(QStringLiteral("limits.response_timeout; nginx also closes an idle "
                                       "WebSocket tunnel after it (limits.tunnel_timeout %1 has "
                                       "no equivalent).")
                            .arg(QString::fromLatin1(durationText(limits.tunnelTimeout))),
                        "    ");
    out += "    proxy_read_timeout " + durationText(limits.responseTimeout) + ";\n";
    return out;
}

QStringList untranslated(const ExportSource &source, const QList<ExportedRoute> &routes) {
    QStringList items = untranslatedByBoth(source, routes);
    for (const ExportedRoute &route : routes) {
        if (route.healthCheck)
            items.append(QStringLiteral("%1: active health checks (open-source nginx has none)")
                             .arg(route.title()));
        if (route.passiveHealth.count5xx && route.hasPassiveHealth())
            items.append(QStringLiteral("%1: count_5xx").arg(route.title()));
        for (const ExportedInstance &instance : route.instances) {
            if (instance.adminState == AdminState::Draining)
                items.append(QStringLiteral("%1: %2 is draining; nginx has no drain, it is down")
                                 .arg(route.title(), instance.name));
        }
    }
    items.append(QStringLiteral("limits.tunnel_timeout: proxy_read_timeout closes idle tunnels"));
    return items;
}

} // namespace

QByteArray NginxConfigWriter::write(const ExportSource &source) {
    const GatewayConfig &config = source.config;
    const QList<ExportedRoute> routes = exportedRoutes(source);
    QByteArray out = exportHeader(
        QStringLiteral("nginx.conf: the routes of a Gateway Console config, for open-source "
                       "nginx 1.22 or later."),
        config.sourceFile,
        QStringLiteral("Check: nginx -t -p DIR -c FILE. Run: nginx -p DIR -c FILE. The pid file, "
                       "the logs and the temporary files are under DIR."),
        untranslated(source, routes));

    out += "worker_processes 1;\n"
           "pid nginx.pid;\n"
           "error_log error.log;\n\n";
    out += "events {\n"
           "    # limits.max_connections clients, each with an upstream connection: nginx counts "
           "both.\n"
           "    worker_connections " +
           QByteArray::number(qint64(config.limits.maxConnections) * 2) +
           ";\n"
           "}\n\n";
    out += "http {\n"
           "    access_log access.log;\n"
           "    client_body_temp_path client_body_temp;\n"
           "    proxy_temp_path proxy_temp;\n"
           "    fastcgi_temp_path fastcgi_temp;\n"
           "    uwsgi_temp_path uwsgi_temp;\n"
           "    scgi_temp_path scgi_temp;\n\n";
    out += limits(config.limits);
    out += "    # The gateway keeps empty path segments (//) as they are.\n"
           "    merge_slashes off;\n\n";
    out += "    # Bodies stream both ways as they arrive, as in the gateway.\n"
           "    proxy_buffering off;\n"
           "    proxy_request_buffering off;\n"
           "    # A connect error or timeout moves on to the next instance; a request that\n"
           "    # may have reached an application only if it is idempotent (nginx's default).\n"
           "    proxy_next_upstream error timeout;\n"
           "    # HTTP/1.1 upstream with keep-alive, and WebSocket upgrades relayed.\n"
           "    map $http_upgrade $connection_upgrade {\n"
           "        default upgrade;\n"
           "        \"\" \"\";\n"
           "    }\n"
           "    proxy_http_version 1.1;\n"
           "    proxy_set_header Upgrade $http_upgrade;\n"
           "    proxy_set_header Connection $connection_upgrade;\n"
           "    proxy_set_header Host $http_host;\n"
           "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
           "    proxy_set_header X-Forwarded-Host $http_host;\n"
           "    proxy_set_header X-Forwarded-Proto $scheme;\n"
           "\n";
    for (const ExportedRoute &route : routes)
        out += upstreamBlock(route);

    out += "    server {\n";
    out += "        listen " + config.listen.toString().toUtf8() +
           " backlog=" + QByteArray::number(config.limits.listenBacklog()) +
           "; # server.listen\n\n";
    bool hasRoot = false;
    for (const ExportedRoute &route : routes) {
        out += locations(route) + '\n';
        hasRoot = hasRoot || route.isRoot();
    }
    if (!hasRoot) {
        out += "        # No route matches: the gateway's 404 and its body.\n"
               "        location / {\n"
               "            default_type text/plain;\n"
               "            return 404 \"404 Not Found: no route for $request_uri\\n\";\n"
               "        }\n";
    }
    out += "    }\n"
           "}\n";
    return out;
}
