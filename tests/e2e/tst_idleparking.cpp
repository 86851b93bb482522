// Idle keep-alive connections rest in the IdleParking (outside Qt's event dispatcher, without
// their socket notifiers; docs/ARCHITECTURE.md "Idle connections") and come back whole: their next
// request, their client's close, the idle timeout and a stop all reach them; connections that
// are not idle are never parked.
#include "gatewayfixture.h"
#include "proxy/clientconnection.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QLoggingCategory>
#include <QTest>
#include <memory>
#include <vector>

class TestIdleParking final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void parkedConnectionServesItsNextRequest();
    void parkedConnectionClosedByItsClientIsClosed();
    void parkedConnectionMeetsTheIdleTimeout();
    void stopClosesParkedConnections();
    void manyParkedConnectionsWakeTogether();
    void busyConnectionsAreNotParked();

private:
    void startGateway(std::chrono::milliseconds idleTimeout = LimitsConfig{}.idleTimeout);
    // A connection that sent one request, got its answer and now waits for the next.
    std::unique_ptr<RawClient> idleClient(const QByteArray &target);
    bool waitForParked(int parked, int open);

    std::unique_ptr<ScriptedBackend> m_backend;
    std::unique_ptr<GatewayFixture> m_gateway;
};

namespace {
// Waits that include parking: the sweep parks a connection between parkAfterIdleMs and one
// sweep interval later.
constexpr int parkingWaitMs = int(ClientConnection::parkAfterIdleMs) + defaultWaitMs;
} // namespace

void TestIdleParking::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestIdleParking::init() {
    m_backend = std::make_unique<ScriptedBackend>("b");
}

void TestIdleParking::cleanup() {
    m_gateway.reset();
    m_backend.reset();
}

void TestIdleParking::startGateway(std::chrono::milliseconds idleTimeout) {
    m_gateway = std::make_unique<GatewayFixture>();
    GatewayConfig config = GatewayFixture::singleRouteConfig({m_backend->url()});
    config.limits.idleTimeout = idleTimeout;
    QVERIFY2(m_gateway->start(config), qPrintable(m_gateway->startError()));
}

std::unique_ptr<RawClient> TestIdleParking::idleClient(const QByteArray &target) {
    auto client = std::make_unique<RawClient>(m_gateway->port());
    if (!client->waitForConnected())
        return nullptr;
    client->send(RawClient::request("GET", target));
    const ParsedResponse response = client->readResponse();
    if (!response.complete || response.status != 200 || !client->isOpen())
        return nullptr;
    return client;
}

bool TestIdleParking::waitForParked(int parked, int open) {
    return m_gateway->waitForSnapshot(
        [parked, open](const GatewaySnapshot &snapshot) {
            return snapshot.parkedConnections == parked && snapshot.openConnections == open;
        },
        parkingWaitMs);
}

void TestIdleParking::parkedConnectionServesItsNextRequest() {
    startGateway();
    std::unique_ptr<RawClient> client = idleClient("/svc/first");
    QVERIFY(client);
    QVERIFY(waitForParked(1, 1));

    // Twice: a woken connection parks again when it rests again.
    for (const QByteArray &target : {QByteArray("/svc/second"), QByteArray("/svc/third")}) {
        client->send(RawClient::request("GET", target));
        const ParsedResponse response = client->readResponse();
        QVERIFY2(response.complete, response.error.constData());
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body.bytes(), QByteArray("b"));
        QVERIFY(client->isOpen());
        QVERIFY(waitForParked(1, 1));
    }
    QCOMPARE(m_backend->requests().size(), 3);
    QCOMPARE(m_backend->requests().last().target, QByteArray("/third"));
}

void TestIdleParking::parkedConnectionClosedByItsClientIsClosed() {
    startGateway();
    std::unique_ptr<RawClient> client = idleClient("/svc");
    QVERIFY(client);
    QVERIFY(waitForParked(1, 1));
    client.reset(); // the client closes its end
    QVERIFY(waitForParked(0, 0));
}

void TestIdleParking::parkedConnectionMeetsTheIdleTimeout() {
    // Long enough to be parked first, short enough for the test.
    const std::chrono::milliseconds idleTimeout{ClientConnection::parkAfterIdleMs + 3000};
    startGateway(idleTimeout);
    std::unique_ptr<RawClient> client = idleClient("/svc");
    QVERIFY(client);
    QVERIFY(waitForParked(1, 1));
    QVERIFY(client->waitForDisconnected(int(idleTimeout.count()) + defaultWaitMs));
    QVERIFY(waitForParked(0, 0));
}

void TestIdleParking::stopClosesParkedConnections() {
    startGateway();
    std::unique_ptr<RawClient> client = idleClient("/svc");
    QVERIFY(client);
    QVERIFY(waitForParked(1, 1));
    // Far longer than the wait: only closing the parked connection at once ends the stop in
    // time (the grace period's end would close it too, but much later).
    QVERIFY(m_gateway->stop(std::chrono::milliseconds(60000), defaultWaitMs));
    QVERIFY(client->waitForDisconnected());
}

void TestIdleParking::manyParkedConnectionsWakeTogether() {
    // Sent in one pass of this thread's event loop, so the wake-ups most likely come in more
    // than one batch of 64: every connection gets its own answer.
    constexpr int clientCount = 150;
    startGateway();
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < clientCount; ++i) {
        clients.push_back(idleClient("/svc/" + QByteArray::number(i)));
        QVERIFY(clients.back());
    }
    QVERIFY(waitForParked(clientCount, clientCount));
    for (int i = 0; i < clientCount; ++i) {
        const QByteArray target = "/svc/again/" + QByteArray::number(i);
        clients[i]->send(RawClient::request("GET", target));
        clients[i]->startResponse();
    }
    for (int i = 0; i < clientCount; ++i) {
        const ParsedResponse response = clients[i]->readResponse();
        QVERIFY2(response.complete, response.error.constData());
        QCOMPARE(response.status, 200);
    }
    QCOMPARE(m_backend->requests().size(), 2 * clientCount);
}

void TestIdleParking::busyConnectionsAreNotParked() {
    startGateway();
    m_backend->setHandler([](const ReceivedRequest &request, BackendReply &reply) {
        if (request.target == "/held")
            reply.kind = BackendReply::Kind::NoAnswer;
    });
    // Waiting for its response.
    RawClient waiting(m_gateway->port());
    QVERIFY(waiting.waitForConnected());
    waiting.send(RawClient::request("GET", "/svc/held"));
    QVERIFY(m_backend->waitForRequests(1));
    // Half a request head sent.
    RawClient halfway(m_gateway->port());
    QVERIFY(halfway.waitForConnected());
    halfway.send("GET /svc/halfway HTTP/1.1\r\nHost: x\r\n");
    // Idle, connected after both: once it is parked, the sweep has seen the other two rest
    // longer than parkAfterIdleMs, and left them.
    std::unique_ptr<RawClient> idle = idleClient("/svc/idle");
    QVERIFY(idle);
    QVERIFY(waitForParked(1, 3));

    halfway.send("\r\n");
    const ParsedResponse response = halfway.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QVERIFY(waiting.isOpen());
}

QTEST_GUILESS_MAIN(TestIdleParking)
#include "tst_idleparking.moc"
