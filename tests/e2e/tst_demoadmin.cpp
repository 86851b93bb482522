// Fault injection of the demo instances through the admin API (/api/demo): each command
// observably changes what the instance answers, and bad commands are refused with the field or
// port they got wrong. The admin API runs in the gateway's worker, the instances in the demo
// thread: these endpoints answer after a round trip between the two.
#include "gatewayfixture.h"
#include "rawclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTest>

class TestDemoAdmin final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listsInstances();
    void killRefusesConnectsAndReviveRestores();
    void latencyHoldsResponses();
    void errorRate100AnswersEvery500();
    void resetCutsResponsesShort();
    void rejectsBadCommands_data();
    void rejectsBadCommands();
    void withoutDemoSectionIsConflict();
    void pipelinedRequestsStayInOrder();

private:
    ParsedResponse send(const QByteArray &method, const QByteArray &target,
                        const QByteArray &body = QByteArray());
    QJsonObject instance(quint16 port);

    std::unique_ptr<GatewayFixture> m_gateway;
    quint16 m_adminPort = 0;
    QList<quint16> m_demoPorts;
};

namespace {

QJsonObject jsonOf(const ParsedResponse &response) {
    return QJsonDocument::fromJson(response.body.bytes()).object();
}

QByteArray withBody(const QByteArray &method, const QByteArray &target, const QByteArray &body) {
    const QByteArray contentLength = "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return RawClient::request(method, target, contentLength) + body;
}

// A request straight to a demo instance, not through the gateway.
ParsedResponse askInstance(quint16 port) {
    return RawClient::exchangeOnce(port, RawClient::request("GET", "/hello"));
}

bool connectRefused(quint16 port) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return !socket.waitForConnected(defaultWaitMs) &&
           socket.error() == QAbstractSocket::ConnectionRefusedError;
}

} // namespace

void TestDemoAdmin::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestDemoAdmin::init() {
    m_gateway = std::make_unique<GatewayFixture>();
    GatewayConfig config = GatewayFixture::baseConfig();
    config.admin = ListenAddress{QHostAddress::LocalHost, 0};
    config.demo.backendPorts = {0, 0};
    QVERIFY(m_gateway->start(config));
    QVERIFY(waitUntil([&] { return !m_gateway->controller().lastSnapshot().adminUrl.isEmpty(); },
                      defaultWaitMs));
    m_adminPort = quint16(QUrl(m_gateway->controller().lastSnapshot().adminUrl).port());
    const ParsedResponse listed = send("GET", "/api/demo");
    QCOMPARE(listed.status, 200);
    m_demoPorts.clear();
    for (const QJsonValue &entry : jsonOf(listed).value("instances").toArray())
        m_demoPorts.append(quint16(entry.toObject().value("port").toInt()));
    QCOMPARE(m_demoPorts.size(), 2);
}

void TestDemoAdmin::cleanup() {
    m_gateway.reset();
}

ParsedResponse TestDemoAdmin::send(const QByteArray &method, const QByteArray &target,
                                   const QByteArray &body) {
    return RawClient::exchangeOnce(m_adminPort, method == "GET" ? RawClient::request(method, target)
                                                                : withBody(method, target, body));
}

QJsonObject TestDemoAdmin::instance(quint16 port) {
    for (const QJsonValue &entry : jsonOf(send("GET", "/api/demo")).value("instances").toArray()) {
        if (entry.toObject().value("port").toInt() == port)
            return entry.toObject();
    }
    return {};
}

void TestDemoAdmin::listsInstances() {
    const quint16 port = m_demoPorts.first();
    QCOMPARE(askInstance(port).status, 200);
    const QJsonObject listed = instance(port);
    QCOMPARE(listed.value("alive").toBool(), true);
    QCOMPARE(listed.value("latency_ms").toInt(-1), 0);
    QCOMPARE(listed.value("error_rate_percent").toInt(-1), 0);
    QCOMPARE(listed.value("reset_mid_response").toBool(true), false);
    QCOMPARE(listed.value("requests_served").toInt(), 1);
    QCOMPARE(listed.value("responses_by_status").toObject().value("200").toInt(), 1);
    QCOMPARE(instance(m_demoPorts.last()).value("requests_served").toInt(-1), 0);
}

