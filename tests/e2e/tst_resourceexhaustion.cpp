// The gateway out of file descriptors: an exchange that cannot open its upstream connection gets
// 503 with the reason (and the instance is not blamed), the listener pauses instead of retrying
// accept() in a loop, resumes when a connection closes or its retry timer fires, and everything
// works again once descriptors are free; a server that could not make its epoll set does not
// listen at all. The admin API's listener does the same. The gateway runs
// in this process (its worker thread), so lowering this process's RLIMIT_NOFILE starves it.
#include "gatewayfixture.h"
#include "proxy/exchangeobserver.h"
#include "proxy/proxyserver.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSet>
#include <QTest>
#include <QUrl>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

class TestResourceExhaustion final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void upstreamWithoutDescriptorIs503();
    void acceptBacksOffAndRecovers();
    void adminAcceptBacksOffAndRecovers();
    void healthProbeWithoutSocketBlamesNoOne();
    void serverWithoutAnEpollSetDoesNotListen();
};

namespace {

const QByteArray tooManyOpenFiles = "cannot open a connection: too many open files";

// Lowers this process's soft RLIMIT_NOFILE so that only `spare` more descriptors can be opened,
// and restores it when destroyed. The kernel hands out the lowest free number and refuses one
// at or above the limit, so the limit is the lowest free number plus spare; every number below
// the lowest free one is in use by definition.
class DescriptorBudget final {
public:
    DescriptorBudget() { m_ok = ::getrlimit(RLIMIT_NOFILE, &m_saved) == 0; }
    ~DescriptorBudget() { restore(); }
    DescriptorBudget(const DescriptorBudget &) = delete;
    DescriptorBudget &operator=(const DescriptorBudget &) = delete;

    bool leave(int spare) {
        const int lowestFree = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (!m_ok || lowestFree < 0)
            return false;
        ::close(lowestFree);
        rlimit limit = m_saved;
        limit.rlim_cur = rlim_t(lowestFree + spare);
        m_lowered = ::setrlimit(RLIMIT_NOFILE, &limit) == 0;
        return m_lowered;
    }
    void restore() {
        if (std::exchange(m_lowered, false))
            ::setrlimit(RLIMIT_NOFILE, &m_saved);
    }

private:
    rlimit m_saved{};
    bool m_ok = false;
    bool m_lowered = false;
};

// A connection to the gateway on a bare descriptor, which stays open (and counted against the
// budget) after the gateway closes its end, unlike a QTcpSocket's. Closed when destroyed.
class BareConnection final {
public:
    explicit BareConnection(quint16 port) {
        m_descriptor = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (m_descriptor >= 0 &&
            ::connect(m_descriptor, reinterpret_cast<const sockaddr *>(&address), sizeof address) !=
                0) {
            ::close(std::exchange(m_descriptor, -1));
        }
    }
    ~BareConnection() {
        if (m_descriptor >= 0)
            ::close(m_descriptor);
    }
    BareConnection(const BareConnection &) = delete;
    BareConnection &operator=(const BareConnection &) = delete;

    bool isConnected() const { return m_descriptor >= 0; }
    bool send(QByteArrayView bytes) {
        return ::send(m_descriptor, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL) ==
               bytes.size();
    }

private:
    int m_descriptor = -1;
};

// The backend closes every connection after its answer, so that the gateway keeps no idle
// upstream connection and the next request needs a new socket.
void closeAfterEachAnswer(ScriptedBackend &backend) {
    backend.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.body = "b";
        reply.connection = BackendReply::Connection::Close;
    });
}

// One request through every code path the test then takes without descriptors. Under
// UndefinedBehaviorSanitizer this matters: the first check of a virtual call of each type asks
// the kernel whether the memory is readable through a pipe(), which fails without descriptors
// and would be reported as an invalid object; later checks of that type are cached.
bool warmUp(GatewayFixture &gateway) {
    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/svc/warm-up"));
    return response.complete && response.status == 200 &&
           gateway.waitForSnapshot(
               [](const GatewaySnapshot &snapshot) { return snapshot.openConnections == 0; });
}

