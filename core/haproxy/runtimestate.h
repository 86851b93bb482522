#pragma once

#include "model/gatewaysnapshot.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

// What the runtime API's `show stat` and `show servers state` say, and the GatewaySnapshot the
// window and the headless program read from them (docs/ARCHITECTURE.md, "A running HAProxy").
// Pure functions over the answers' text: tested without HAProxy (tst_runtimestate), and against
// HAProxy 2.6 itself (tst_haproxysession).

// One server's line of `show stat` (CSV; the columns found by the header's names, so that a
// version that adds columns still parses).
struct ServerStat {
    QByteArray backend;
    QByteArray server;
    int serverId = 0;  // sid: the servers' order in the backend
    QByteArray status; // "UP", "DOWN 1/2", "MAINT", "DRAIN", "no check", "NOLB", ...
    int weight = 0;    // effective weight
    int sessions = 0;  // scur
    quint64 totalSessions = 0;
    quint64 errors = 0;     // econ + eresp + hrsp_5xx, the gateway's attempt errors
    QByteArray address;     // addr: "127.0.0.1:8081"
    QByteArray checkStatus; // "L4OK", "L7STS", "L4CON", empty without checks
    int checkCode = 0;      // the check's HTTP status, 0 if none
    qint64 checkDurationMs = -1;
    QByteArray checkDescription;
};

// A backend's own line of `show stat` (svname BACKEND).
struct BackendStat {
    QByteArray backend;
    QByteArray algorithm; // "roundrobin", "leastconn", "source", ...
};

struct ShowStat {
    QList<BackendStat> backends;
    QList<ServerStat> servers;    // in the answer's order: by backend, then sid
    quint64 frontendRequests = 0; // req_tot over the frontends
    int frontendSessions = 0;     // scur over the frontends
};

// One line of `show servers state`: what show stat does not say exactly, the admin state.
struct ServerState {
    QByteArray backend;
    QByteArray server;
    int operationalState = 0; // srv_op_state: 0 stopped, 1 starting, 2 running, 3 stopping
    int adminFlags = 0;       // srv_admin_state: the SRV_ADMF_* bits
    int userWeight = 0;       // srv_uweight: the weight set by the config or `set server`
};

struct ShowStatResult {
    std::optional<ShowStat> stat;
    QString error; // "not an answer to show stat: …"
};

struct ServersStateResult {
    std::optional<QList<ServerState>> states;
    QString error;
};

ShowStatResult parseShowStat(const QByteArray &answer);
ServersStateResult parseServersState(const QByteArray &answer);

// The admin state from srv_admin_state: any maintenance bit (forced, inherited, from the
// config, resolution) is Disabled; a drain bit (forced or inherited) is Draining.
AdminState adminStateFromFlags(int adminFlags);

// The snapshot: a route per backend (its id the backend's name), an instance per server in sid
// order; the export's 404 backend (`no_route` without servers) is left out, being no route.
// description names HAProxy and its socket in GatewaySnapshot::configFile.
GatewaySnapshot haproxySnapshot(const ShowStat &stat, const QList<ServerState> &states,
                                const QString &description);

// The HAProxy answer's first line, shortened, to quote in a message.
QString quotedStart(const QByteArray &answer);
