#include "haproxy/runtimestate.h"

#include <QHash>

namespace {

// The SRV_ADMF_* bits of srv_admin_state (HAProxy's include/haproxy/server-t.h).
constexpr int forcedMaintenance = 0x01;
constexpr int inheritedMaintenance = 0x02;
constexpr int configMaintenance = 0x04;
constexpr int forcedDrain = 0x08;
constexpr int inheritedDrain = 0x10;
constexpr int resolutionMaintenance = 0x20;
constexpr int hostnameMaintenance = 0x40;

// The lines of an answer without the empty line that ends it.
QList<QByteArray> answerLines(const QByteArray &answer) {
    QList<QByteArray> lines = answer.split('\n');
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    return lines;
}

quint64 number(const QByteArray &text) {
    return text.toULongLong(); // an empty field (not applicable) is 0
}

// HAProxy's balance algorithm as the nearest strategy of the gateway's (README, "Outgrowing the
// laptop"): its roundrobin and static-rr are weighted; every hashing algorithm (source, uri,
// hdr, ...) keeps a key on one server, as ip_hash does.
StrategyKind strategyOf(const QByteArray &algorithm) {
    if (algorithm == "leastconn")
        return StrategyKind::LeastConnections;
    if (algorithm == "random")
        return StrategyKind::Random;
    if (algorithm == "roundrobin" || algorithm == "static-rr" || algorithm == "first" ||
        algorithm.isEmpty())
        return StrategyKind::WeightedRoundRobin;
    return StrategyKind::IpHash;
}

// Up or down by the checks; unknown without checks or while in maintenance (checks pause).
Health healthOf(const ServerStat &stat) {
    if (stat.checkStatus.isEmpty())
        return Health::Unknown;
    if (stat.status.startsWith("DOWN"))
        return Health::Down;
    if (stat.status.startsWith("UP") || stat.status.startsWith("NOLB") ||
        stat.status.startsWith("DRAIN"))
        return Health::Up;
    return Health::Unknown;
}

// The exported haproxy.cfg's `backend no_route` (HaproxyConfigWriter::write()), which answers
// the gateway's 404 for a path no route takes. It is no route, as the gateway's tree has no row
// for its own 404: listed, it would read as a route whose servers are all gone, and offer Add
// Instance on a backend that never uses a server. Its requests still show in the log (route
// no_route, 404). A backend of that name with servers is someone else's and stays.
bool isExportedNoRouteBackend(const QByteArray &name, const RouteSnapshot &route) {
    return name == "no_route" && route.backends.isEmpty();
}

HealthCheckResult checkOf(const ServerStat &stat) {
    HealthCheckResult check;
    if (stat.checkStatus.isEmpty())
        return check;
    // "* L4OK" marks a check under way; what follows is the last result.
    const QByteArray status =
        stat.checkStatus.startsWith("* ") ? stat.checkStatus.sliced(2) : stat.checkStatus;
    check.ran = status != "INI";
    check.ok = status.endsWith("OK");
    check.status = stat.checkCode;
    if (!check.ok)
        check.error = stat.checkDescription.isEmpty() ? status : stat.checkDescription;
    check.durationUs = stat.checkDurationMs < 0 ? 0 : stat.checkDurationMs * 1000;
    return check;
}

} // namespace

QString quotedStart(const QByteArray &answer) {
    const QByteArray first = answer.trimmed().split('\n').first().trimmed();
    if (first.isEmpty())
        return QStringLiteral("an empty answer");
    const qsizetype limit = 80;
    // Control characters escaped: the text goes to a terminal or a status bar.
    QByteArray shown;
    for (const char c : first.left(limit)) {
        if (uchar(c) < 0x20 || uchar(c) == 0x7f)
            shown += "\\x" + QByteArray::number(uchar(c), 16).rightJustified(2, '0');
        else
            shown += c;
    }
    if (first.size() > limit)
        shown += "...";
    return QStringLiteral("'%1'").arg(QString::fromUtf8(shown));
}

ShowStatResult parseShowStat(const QByteArray &answer) {
    ShowStatResult result;
    const QList<QByteArray> lines = answerLines(answer);
    if (lines.isEmpty() || !lines.first().startsWith("# pxname,svname,")) {
        result.error = QStringLiteral("not an answer to show stat: %1").arg(quotedStart(answer));
        return result;
    }
    QHash<QByteArray, qsizetype> column;
    const QList<QByteArray> names = lines.first().sliced(2).split(',');
    for (qsizetype i = 0; i < names.size(); ++i)
        column.insert(names[i], i);
    for (const char *needed : {"scur", "stot", "status", "weight", "sid", "type"}) {
        if (!column.contains(needed)) {
            result.error =
                QStringLiteral("show stat has no column '%1'").arg(QString::fromLatin1(needed));
            return result;
        }
    }
    ShowStat stat;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines[i].split(',');
        // The header ends with a ',' as every line does, so each has as many fields.
        if (fields.size() < names.size()) {
            result.error = QStringLiteral("show stat line %1 has %2 fields, the header %3")
                               .arg(i + 1)
                               .arg(fields.size())
                               .arg(names.size());
            return result;
        }
        const auto field = [&](const char *name) {
            const auto at = column.constFind(name);
            return at == column.cend() ? QByteArray() : fields[*at];
        };
        const QByteArray type = field("type"); // 0 frontend, 1 backend, 2 server, 3 listener
        if (type == "0") {
            stat.frontendRequests += number(field("req_tot"));
            stat.frontendSessions += int(number(field("scur")));
        } else if (type == "1") {
            stat.backends.append({fields[0], field("algo")});
        } else if (type == "2") {
            ServerStat server;
            server.backend = fields[0];
            server.server = fields[1];
            server.serverId = int(number(field("sid")));
            server.status = field("status");
            server.weight = int(number(field("weight")));
            server.sessions = int(number(field("scur")));
            server.totalSessions = number(field("stot"));
            server.errors =
                number(field("econ")) + number(field("eresp")) + number(field("hrsp_5xx"));
            server.address = field("addr");
            server.checkStatus = field("check_status");
            server.checkCode = int(number(field("check_code")));
            const QByteArray duration = field("check_duration");
            server.checkDurationMs = duration.isEmpty() ? -1 : qint64(number(duration));
            server.checkDescription = field("check_desc");
            stat.servers.append(server);
        }
    }
    result.stat = stat;
    return result;
}