// warmUp() for the admin API, which must also have finished closing the warm-up's connection
// before descriptors run out: that close is the first call of its kind, and made while starved
// it was reported as "member call on address … which does not point to an object of type
// QObject" on the live AdminConnection. The gateway closes this one (Connection: close); the
// snapshot asked for after the client saw the close is answered by the worker thread only once
// the call that closed it has returned.
bool warmUpAdmin(GatewayFixture &gateway, quint16 adminPort) {
    RawClient client(adminPort);
    if (!client.waitForConnected())
        return false;
    client.send(RawClient::request("GET", "/api/state", "Connection: close\r\n"));
    const ParsedResponse response = client.readResponse();
    return response.complete && response.status == 200 && client.waitForDisconnected() &&
           gateway.waitForSnapshot([](const GatewaySnapshot &) { return true; });
}

GatewayConfig configFor(const ScriptedBackend &backend) {
    GatewayConfig config = GatewayFixture::singleRouteConfig({backend.url()});
    // Nothing the test waits for may run into a deadline.
    config.limits.headerTimeout = std::chrono::milliseconds(60000);
    config.limits.idleTimeout = std::chrono::milliseconds(60000);
    return config;
}

// The proxy's tests start the same: the gateway in front of backend, which closes after each
// answer, warmed up. Empty, or what failed.
QString startWarmedUp(GatewayFixture &gateway, ScriptedBackend &backend) {
    closeAfterEachAnswer(backend);
    if (!gateway.start(configFor(backend)))
        return gateway.startError();
    return warmUp(gateway) ? QString() : QStringLiteral("the warm-up request failed");
}

// For a listener (the proxy's or the admin API's) out of descriptors since elapsed started, with
// a client waiting in its backlog: it paused, and its timer retried once (which failed and paused
// again), but never more than once per half retry interval; a listener that retried at once would
// pause thousands of times. The bound follows from the time that passed, so a slow machine only
// raises it. Empty, or what failed.
QString checkAcceptBacksOff(GatewayFixture &gateway, const QElapsedTimer &elapsed) {
    if (!gateway.waitForSnapshot(
            [](const GatewaySnapshot &snapshot) { return snapshot.acceptPauses >= 2; }))
        return QStringLiteral("accepting never paused twice");
    const GatewaySnapshot paused = gateway.controller().lastSnapshot();
    const qint64 maximumPauses = 2 + elapsed.elapsed() / (ProxyServer::acceptRetryMs / 2);
    if (paused.acceptPauses > quint64(maximumPauses))
        return QStringLiteral("%1 pauses in %2 ms").arg(paused.acceptPauses).arg(elapsed.elapsed());
    return {};
}

} // namespace

void TestResourceExhaustion::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false\n"
                                                    "gateway.proxy.warning=false\n"
                                                    "gateway.admin.warning=false\n"
                                                    "gateway.health.warning=false"));
}

// The socket for the upstream connection cannot be created. This crashed the gateway: the pool
// dropped the failed connection before the exchange attached to it, and the connect deadline
// later released freed memory (ASan: heap-use-after-free).
void TestResourceExhaustion::upstreamWithoutDescriptorIs503() {
    ScriptedBackend backend("b");
    GatewayFixture gateway;
    const QString started = startWarmedUp(gateway, backend);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    QVERIFY(gateway.waitForSnapshot(
        [](const GatewaySnapshot &snapshot) { return snapshot.openConnections == 1; }));

    DescriptorBudget budget;
    QVERIFY(budget.leave(0));
    client.send(RawClient::request("GET", "/svc/a"));
    const ParsedResponse response = client.readResponse();
    budget.restore();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 503);
    QVERIFY2(response.body.bytes().contains(tooManyOpenFiles), response.body.bytes().constData());

    QVERIFY(gateway.waitForRecords(2));
    const RequestRecord &record = gateway.records().last();
    QCOMPARE(record.outcome, Outcome::OutOfResources);
    QCOMPARE(record.status, 503);
    QVERIFY2(formatReason(record).contains(tooManyOpenFiles), formatReason(record).constData());
    QCOMPARE(record.attempts.size(), 1);
    QCOMPARE(record.attempts.first().error, tooManyOpenFiles);
    QCOMPARE(backend.connectionsAccepted(), 1); // the warm-up's

    // The gateway's shortage is not the instance's fault: no error, no passive-health failure.
    QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
        const RouteSnapshot *route = snapshot.findRoute("svc");
        return route && route->backends[0].requests == 2;
    }));
    const BackendSnapshot instance =
        gateway.controller().lastSnapshot().findRoute("svc")->backends[0];
    QCOMPARE(instance.attemptErrors, quint64(0));
    QVERIFY(instance.health != Health::Down);
    QCOMPARE(instance.activeRequests, 0);

    // Descriptors free again: the same connection is served.
    client.send(RawClient::request("GET", "/svc/b"));
    const ParsedResponse served = client.readResponse();
    QVERIFY2(served.complete, served.error.constData());
    QCOMPARE(served.status, 200);
    QCOMPARE(served.body.bytes(), QByteArray("b"));
}

