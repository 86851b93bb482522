// Clients that try to exhaust the gateway (slowloris, stalled bodies, readers that stop, idle
// crowds, clients that vanish, more clients than max_connections): each gets the answer the
// limits promise, and nobody else pays for it. Oversized and malformed requests and a head that
// never completes are in tst_proxylimits; a slow reader's bounded memory in tst_proxystreaming.
#include "gatewayfixture.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <memory>
#include <vector>

class TestAbusiveClients final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void answersTrickledHeadWith408();
    void answersStalledBodyWith408();
    void cutsClientThatStopsReading();
    void closesManyIdleConnections();
    void closesUpstreamWhenClientVanishesMidBody();
    void holdsNewClientsAtMaxConnections();

private:
    void startGateway(int maxConnections = LimitsConfig{}.maxConnections);

    std::unique_ptr<ScriptedBackend> m_backend;
    std::unique_ptr<GatewayFixture> m_gateway;
};

namespace {

// Small limits so that each abuse meets its limit quickly. The response timeout is long on
// purpose: a stalled body must be answered at the idle timeout, not blamed on the instance.
constexpr std::chrono::milliseconds headerTimeout{300};
constexpr std::chrono::milliseconds idleTimeout{300};
constexpr std::chrono::milliseconds responseTimeout{60000};
// Trickle pace: the whole head would take 20× the header timeout at one byte per tick.
constexpr int trickleTickMs = 30;
// Far more than the socket buffers between the backend and a client that reads nothing.
constexpr qint64 hugeBodyBytes = qint64(256) * 1024 * 1024;

} // namespace

void TestAbusiveClients::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestAbusiveClients::init() {
    m_backend = std::make_unique<ScriptedBackend>("b");
}

void TestAbusiveClients::cleanup() {
    m_gateway.reset();
    m_backend.reset();
}

void TestAbusiveClients::startGateway(int maxConnections) {
    m_gateway = std::make_unique<GatewayFixture>();
    GatewayConfig config = GatewayFixture::singleRouteConfig({m_backend->url()});
    config.limits.headerTimeout = headerTimeout;
    config.limits.idleTimeout = idleTimeout;
    config.limits.responseTimeout = responseTimeout;
    config.limits.maxConnections = maxConnections;
    QVERIFY2(m_gateway->start(config), qPrintable(m_gateway->startError()));
}

void TestAbusiveClients::answersTrickledHeadWith408() {
    // Slowloris: every byte arrives well within any per-read timeout, the head never does.
    startGateway();
    const QByteArray padding = "X-Padding: " + QByteArray(150, 'p') + "\r\n";
    const QByteArray head = RawClient::request("GET", "/svc", padding);
    QVERIFY(head.size() * trickleTickMs > 20 * headerTimeout.count());

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, m_gateway->port());
    QVERIFY(client.waitForConnected());
    qsizetype sent = 0;
    QTimer trickle;
    trickle.setInterval(trickleTickMs);
    connect(&trickle, &QTimer::timeout, &client, [&] {
        // Stops at the first byte of an answer, so that no byte races the gateway's close.
        if (client.bytesAvailable() > 0 || client.waitForReadyRead(0) ||
            client.state() != QAbstractSocket::ConnectedState || sent == head.size()) {
            trickle.stop();
            return;
        }
        client.write(head.constData() + sent++, 1);
    });
    trickle.start();
    QVERIFY(waitUntil([&] { return !trickle.isActive(); }, 20 * int(headerTimeout.count())));
    QVERIFY2(sent < head.size(), "the whole head went out before any answer");
    QVERIFY(waitUntil([&] { return client.state() == QAbstractSocket::UnconnectedState; },
                      defaultWaitMs));
    const QByteArray answer = client.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 408 "), answer.constData());
    QVERIFY(answer.contains("\r\nConnection: close\r\n"));
    QCOMPARE(m_backend->connectionsAccepted(), 0);
    QVERIFY(m_gateway->waitForRecords(1));
    QCOMPARE(m_gateway->records().first().outcome, Outcome::HeaderTimeout);
}

void TestAbusiveClients::answersStalledBodyWith408() {
    startGateway();
    RawClient client(m_gateway->port());
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("POST", "/svc", "Content-Length: 1000\r\n") +
                QByteArray(100, 'x'));
    QVERIFY(waitUntil([&] { return m_backend->connectionsAccepted() == 1; }, defaultWaitMs));

    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 408);
    QCOMPARE(response.headers.value("connection"), QByteArray("close"));
    QVERIFY(client.waitForDisconnected());
    // The instance never saw a whole request, and its half-fed connection is not kept.
    QVERIFY(waitUntil([&] { return m_backend->connectionsClosed() == 1; }, defaultWaitMs));
    QCOMPARE(m_backend->requests().size(), 0);
    QVERIFY(m_gateway->waitForRecords(1));
    QCOMPARE(m_gateway->records().first().outcome, Outcome::BodyTimeout);

    // The client's stall did not count against the instance (one failure would mark it down).
    const ParsedResponse next =
        RawClient::exchangeOnce(m_gateway->port(), RawClient::request("GET", "/svc"));
    QVERIFY2(next.complete, next.error.constData());
    QCOMPARE(next.status, 200);
}

