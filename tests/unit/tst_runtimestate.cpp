// runtimestate.h: HAProxy's `show stat` and `show servers state` answers read by the names of
// their columns, and the GatewaySnapshot built from them (a route per backend, an instance per
// server with its admin state, weight, sessions, errors and last check). Against HAProxy 2.6
// itself: tst_haproxysession.
#include "haproxy/runtimestate.h"

#include <QTest>

namespace {

// The columns the parser reads, in HAProxy 2.6's order, with others between them.
const QByteArray statHeader =
    "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,"
    "wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,"
    "lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,"
    "hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,"
    "check_desc,addr,algo,\n";

// One line of statHeader's columns.
QByteArray statLine(const QByteArray &proxy, const QByteArray &server, int type, int sid,
                    const QByteArray &status, int weight, int scur, int stot, int econ, int eresp,
                    int hrsp5xx, const QByteArray &checkStatus, int checkCode,
                    const QByteArray &address, const QByteArray &algo, int reqTot = 0) {
    QList<QByteArray> f(53);
    f[0] = proxy;
    f[1] = server;
    f[4] = QByteArray::number(scur);
    f[7] = QByteArray::number(stot);
    f[13] = QByteArray::number(econ);
    f[14] = QByteArray::number(eresp);
    f[17] = status;
    f[18] = QByteArray::number(weight);
    f[28] = QByteArray::number(sid);
    f[32] = QByteArray::number(type);
    f[36] = checkStatus;
    f[37] = checkCode ? QByteArray::number(checkCode) : QByteArray();
    f[38] = checkStatus.isEmpty() ? QByteArray() : "3";
    f[43] = QByteArray::number(hrsp5xx);
    f[48] = QByteArray::number(reqTot);
    f[49] = checkStatus == "L4CON" ? "Connection refused" : "";
    f[50] = address;
    f[51] = algo;
    return f.join(',') + '\n';
}

const QByteArray statesHeader =
    "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight "
    "srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health "
    "srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord "
    "srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n";

QByteArray stateLine(const QByteArray &backend, int serverId, const QByteArray &server, int opState,
                     int adminFlags, int weight) {
    return "3 " + backend + ' ' + QByteArray::number(serverId) + ' ' + server + " 127.0.0.1 " +
           QByteArray::number(opState) + ' ' + QByteArray::number(adminFlags) + ' ' +
           QByteArray::number(weight) + ' ' + QByteArray::number(weight) +
           " 5 1 0 2 0 0 0 0 - 18001 - 0 0 - - 0\n";
}

} // namespace

class TestRuntimeState final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showStatListsBackendsAndServers();
    void showStatRefusesOtherAnswers_data();
    void showStatRefusesOtherAnswers();
    void serversStateReadsAdminFlags();
    void serversStateRefusesOtherAnswers_data();
    void serversStateRefusesOtherAnswers();
    void adminStateFromFlags_data();
    void adminStateFromFlags();
    void snapshotHasARoutePerBackend();
    void snapshotLeavesOutTheExportedNoRouteBackend();
};

void TestRuntimeState::showStatListsBackendsAndServers() {
    const QByteArray answer =
        statHeader +
        statLine("gateway", "FRONTEND", 0, 0, "OPEN", 0, 2, 9, 0, 0, 0, "", 0, "", "", 40) +
        statLine("rr", "alpha", 2, 1, "UP", 1, 1, 20, 1, 2, 3, "L4OK", 0, "127.0.0.1:8081", "") +
        statLine("rr", "beta", 2, 2, "DOWN", 3, 0, 5, 0, 0, 0, "L4CON", 0, "127.0.0.1:8082", "") +
        statLine("rr", "BACKEND", 1, 0, "UP", 4, 1, 25, 0, 0, 0, "", 0, "", "roundrobin") + "\n";
    const ShowStatResult result = parseShowStat(answer);
    QVERIFY2(result.stat, qPrintable(result.error));
    const ShowStat &stat = *result.stat;
    QCOMPARE(stat.frontendRequests, 40u);
    QCOMPARE(stat.frontendSessions, 2);
    QCOMPARE(stat.backends.size(), 1);
    QCOMPARE(stat.backends[0].backend, QByteArray("rr"));
    QCOMPARE(stat.backends[0].algorithm, QByteArray("roundrobin"));
    QCOMPARE(stat.servers.size(), 2);
    const ServerStat &alpha = stat.servers[0];
    QCOMPARE(alpha.server, QByteArray("alpha"));
    QCOMPARE(alpha.serverId, 1);
    QCOMPARE(alpha.status, QByteArray("UP"));
    QCOMPARE(alpha.sessions, 1);
    QCOMPARE(alpha.totalSessions, 20u);
    QCOMPARE(alpha.errors, 6u); // econ + eresp + 5xx
    QCOMPARE(alpha.address, QByteArray("127.0.0.1:8081"));
    QCOMPARE(alpha.checkStatus, QByteArray("L4OK"));
    QCOMPARE(alpha.checkDurationMs, 3);
    QCOMPARE(stat.servers[1].checkDescription, QByteArray("Connection refused"));
}