// accept() fails (EMFILE) while a client waits in the kernel's backlog. The listener pauses and
// retries after ProxyServer::acceptRetryMs or when a connection closes: at most one pause per
// retry, never a loop (checkAcceptBacksOff()).
void TestResourceExhaustion::acceptBacksOffAndRecovers() {
    ScriptedBackend backend("b");
    GatewayFixture gateway;
    const QString started = startWarmedUp(gateway, backend);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    BareConnection first(gateway.port());
    QVERIFY(first.isConnected());
    QVERIFY(gateway.waitForSnapshot(
        [](const GatewaySnapshot &snapshot) { return snapshot.openConnections == 1; }));

    QElapsedTimer elapsed;
    elapsed.start();
    DescriptorBudget budget;
    QVERIFY(budget.leave(1)); // the waiting client's own socket takes the last one
    RawClient waiting(gateway.port());
    QVERIFY(waiting.waitForConnected()); // the kernel completes it; the gateway cannot accept
    const QString backedOff = checkAcceptBacksOff(gateway, elapsed);
    QVERIFY2(backedOff.isEmpty(), qPrintable(backedOff));
    QCOMPARE(gateway.controller().lastSnapshot().openConnections, 1);

    // The gateway closes the first connection (a malformed request: 400 and close), which frees
    // one descriptor: accepting resumes at once and takes it, so the waiting client is served,
    // but with no descriptor left for its upstream connection.
    QVERIFY(first.send("not http\r\n\r\n"));
    waiting.send(RawClient::request("GET", "/svc/late"));
    const ParsedResponse starved = waiting.readResponse();
    QVERIFY2(starved.complete, starved.error.constData());
    QCOMPARE(starved.status, 503);
    QVERIFY2(starved.body.bytes().contains(tooManyOpenFiles), starved.body.bytes().constData());

    // Descriptors free again: served as usual, and new clients are accepted.
    budget.restore();
    waiting.send(RawClient::request("GET", "/svc/again"));
    QCOMPARE(waiting.readResponse().status, 200);
    const ParsedResponse fresh =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/svc/fresh"));
    QCOMPARE(fresh.status, 200);
    QCOMPARE(fresh.body.bytes(), QByteArray("b"));
}