void TestDemoAdmin::killRefusesConnectsAndReviveRestores() {
    const quint16 port = m_demoPorts.first();
    const ParsedResponse killed = send("POST", "/api/demo/" + QByteArray::number(port) + "/kill");
    QCOMPARE(killed.status, 200);
    QCOMPARE(jsonOf(killed).value("port").toInt(), port);
    QCOMPARE(jsonOf(killed).value("alive").toBool(true), false);
    QVERIFY(connectRefused(port));
    QCOMPARE(askInstance(m_demoPorts.last()).status, 200); // the other one is untouched

    const ParsedResponse revived =
        send("POST", "/api/demo/" + QByteArray::number(port) + "/revive");
    QCOMPARE(revived.status, 200);
    QCOMPARE(jsonOf(revived).value("alive").toBool(), true);
    QCOMPARE(askInstance(port).status, 200);
}

void TestDemoAdmin::latencyHoldsResponses() {
    const quint16 port = m_demoPorts.first();
    const QByteArray path = "/api/demo/" + QByteArray::number(port) + "/latency";
    const ParsedResponse set = send("PUT", path, R"({"ms": 600000})");
    QCOMPARE(set.status, 200);
    QCOMPARE(jsonOf(set).value("latency_ms").toInt(), 600000);

    RawClient client(port);
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("GET", "/held"));
    client.startResponse();
    QVERIFY(waitUntil([&] { return instance(port).value("responses_pending").toInt() == 1; },
                      defaultWaitMs));
    QVERIFY(client.isOpen());

    // Back to no latency: new requests are answered at once, the held one stays held.
    QCOMPARE(send("PUT", path, R"({"ms": 0})").status, 200);
    QCOMPARE(askInstance(port).status, 200);
    QCOMPARE(instance(port).value("responses_pending").toInt(), 1);
}

void TestDemoAdmin::errorRate100AnswersEvery500() {
    const quint16 port = m_demoPorts.first();
    const QByteArray path = "/api/demo/" + QByteArray::number(port) + "/error-rate";
    const ParsedResponse set = send("PUT", path, R"({"percent": 100})");
    QCOMPARE(set.status, 200);
    QCOMPARE(jsonOf(set).value("error_rate_percent").toInt(), 100);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(askInstance(port).status, 500);
    QCOMPARE(send("PUT", path, R"({"percent": 0})").status, 200);
    QCOMPARE(askInstance(port).status, 200);
}

void TestDemoAdmin::resetCutsResponsesShort() {
    const quint16 port = m_demoPorts.first();
    const QByteArray path = "/api/demo/" + QByteArray::number(port) + "/reset-mid-response";
    const ParsedResponse set = send("PUT", path, R"({"enabled": true})");
    QCOMPARE(set.status, 200);
    QCOMPARE(jsonOf(set).value("reset_mid_response").toBool(), true);
    const ParsedResponse cut = askInstance(port);
    QVERIFY(cut.headReceived);
    QVERIFY(!cut.complete);
    QCOMPARE(instance(port).value("responses_reset").toInt(), 1);

    QCOMPARE(send("PUT", path, R"({"enabled": false})").status, 200);
    QVERIFY(askInstance(port).complete);
}