ServersStateResult parseServersState(const QByteArray &answer) {
    ServersStateResult result;
    const QList<QByteArray> lines = answerLines(answer);
    // The first line is the format's version, the second the header.
    if (lines.size() < 2 || lines[0].trimmed() != "1" || !lines[1].startsWith("# be_id be_name")) {
        result.error =
            QStringLiteral("not an answer to show servers state: %1").arg(quotedStart(answer));
        return result;
    }
    QList<ServerState> states;
    for (qsizetype i = 2; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines[i].simplified().split(' ');
        bool opOk = false;
        bool adminOk = false;
        bool weightOk = false;
        ServerState state;
        if (fields.size() >= 8) {
            state.backend = fields[1];
            state.server = fields[3];
            state.operationalState = fields[5].toInt(&opOk);
            state.adminFlags = fields[6].toInt(&adminOk);
            state.userWeight = fields[7].toInt(&weightOk);
        }
        if (!opOk || !adminOk || !weightOk) {
            result.error = QStringLiteral("show servers state line %1 is not a server's: %2")
                               .arg(i + 1)
                               .arg(quotedStart(lines[i]));
            return result;
        }
        states.append(state);
    }
    result.states = states;
    return result;
}

AdminState adminStateFromFlags(int adminFlags) {
    if (adminFlags & (forcedMaintenance | inheritedMaintenance | configMaintenance |
                      resolutionMaintenance | hostnameMaintenance))
        return AdminState::Disabled;
    if (adminFlags & (forcedDrain | inheritedDrain))
        return AdminState::Draining;
    return AdminState::Enabled;
}

GatewaySnapshot haproxySnapshot(const ShowStat &stat, const QList<ServerState> &states,
                                const QString &description) {
    QHash<QByteArray, const ServerState *> stateOf;
    for (const ServerState &state : states)
        stateOf.insert(state.backend + '/' + state.server, &state);
    GatewaySnapshot snapshot;
    snapshot.running = true;
    snapshot.configFile = description;
    snapshot.totalRequests = stat.frontendRequests;
    snapshot.openConnections = stat.frontendSessions;
    quint64 backendNumber = 0;
    for (const BackendStat &backend : stat.backends) {
        ++backendNumber;
        RouteSnapshot route;
        route.id = QString::fromUtf8(backend.backend);
        route.strategy = strategyOf(backend.algorithm);
        for (const ServerStat &server : stat.servers) {
            if (server.backend != backend.backend)
                continue;
            BackendSnapshot instance;
            // Unique across backends, stable while the server exists (its sid is never reused
            // for another server of the backend while it lives).
            instance.id = (backendNumber << 32) | quint64(server.serverId);
            instance.index = int(route.backends.size());
            instance.name = QString::fromUtf8(server.server);
            // Empty at user level: HAProxy shows addresses to admin level only.
            if (!server.address.isEmpty())
                instance.url = QStringLiteral("http://") + QString::fromUtf8(server.address);
            const ServerState *state = stateOf.value(server.backend + '/' + server.server);
            instance.weight = state ? state->userWeight : server.weight;
            instance.adminState =
                state ? adminStateFromFlags(state->adminFlags) : AdminState::Enabled;
            instance.health = healthOf(server);
            instance.activeHealth = instance.health;
            instance.activeRequests = server.sessions;
            instance.requests = server.totalSessions;
            instance.attemptErrors = server.errors;
            instance.lastCheck = checkOf(server);
            // Not measured: HAProxy's statistics have averages, not percentiles (README,
            // "Export, run HAProxy, connect"); -1 shows as "–", never as a 0 µs median.
            instance.latencyP50Us = -1;
            instance.latencyP99Us = -1;
            route.backends.append(instance);
        }
        if (isExportedNoRouteBackend(backend.backend, route))
            continue;
        // The share HAProxy's weights give each server that may take new requests.
        int eligibleWeight = 0;
        for (const BackendSnapshot &instance : std::as_const(route.backends)) {
            if (instance.adminState == AdminState::Enabled && instance.health != Health::Down)
                eligibleWeight += instance.weight;
        }
        for (BackendSnapshot &instance : route.backends) {
            if (eligibleWeight > 0 && instance.adminState == AdminState::Enabled &&
                instance.health != Health::Down)
                instance.expectedShare = double(instance.weight) / eligibleWeight;
        }
        snapshot.routes.append(route);
    }
    return snapshot;
}