void TestAbusiveClients::cutsClientThatStopsReading() {
    m_backend->setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.generatedBodyBytes = hugeBodyBytes;
    });
    startGateway();
    QTcpSocket client;
    // Qt stops reading the descriptor once this much is buffered: the client reads nothing more.
    client.setReadBufferSize(1024);
    client.connectToHost(QHostAddress::LocalHost, m_gateway->port());
    QVERIFY(client.waitForConnected());
    client.write(RawClient::request("GET", "/svc"));

    // Cut at the idle timeout, the upstream connection closed rather than drained into memory.
    QVERIFY(m_gateway->waitForRecords(1, 20 * int(idleTimeout.count())));
    const RequestRecord &record = m_gateway->records().first();
    QCOMPARE(record.outcome, Outcome::SendTimeout);
    QCOMPARE(record.status, 200);
    QVERIFY(record.bytesOut < hugeBodyBytes / 4);
    QVERIFY(waitUntil([&] { return m_backend->connectionsClosed() == 1; }, defaultWaitMs));
}

void TestAbusiveClients::closesManyIdleConnections() {
    startGateway();
    constexpr int clientCount = 50;
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < clientCount; ++i) {
        clients.push_back(std::make_unique<RawClient>(m_gateway->port()));
        QVERIFY(clients.back()->waitForConnected());
        clients.back()->send(RawClient::request("GET", "/svc"));
        const ParsedResponse response = clients.back()->readResponse();
        QVERIFY2(response.complete, response.error.constData());
        QVERIFY(clients.back()->isOpen());
    }
    // Each was kept alive after its response, and each is closed once idle for idleTimeout.
    for (const std::unique_ptr<RawClient> &client : clients)
        QVERIFY(client->waitForDisconnected(20 * int(idleTimeout.count())));
    QCOMPARE(m_gateway->records().size(), clientCount);
}

void TestAbusiveClients::closesUpstreamWhenClientVanishesMidBody() {
    startGateway();
    {
        RawClient client(m_gateway->port());
        QVERIFY(client.waitForConnected());
        client.send(RawClient::request("PUT", "/svc/half", "Content-Length: 2000\r\n") +
                    QByteArray(1000, 'h'));
        QVERIFY(waitUntil([&] { return m_backend->connectionsAccepted() == 1; }, defaultWaitMs));
    } // the client closes with half of the body sent

    // The upstream connection carries half a request: it is closed promptly, never pooled.
    QVERIFY(waitUntil([&] { return m_backend->connectionsClosed() == 1; }, 1000));
    QCOMPARE(m_backend->requests().size(), 0);
    QVERIFY(m_gateway->waitForRecords(1));
    QCOMPARE(m_gateway->records().first().outcome, Outcome::ClientClosed);

    // The next request gets a fresh connection and arrives whole.
    const ParsedResponse next =
        RawClient::exchangeOnce(m_gateway->port(), RawClient::request("GET", "/svc/next"));
    QVERIFY2(next.complete, next.error.constData());
    QCOMPARE(next.status, 200);
    QCOMPARE(m_backend->requests().size(), 1);
    QCOMPARE(m_backend->requests().first().target, QByteArray("/next"));
    QCOMPARE(m_backend->requests().first().connectionIndex, 1);
}

void TestAbusiveClients::holdsNewClientsAtMaxConnections() {
    // Documented behaviour: at max_connections the gateway stops accepting; new clients wait in
    // the kernel's backlog and connections already open are served as before.
    constexpr int maxConnections = 3;
    startGateway(maxConnections);
    std::vector<std::unique_ptr<RawClient>> open;
    for (int i = 0; i < maxConnections; ++i) {
        open.push_back(std::make_unique<RawClient>(m_gateway->port()));
        QVERIFY(open.back()->waitForConnected());
        open.back()->send(RawClient::request("GET", "/svc"));
        QCOMPARE(open.back()->readResponse().status, 200);
    }

    RawClient waiting(m_gateway->port());
    QVERIFY(waiting.waitForConnected()); // the kernel completes the handshake
    waiting.send(RawClient::request("GET", "/svc/waiting"));
    waiting.startResponse();
    // Every open connection keeps being served while the new one waits.
    for (int round = 0; round < 3; ++round) {
        for (const std::unique_ptr<RawClient> &client : open) {
            client->send(RawClient::request("GET", "/svc"));
            const ParsedResponse response = client->readResponse();
            QVERIFY2(response.complete, response.error.constData());
            QCOMPARE(response.status, 200);
        }
    }
    QCOMPARE(m_backend->requests().size(), 4 * maxConnections);
    QVERIFY(waiting.isOpen());

    open.front().reset(); // one slot frees up: the waiting client is accepted and served
    const ParsedResponse response = waiting.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(m_backend->requests().last().target, QByteArray("/waiting"));
}

QTEST_GUILESS_MAIN(TestAbusiveClients)
#include "tst_abusiveclients.moc"