void TestDemoAdmin::rejectsBadCommands_data() {
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target"); // PORT: the first demo instance's port
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("unknown port") << QByteArray("POST") << QByteArray("/api/demo/1/kill")
                                  << QByteArray() << 404
                                  << QStringLiteral("no demo instance on port 1");
    QTest::newRow("port not a number") << QByteArray("POST") << QByteArray("/api/demo/abc/kill")
                                       << QByteArray() << 400 << QStringLiteral("port:");
    QTest::newRow("port out of range") << QByteArray("POST") << QByteArray("/api/demo/70000/revive")
                                       << QByteArray() << 400 << QStringLiteral("port:");
    QTest::newRow("body not JSON") << QByteArray("PUT") << QByteArray("/api/demo/PORT/latency")
                                   << QByteArray("{ms: 1}") << 400 << QStringLiteral("body:");
    QTest::newRow("ms missing") << QByteArray("PUT") << QByteArray("/api/demo/PORT/latency")
                                << QByteArray("{}") << 400 << QStringLiteral("ms: missing");
    QTest::newRow("ms negative") << QByteArray("PUT") << QByteArray("/api/demo/PORT/latency")
                                 << QByteArray(R"({"ms": -1})") << 400 << QStringLiteral("ms:");
    QTest::newRow("ms fractional") << QByteArray("PUT") << QByteArray("/api/demo/PORT/latency")
                                   << QByteArray(R"({"ms": 1.5})") << 400 << QStringLiteral("ms:");
    QTest::newRow("percent over 100")
        << QByteArray("PUT") << QByteArray("/api/demo/PORT/error-rate")
        << QByteArray(R"({"percent": 101})") << 400 << QStringLiteral("percent:");
    QTest::newRow("enabled not a bool")
        << QByteArray("PUT") << QByteArray("/api/demo/PORT/reset-mid-response")
        << QByteArray(R"({"enabled": "yes"})") << 400
        << QStringLiteral("enabled: expected true or false");
    QTest::newRow("unknown port with a good body")
        << QByteArray("PUT") << QByteArray("/api/demo/1/error-rate")
        << QByteArray(R"({"percent": 5})") << 404 << QStringLiteral("port 1");
    QTest::newRow("wrong method") << QByteArray("GET") << QByteArray("/api/demo/PORT/kill")
                                  << QByteArray() << 405 << QStringLiteral("not allowed");
}

void TestDemoAdmin::rejectsBadCommands() {
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, mentions);
    target.replace("PORT", QByteArray::number(m_demoPorts.first()));
    const ParsedResponse response = send(method, target, body);
    QCOMPARE(response.status, status);
    const QString error = jsonOf(response).value("error").toString();
    QVERIFY2(error.contains(mentions), qPrintable(error));
    // Nothing changed.
    const QJsonObject unchanged = instance(m_demoPorts.first());
    QCOMPARE(unchanged.value("alive").toBool(), true);
    QCOMPARE(unchanged.value("latency_ms").toInt(-1), 0);
    QCOMPARE(unchanged.value("error_rate_percent").toInt(-1), 0);
}

void TestDemoAdmin::withoutDemoSectionIsConflict() {
    GatewayFixture plain;
    GatewayConfig config = GatewayFixture::baseConfig();
    config.admin = ListenAddress{QHostAddress::LocalHost, 0};
    QVERIFY(plain.start(config));
    QVERIFY(waitUntil([&] { return !plain.controller().lastSnapshot().adminUrl.isEmpty(); },
                      defaultWaitMs));
    const quint16 adminPort = quint16(QUrl(plain.controller().lastSnapshot().adminUrl).port());
    for (const QByteArray &request :
         {RawClient::request("GET", "/api/demo"),
          withBody("POST", "/api/demo/" + QByteArray::number(m_demoPorts.first()) + "/kill", {})}) {
        const ParsedResponse response = RawClient::exchangeOnce(adminPort, request);
        QCOMPARE(response.status, 409);
        QVERIFY(jsonOf(response).value("error").toString().contains(QStringLiteral("demo:")));
    }
    QCOMPARE(askInstance(m_demoPorts.first()).status, 200);
}

void TestDemoAdmin::pipelinedRequestsStayInOrder() {
    // A deferred answer holds back the next request on the connection, so answers keep their
    // order even though the demo ones come back from another thread.
    const QByteArray port = QByteArray::number(m_demoPorts.first());
    RawClient client(m_adminPort);
    QVERIFY(client.waitForConnected());
    client.send(withBody("PUT", "/api/demo/" + port + "/error-rate", R"({"percent": 100})") +
                RawClient::request("GET", "/api/state") +
                withBody("PUT", "/api/demo/" + port + "/error-rate", R"({"percent": 50})") +
                RawClient::request("GET", "/api/demo"));
    const ParsedResponse first = client.readResponse();
    const ParsedResponse second = client.readResponse();
    const ParsedResponse third = client.readResponse();
    const ParsedResponse fourth = client.readResponse();
    QCOMPARE(jsonOf(first).value("error_rate_percent").toInt(), 100);
    QVERIFY(jsonOf(second).contains("routes"));
    QCOMPARE(jsonOf(third).value("error_rate_percent").toInt(), 50);
    QCOMPARE(jsonOf(fourth).value("instances").toArray().size(), 2);
}

QTEST_GUILESS_MAIN(TestDemoAdmin)
#include "tst_demoadmin.moc"