// An active health probe that cannot create its socket finishes at once as a failed check
// ("no socket: too many open files" in last_check) and is never reported ok, but the gateway's
// shortage counts neither for nor against the instance: with fall 2, three such probes in a
// row leave it up (README, "Active health checks"). Probes pass again once descriptors are free.
void TestResourceExhaustion::healthProbeWithoutSocketBlamesNoOne() {
    ScriptedBackend backend("b");
    GatewayConfig config = configFor(backend);
    HealthCheckConfig check;
    check.path = "/health";
    check.interval = std::chrono::milliseconds(50);
    check.timeout = std::chrono::milliseconds(1000);
    check.rise = 1;
    check.fall = 2;
    config.routes[0].healthCheck = check;
    config.routes[0].passiveHealth.maxFails = 0;
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));
    const auto instance = [&gateway] {
        return gateway.controller().lastSnapshot().findRoute("svc")->backends[0];
    };
    QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
        const BackendSnapshot &backend = snapshot.findRoute("svc")->backends[0];
        return backend.activeHealth == Health::Up && backend.lastCheck.ok;
    }));

    QSet<QDateTime> withoutSocket; // the times of the probes seen without a socket
    bool everOk = false;
    bool everDown = false;
    DescriptorBudget budget;
    QVERIFY(budget.leave(0));
    const bool seen = gateway.waitForSnapshot([&](const GatewaySnapshot &snapshot) {
        const BackendSnapshot &backend = snapshot.findRoute("svc")->backends[0];
        everDown = everDown || backend.activeHealth != Health::Up || backend.health != Health::Up;
        if (backend.lastCheck.noSocket) {
            everOk = everOk || backend.lastCheck.ok;
            withoutSocket.insert(backend.lastCheck.at);
        }
        return withoutSocket.size() >= 3;
    });
    const BackendSnapshot starved = instance();
    budget.restore();
    QVERIFY(seen);
    QVERIFY(!everOk);
    QVERIFY(!everDown);
    QVERIFY2(starved.lastCheck.error.startsWith("no socket: "),
             starved.lastCheck.error.constData());
    QVERIFY2(starved.lastCheck.error.contains("too many open files"),
             starved.lastCheck.error.constData());
    QCOMPARE(starved.lastCheck.status, 0);

    // Descriptors free again: the probes reach the instance and pass.
    QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
        const BackendSnapshot &backend = snapshot.findRoute("svc")->backends[0];
        return backend.lastCheck.ok && !backend.lastCheck.noSocket;
    }));
    QCOMPARE(instance().activeHealth, Health::Up);
}

// The admin API out of descriptors. Its QTcpServer used to accept by itself, and after EMFILE it
// either spun on accept() or stopped accepting for good. It now pauses as the proxy's listener
// does (BackoffAcceptor), counted in the same accept_pauses, and answers again once
// descriptors are free; checkAcceptBacksOff() bounds its pauses as the proxy's.
// Made without a descriptor left, the server has no epoll set to watch connections in: it does
// not listen (every connection it accepted would be closed at once), and says why.
void TestResourceExhaustion::serverWithoutAnEpollSetDoesNotListen() {
    class IgnoringObserver final : public ExchangeObserver {
        void exchangeFinished(RequestRecord &&) override {}
        void exchangeCaptured(CapturedExchange &&) override {}
        void attemptFinished(Route &, Backend &, bool) override {}
    } observer;
    DescriptorBudget budget;
    QVERIFY(budget.leave(0));
    ProxyServer server(LimitsConfig{}, observer);
    budget.restore();
    QVERIFY(!server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(!server.isListening());
    QCOMPARE(server.listenError(),
             QStringLiteral("no epoll set to watch connections in (epoll_create1: %1)")
                 .arg(QString::fromLocal8Bit(std::strerror(EMFILE))));
}

void TestResourceExhaustion::adminAcceptBacksOffAndRecovers() {
    ScriptedBackend backend("b");
    GatewayConfig config = configFor(backend);
    config.admin = ListenAddress{QHostAddress::LocalHost, 0};
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));
    QVERIFY(gateway.waitForSnapshot(
        [](const GatewaySnapshot &snapshot) { return !snapshot.adminUrl.isEmpty(); }));
    const auto adminPort = quint16(QUrl(gateway.controller().lastSnapshot().adminUrl).port());
    const QByteArray stateRequest = RawClient::request("GET", "/api/state");
    QVERIFY(warmUpAdmin(gateway, adminPort));

    QElapsedTimer elapsed;
    elapsed.start();
    DescriptorBudget budget;
    QVERIFY(budget.leave(1)); // the waiting client's own socket takes the last one
    RawClient waiting(adminPort);
    QVERIFY(waiting.waitForConnected()); // the kernel completes it; the gateway cannot accept
    const QString backedOff = checkAcceptBacksOff(gateway, elapsed);
    QVERIFY2(backedOff.isEmpty(), qPrintable(backedOff));

    // Descriptors free again: the waiting client is accepted at the next retry and answered,
    // and new clients are too.
    budget.restore();
    waiting.send(stateRequest);
    const ParsedResponse answered = waiting.readResponse();
    QVERIFY2(answered.complete, answered.error.constData());
    QCOMPARE(answered.status, 200);
    QCOMPARE(RawClient::exchangeOnce(adminPort, stateRequest).status, 200);
}

QTEST_GUILESS_MAIN(TestResourceExhaustion)
#include "tst_resourceexhaustion.moc"