void TestRuntimeState::showStatRefusesOtherAnswers_data() {
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("error");
    QTest::newRow("HTTP server")
        << QByteArray("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        << QStringLiteral("not an answer to show stat: 'HTTP/1.1 400 Bad Request'");
    QTest::newRow("no admin level")
        << QByteArray("Permission denied\n\n")
        << QStringLiteral("not an answer to show stat: 'Permission denied'");
    QTest::newRow("empty") << QByteArray()
                           << QStringLiteral("not an answer to show stat: an empty answer");
    QTest::newRow("no status column") << QByteArray("# pxname,svname,scur,\nrr,alpha,0,\n")
                                      << QStringLiteral("show stat has no column 'stot'");
    QTest::newRow("short line") << statHeader + "rr,alpha,0\n"
                                << QStringLiteral("show stat line 2 has 3 fields, the header 53");
}

void TestRuntimeState::showStatRefusesOtherAnswers() {
    QFETCH(QByteArray, answer);
    QFETCH(QString, error);
    const ShowStatResult result = parseShowStat(answer);
    QVERIFY(!result.stat);
    QCOMPARE(result.error, error);
}

void TestRuntimeState::serversStateReadsAdminFlags() {
    const ServersStateResult result =
        parseServersState(statesHeader + stateLine("rr", 1, "alpha", 2, 0, 1) +
                          stateLine("rr", 2, "beta", 0, 1, 3) + "\n");
    QVERIFY2(result.states, qPrintable(result.error));
    QCOMPARE(result.states->size(), 2);
    const ServerState &beta = result.states->at(1);
    QCOMPARE(beta.backend, QByteArray("rr"));
    QCOMPARE(beta.server, QByteArray("beta"));
    QCOMPARE(beta.operationalState, 0);
    QCOMPARE(beta.adminFlags, 1);
    QCOMPARE(beta.userWeight, 3);
}

void TestRuntimeState::serversStateRefusesOtherAnswers_data() {
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("error");
    QTest::newRow("show stat's answer")
        << statHeader
        << QStringLiteral("not an answer to show servers state: '# "
                          "pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,"
                          "econ,eres...'");
    QTest::newRow("garbled server line")
        << statesHeader + "3 rr 1 alpha 127.0.0.1 up\n"
        << QStringLiteral(
               "show servers state line 3 is not a server's: '3 rr 1 alpha 127.0.0.1 up'");
}

void TestRuntimeState::serversStateRefusesOtherAnswers() {
    QFETCH(QByteArray, answer);
    QFETCH(QString, error);
    const ServersStateResult result = parseServersState(answer);
    QVERIFY(!result.states);
    QCOMPARE(result.error, error);
}

void TestRuntimeState::adminStateFromFlags_data() {
    QTest::addColumn<int>("flags");
    QTest::addColumn<AdminState>("state");
    QTest::newRow("ready") << 0 << AdminState::Enabled;
    QTest::newRow("forced maint") << 0x01 << AdminState::Disabled;
    QTest::newRow("config: disabled") << 0x04 << AdminState::Disabled;
    QTest::newRow("forced drain") << 0x08 << AdminState::Draining;
    QTest::newRow("drain in maint") << 0x09 << AdminState::Disabled;
    QTest::newRow("inherited drain") << 0x10 << AdminState::Draining;
}

void TestRuntimeState::adminStateFromFlags() {
    QFETCH(int, flags);
    QFETCH(AdminState, state);
    QCOMPARE(::adminStateFromFlags(flags), state);
}

void TestRuntimeState::snapshotHasARoutePerBackend() {
    const QByteArray statAnswer =
        statHeader +
        statLine("rr", "alpha", 2, 1, "UP", 1, 1, 20, 0, 0, 0, "L4OK", 0, "127.0.0.1:8081", "") +
        statLine("rr", "beta", 2, 2, "DRAIN", 0, 0, 5, 0, 0, 0, "", 0, "127.0.0.1:8082", "") +
        statLine("rr", "gamma", 2, 3, "UP", 3, 0, 5, 0, 0, 0, "", 0, "127.0.0.1:8083", "") +
        statLine("rr", "BACKEND", 1, 0, "UP", 4, 1, 25, 0, 0, 0, "", 0, "", "roundrobin") +
        statLine("sticky", "one", 2, 1, "DOWN", 1, 0, 0, 0, 0, 0, "L7STS", 500, "127.0.0.1:8084",
                 "") +
        statLine("sticky", "BACKEND", 1, 0, "DOWN", 0, 0, 0, 0, 0, 0, "", 0, "", "source");
    const QByteArray statesAnswer = statesHeader + stateLine("rr", 1, "alpha", 2, 0, 1) +
                                    stateLine("rr", 2, "beta", 2, 0x08, 2) +
                                    stateLine("rr", 3, "gamma", 2, 0, 3) +
                                    stateLine("sticky", 1, "one", 0, 0, 1);
    const GatewaySnapshot snapshot =
        haproxySnapshot(*parseShowStat(statAnswer).stat, *parseServersState(statesAnswer).states,
                        QStringLiteral("HAProxy at x"));
    QVERIFY(snapshot.running);
    QCOMPARE(snapshot.configFile, QStringLiteral("HAProxy at x"));
    QCOMPARE(snapshot.routes.size(), 2);
    const RouteSnapshot &rr = snapshot.routes[0];
    QCOMPARE(rr.id, QStringLiteral("rr"));
    QCOMPARE(rr.strategy, StrategyKind::WeightedRoundRobin);
    QCOMPARE(rr.backends.size(), 3);
    QCOMPARE(rr.backends[0].name, QStringLiteral("alpha"));
    QCOMPARE(rr.backends[0].index, 0);
    QCOMPARE(rr.backends[0].url, QStringLiteral("http://127.0.0.1:8081"));
    QCOMPARE(rr.backends[0].health, Health::Up);
    QVERIFY(rr.backends[0].lastCheck.ok);
    QCOMPARE(rr.backends[0].activeRequests, 1);
    QCOMPARE(rr.backends[0].requests, 20u);
    // Not measured by HAProxy (its statistics have averages only), rather than a 0 µs median.
    QCOMPARE(rr.backends[0].latencyP50Us, -1);
    QCOMPARE(rr.backends[0].latencyP99Us, -1);
    // The weight the user set, not the effective 0 of a draining server.
    QCOMPARE(rr.backends[1].adminState, AdminState::Draining);
    QCOMPARE(rr.backends[1].weight, 2);
    QCOMPARE(rr.backends[1].health, Health::Unknown); // no checks
    // Shares among those that take new requests: alpha 1, gamma 3.
    QCOMPARE(rr.backends[0].expectedShare, 0.25);
    QCOMPARE(rr.backends[1].expectedShare, 0.0);
    QCOMPARE(rr.backends[2].expectedShare, 0.75);
    QVERIFY(rr.backends[0].id != rr.backends[1].id);
    const RouteSnapshot &sticky = snapshot.routes[1];
    QCOMPARE(sticky.strategy, StrategyKind::IpHash);
    QCOMPARE(sticky.backends[0].health, Health::Down);
    QCOMPARE(sticky.backends[0].lastCheck.status, 500);
    QVERIFY(!sticky.backends[0].lastCheck.ok);
    QCOMPARE(sticky.backends[0].expectedShare, 0.0);
    QVERIFY(sticky.backends[0].id != rr.backends[0].id);
}

void TestRuntimeState::snapshotLeavesOutTheExportedNoRouteBackend() {
    // The export's 404 backend, without servers: no route. A backend of that name with a server
    // is not the export's and stays.
    const QByteArray exported =
        statHeader +
        statLine("route_a", "one", 2, 1, "UP", 1, 0, 0, 0, 0, 0, "", 0, "127.0.0.1:8081", "") +
        statLine("route_a", "BACKEND", 1, 0, "UP", 1, 0, 0, 0, 0, 0, "", 0, "", "roundrobin") +
        statLine("no_route", "BACKEND", 1, 0, "UP", 0, 0, 0, 0, 0, 0, "", 0, "", "roundrobin");
    const QByteArray states = statesHeader + stateLine("route_a", 1, "one", 2, 0, 1);
    GatewaySnapshot snapshot =
        haproxySnapshot(*parseShowStat(exported).stat, *parseServersState(states).states,
                        QStringLiteral("HAProxy at x"));
    QCOMPARE(snapshot.routes.size(), 1);
    QCOMPARE(snapshot.routes[0].id, QStringLiteral("route_a"));

    const QByteArray someoneElses =
        statHeader +
        statLine("no_route", "one", 2, 1, "UP", 1, 0, 0, 0, 0, 0, "", 0, "127.0.0.1:8081", "") +
        statLine("no_route", "BACKEND", 1, 0, "UP", 1, 0, 0, 0, 0, 0, "", 0, "", "roundrobin");
    snapshot = haproxySnapshot(
        *parseShowStat(someoneElses).stat,
        *parseServersState(statesHeader + stateLine("no_route", 1, "one", 2, 0, 1)).states,
        QStringLiteral("HAProxy at x"));
    QCOMPARE(snapshot.routes.size(), 1);
    QCOMPARE(snapshot.routes[0].id, QStringLiteral("no_route"));
    QCOMPARE(snapshot.routes[0].backends.size(), 1);
}

QTEST_GUILESS_MAIN(TestRuntimeState)
#include "tst_runtimestate.moc"
