#include "admin/adminserver.h"
#include "gateway/gateway.h"
#include "http/httpparser.h"
#include "listenbacklog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <optional>

namespace {

constexpr int waitMs = 5000;

struct HttpReply {
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// A client over a real socket that reads responses with the project's own parser, so that the
// framing of keep-alive responses is checked as strictly as the proxy checks a backend's.
class HttpClient final : private HttpParserListener {
public:
    explicit HttpClient(quint16 port)
        : m_parser(HttpParser::Kind::Response, this) {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    // The next responses answer HEAD requests.
    void expectHeadResponses() { m_parser.setAnsweringHead(true); }

    // Runs the event loop (the servers live in this thread) until a whole response arrived;
    // nullopt if the connection closed first or nothing came.
    std::optional<HttpReply> readReply() {
        const bool ended = QTest::qWaitFor(
            [this] {
                pump();
                return !m_replies.isEmpty() || m_failed ||
                       m_socket.state() == QAbstractSocket::UnconnectedState;
            },
            waitMs);
        if (!ended || m_replies.isEmpty())
            return std::nullopt;
        return m_replies.takeFirst();
    }

    bool waitUntilClosed() {
        return QTest::qWaitFor(
            [this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, waitMs);
    }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

private:
    void pump() {
        m_buffer.append(m_socket.readAll());
        while (!m_buffer.isEmpty() && !m_failed) {
            const HttpParser::Result result = m_parser.feed(m_buffer);
            m_buffer.remove(0, result.consumed);
            if (result.status == HttpParser::Status::Paused) {
                m_parser.resume();
                continue;
            }
            if (result.status == HttpParser::Status::Failed) {
                qWarning() << "bad response:" << m_parser.error().message;
                m_failed = true;
            }
            return;
        }
    }

    bool onHeadComplete(const HttpMessageHead &head) override {
        m_current = HttpReply{};
        m_current.status = head.statusCode();
        for (qsizetype i = 0; i < head.headerCount(); ++i)
            m_current.headers.insert(head.headerName(i).toByteArray().toLower(),
                                     head.headerValue(i).toByteArray());
        return true;
    }
    void onBody(QByteArrayView data) override { m_current.body.append(data); }
    void onMessageComplete() override { m_replies.append(m_current); }

    QTcpSocket m_socket;
    HttpParser m_parser;
    QByteArray m_buffer;
    HttpReply m_current;
    QList<HttpReply> m_replies;
    bool m_failed = false;
};

QByteArray request(QByteArrayView method, QByteArrayView target, QByteArrayView extraHeaders = {}) {
    QByteArray bytes;
    bytes.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    bytes.append(extraHeaders).append("\r\n");
    return bytes;
}

// One request on its own connection.
std::optional<HttpReply> exchange(quint16 port, QByteArrayView method, QByteArrayView target,
                                  QByteArrayView extraHeaders = {}) {
    HttpClient client(port);
    client.send(request(method, target, extraHeaders));
    return client.readReply();
}

// A backend instance answering every request head with 200 "ok" (the requests sent to it here
// have no body).
class TestBackend final : public QObject {
public:
    TestBackend() {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto pending = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, socket, [socket, pending] {
                    pending->append(socket->readAll());
                    for (qsizetype end; (end = pending->indexOf("\r\n\r\n")) >= 0;) {
                        pending->remove(0, end + 4);
                        socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                    }
                });
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }

private:
    QTcpServer m_server;
};

TargetConfig target(quint16 port, const QString &name, int weight = 1) {
    return {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), weight, name};
}

// svc: one instance, the test backend. pair: two instances nobody connects to (no health
// checks, no traffic). api/v1: an id with a '/', addressed percent-encoded.
GatewayConfig makeConfig(quint16 backendPort) {
    GatewayConfig config;
    config.sourceFile = QStringLiteral("/test/gateway.yaml");
    config.listen = {QHostAddress::LocalHost, 0};
    RouteConfig svc;
    svc.id = QStringLiteral("svc");
    svc.path = "/svc";
    svc.targets = {target(backendPort, QStringLiteral("s0"))};
    RouteConfig pair;
    pair.id = QStringLiteral("pair");
    pair.path = "/pair";
    pair.strategy = StrategyKind::WeightedRoundRobin;
    pair.targets = {target(1, QStringLiteral("p0")), target(2, QStringLiteral("p1"), 3)};
    RouteConfig versioned;
    versioned.id = QStringLiteral("api/v1");
    versioned.path = "/api/v1";
    versioned.targets = {target(3, QStringLiteral("v0"))};
    config.routes = {svc, pair, versioned};
    return config;
}

// "name{labels}" → value, for every sample line of a /metrics body.
QHash<QByteArray, QByteArray> metricSamples(const QByteArray &text) {
    QHash<QByteArray, QByteArray> samples;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        samples.insert(line.first(space), line.sliced(space + 1));
    }
    return samples;
}

AdminState adminStateOf(const Gateway &gateway, const QString &routeId, int index) {
    return gateway.snapshot().findRoute(routeId)->backends.at(index).adminState;
}

} // namespace

class TestAdminServer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void urlNamesTheListener();
    void listenFailureNamesTheAddress();
    void stateJson();
    void proxiedRequestIsCounted();
    void resultsAreCountedApart();
    void disableThenEnable_data();
    void disableThenEnable();
    void errorStatuses_data();
    void errorStatuses();
    void stoppedGatewayIsConflict();
    void metricsFormat();
    void exportsTheRunningConfig_data();
    void exportsTheRunningConfig();
    void exportOfAnUnknownEngineNamesTheValidOnes();
    void keepAlive();
    void pipelinedRequestsAnsweredInOrder();
    void connectionCloseIsHonoured_data();
    void connectionCloseIsHonoured();
    void malformedRequest_data();
    void malformedRequest();
    void headHasNoBody();
    void incompleteRequestTimesOut();
    void idleConnectionIsClosed();
    void closeDropsConnections();
    void answersOnlyItsOwnHost_data();
    void answersOnlyItsOwnHost();
    void connectionsOverTheLimitGet503();
    void listensWithALargeBacklog();
    void warnsWhenBoundBeyondLoopback();
    void refusesTheGatewayAsItsOwnInstance_data();
    void refusesTheGatewayAsItsOwnInstance();
    void failedReloadIsReported();

private:
    quint16 adminPort() const { return quint16(QUrl(m_admin->url()).port()); }

    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<Gateway> m_gateway;
    std::unique_ptr<AdminServer> m_admin;
    QString m_listenUrl;
};

void TestAdminServer::init() {
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
    m_gateway = std::make_unique<Gateway>();
    QSignalSpy started(m_gateway.get(), &Gateway::started);
    m_gateway->start(makeConfig(m_backend->port()));
    QCOMPARE(started.size(), 1);
    m_listenUrl = started.at(0).at(0).toString();
    m_admin = std::make_unique<AdminServer>(*m_gateway);
    QString error;
    QVERIFY2(m_admin->listen({QHostAddress::LocalHost, 0}, &error), qPrintable(error));
}

void TestAdminServer::cleanup() {
    m_admin.reset();
    m_gateway.reset();
    m_backend.reset();
}

void TestAdminServer::urlNamesTheListener() {
    QVERIFY(m_admin->isListening());
    QVERIFY(adminPort() != 0);
    QCOMPARE(m_admin->url(), QStringLiteral("http://127.0.0.1:%1").arg(adminPort()));
}

void TestAdminServer::listenFailureNamesTheAddress() {
    AdminServer second(*m_gateway);
    QString error;
    QVERIFY(!second.listen({QHostAddress::LocalHost, adminPort()}, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot listen on 127.0.0.1:%1: ").arg(adminPort())),
             qPrintable(error));
    QVERIFY(!second.isListening());
    QVERIFY(second.url().isEmpty());
    QVERIFY(!second.listen({QHostAddress::LocalHost, adminPort()}, nullptr));
}

void TestAdminServer::stateJson() {
    const std::optional<HttpReply> reply = exchange(adminPort(), "GET", "/api/state");
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(reply->headers.value("cache-control"), QByteArray("no-store"));
    const QJsonObject state = reply->json();
    QCOMPARE(state.value(QLatin1String("running")), QJsonValue(true));
    QCOMPARE(state.value(QLatin1String("listen_url")).toString(), m_listenUrl);
    QCOMPARE(state.value(QLatin1String("config_file")).toString(),
             QStringLiteral("/test/gateway.yaml"));
    QVERIFY(QDateTime::fromString(state.value(QLatin1String("started_at")).toString(),
                                  Qt::ISODateWithMs)
                .isValid());
    QCOMPARE(state.value(QLatin1String("total_requests")), QJsonValue(0));
    QCOMPARE(state.value(QLatin1String("open_connections")), QJsonValue(0));

    const QJsonArray routes = state.value(QLatin1String("routes")).toArray();
    QStringList ids;
    for (const QJsonValue &route : routes)
        ids.append(route.toObject().value(QLatin1String("id")).toString());
    QCOMPARE(ids, (QStringList{QStringLiteral("svc"), QStringLiteral("pair"),
                               QStringLiteral("api/v1")}));

    const QJsonObject pair = routes.at(1).toObject();
    QCOMPARE(pair.value(QLatin1String("path")).toString(), QStringLiteral("/pair"));
    QCOMPARE(pair.value(QLatin1String("strategy")).toString(),
             QStringLiteral("weighted_round_robin"));
    const QJsonObject second = pair.value(QLatin1String("backends")).toArray().at(1).toObject();
    QCOMPARE(second.value(QLatin1String("index")), QJsonValue(1));
    QCOMPARE(second.value(QLatin1String("name")).toString(), QStringLiteral("p1"));
    QCOMPARE(second.value(QLatin1String("url")).toString(), QStringLiteral("http://127.0.0.1:2"));
    QCOMPARE(second.value(QLatin1String("weight")), QJsonValue(3));
    QCOMPARE(second.value(QLatin1String("admin_state")).toString(), QStringLiteral("enabled"));
    QCOMPARE(second.value(QLatin1String("health")).toString(), QStringLiteral("unknown"));
    QCOMPARE(second.value(QLatin1String("requests")), QJsonValue(0));
    QVERIFY(second.value(QLatin1String("id")).isDouble());
}

void TestAdminServer::proxiedRequestIsCounted() {
    const QUrl listen(m_listenUrl);
    const std::optional<HttpReply> proxied = exchange(quint16(listen.port()), "GET", "/svc/x");
    QVERIFY(proxied);
    QCOMPARE(proxied->status, 200);
    QCOMPARE(proxied->body, QByteArray("ok"));

    const std::optional<HttpReply> state = exchange(adminPort(), "GET", "/api/state");
    QVERIFY(state);
    const QJsonObject json = state->json();
    QCOMPARE(json.value(QLatin1String("total_requests")), QJsonValue(1));
    const QJsonObject backend = json.value(QLatin1String("routes"))
                                    .toArray()
                                    .at(0)
                                    .toObject()
                                    .value(QLatin1String("backends"))
                                    .toArray()
                                    .at(0)
                                    .toObject();
    QCOMPARE(backend.value(QLatin1String("requests")), QJsonValue(1));
    QCOMPARE(backend.value(QLatin1String("attempt_errors")), QJsonValue(0));
    QVERIFY(backend.value(QLatin1String("latency_p50_ms")).toDouble() > 0);
    QVERIFY(backend.value(QLatin1String("latency_p99_ms")).toDouble() > 0);
}

// README, "What the counts mean": one request of each kind, and what /api/state and /metrics
// make of them.
void TestAdminServer::resultsAreCountedApart() {
    const quint16 proxyPort = quint16(QUrl(m_listenUrl).port());
    const std::optional<HttpReply> served = exchange(proxyPort, "GET", "/svc/x");
    QVERIFY(served);
    QCOMPARE(served->status, 200);
    const std::optional<HttpReply> unmatched = exchange(proxyPort, "GET", "/favicon.ico");
    QVERIFY(unmatched);
    QCOMPARE(unmatched->status, 404);
    // Both instances of pair refuse the connection: two attempt errors, one failed request.
    const std::optional<HttpReply> refused = exchange(proxyPort, "GET", "/pair/x");
    QVERIFY(refused);
    QCOMPARE(refused->status, 502);

    const std::optional<HttpReply> state = exchange(adminPort(), "GET", "/api/state");
    QVERIFY(state);
    const QJsonObject json = state->json();
    QCOMPARE(json.value(QLatin1String("total_requests")), QJsonValue(3));
    QCOMPARE(json.value(QLatin1String("failed_requests")), QJsonValue(1));
    QCOMPARE(json.value(QLatin1String("client_errors")), QJsonValue(1));
    QCOMPARE(json.value(QLatin1String("attempt_errors")), QJsonValue(2));
    const QJsonArray pair = json.value(QLatin1String("routes"))
                                .toArray()
                                .at(1)
                                .toObject()
                                .value(QLatin1String("backends"))
                                .toArray();
    for (const QJsonValue &instance : pair)
        QCOMPARE(instance.toObject().value(QLatin1String("attempt_errors")), QJsonValue(1));

    const std::optional<HttpReply> metrics = exchange(adminPort(), "GET", "/metrics");
    QVERIFY(metrics);
    const QHash<QByteArray, QByteArray> samples = metricSamples(metrics->body);
    QCOMPARE(samples.value("gateway_finished_requests_total"), QByteArray("3"));
    QCOMPARE(samples.value("gateway_failed_requests_total"), QByteArray("1"));
    QCOMPARE(samples.value("gateway_client_errors_total"), QByteArray("1"));
    QCOMPARE(samples.value(R"(gateway_attempt_errors_total{route="pair",backend="p0",index="0"})"),
             QByteArray("1"));
}

void TestAdminServer::disableThenEnable_data() {
    QTest::addColumn<QByteArray>("encodedRoute");
    QTest::addColumn<QString>("routeId");
    QTest::addColumn<int>("index");

    QTest::newRow("first instance") << QByteArray("pair") << QStringLiteral("pair") << 0;
    QTest::newRow("second instance") << QByteArray("pair") << QStringLiteral("pair") << 1;
    QTest::newRow("route id with a slash")
        << QByteArray("api%2Fv1") << QStringLiteral("api/v1") << 0;
}

void TestAdminServer::disableThenEnable() {
    QFETCH(QByteArray, encodedRoute);
    QFETCH(QString, routeId);
    QFETCH(int, index);

    const QByteArray base =
        "/api/routes/" + encodedRoute + "/backends/" + QByteArray::number(index);
    std::optional<HttpReply> reply = exchange(adminPort(), "POST", QByteArray(base + "/disable"));
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->json().value(QLatin1String("index")), QJsonValue(index));
    QCOMPARE(reply->json().value(QLatin1String("admin_state")).toString(),
             QStringLiteral("disabled"));
    QVERIFY(reply->json().value(QLatin1String("admin_state_changed_at")).isString());
    QCOMPARE(adminStateOf(*m_gateway, routeId, index), AdminState::Disabled);
    // Only the addressed instance changed.
    QCOMPARE(adminStateOf(*m_gateway, QStringLiteral("svc"), 0), AdminState::Enabled);
    if (routeId == QStringLiteral("pair"))
        QCOMPARE(adminStateOf(*m_gateway, routeId, 1 - index), AdminState::Enabled);

    reply = exchange(adminPort(), "POST", QByteArray(base + "/enable"));
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->json().value(QLatin1String("admin_state")).toString(),
             QStringLiteral("enabled"));
    QCOMPARE(adminStateOf(*m_gateway, routeId, index), AdminState::Enabled);
}

void TestAdminServer::errorStatuses_data() {
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("allow");
    QTest::addColumn<QString>("message");

    QTest::newRow("unknown route")
        << QByteArray("POST") << QByteArray("/api/routes/nope/backends/0/disable") << QByteArray()
        << 404 << QByteArray() << QStringLiteral("no route 'nope'");
    QTest::newRow("unknown instance")
        << QByteArray("POST") << QByteArray("/api/routes/pair/backends/2/disable") << QByteArray()
        << 404 << QByteArray() << QStringLiteral("no instance 2");
    QTest::newRow("non-numeric index")
        << QByteArray("POST") << QByteArray("/api/routes/pair/backends/x/disable") << QByteArray()
        << 400 << QByteArray() << QStringLiteral("'x'");
    QTest::newRow("negative index")
        << QByteArray("POST") << QByteArray("/api/routes/pair/backends/-1/enable") << QByteArray()
        << 400 << QByteArray() << QStringLiteral("'-1'");
    QTest::newRow("signed index") << QByteArray("POST")
                                  << QByteArray("/api/routes/pair/backends/+1/disable")
                                  << QByteArray() << 400 << QByteArray() << QStringLiteral("'+1'");
    QTest::newRow("index beyond int")
        << QByteArray("POST") << QByteArray("/api/routes/pair/backends/99999999999/disable")
        << QByteArray() << 400 << QByteArray() << QStringLiteral("'99999999999'");
    QTest::newRow("GET on a command")
        << QByteArray("GET") << QByteArray("/api/routes/pair/backends/0/disable") << QByteArray()
        << 405 << QByteArray("POST") << QStringLiteral("GET");
    QTest::newRow("POST on the state")
        << QByteArray("POST") << QByteArray("/api/state") << QByteArray() << 405
        << QByteArray("GET, HEAD") << QStringLiteral("POST");
    QTest::newRow("DELETE on metrics")
        << QByteArray("DELETE") << QByteArray("/metrics") << QByteArray() << 405
        << QByteArray("GET, HEAD") << QStringLiteral("DELETE");
    QTest::newRow("unknown path") << QByteArray("GET") << QByteArray("/api/nothing") << QByteArray()
                                  << 404 << QByteArray() << QStringLiteral("/api/nothing");
    QTest::newRow("command from a web page")
        << QByteArray("POST") << QByteArray("/api/routes/pair/backends/0/disable")
        << QByteArray("Origin: http://evil.example\r\n") << 403 << QByteArray()
        << QStringLiteral("Origin");
}

void TestAdminServer::errorStatuses() {
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, headers);
    QFETCH(int, status);
    QFETCH(QByteArray, allow);
    QFETCH(QString, message);

    HttpClient client(adminPort());
    client.send(request(method, target, headers));
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, status);
    QCOMPARE(reply->headers.value("allow"), allow);
    QCOMPARE(reply->headers.value("content-type"), QByteArray("application/json"));
    const QString error = reply->json().value(QLatin1String("error")).toString();
    QVERIFY2(error.contains(message), qPrintable(error));
    // A refused request changes nothing, and the connection stays usable.
    for (const RouteSnapshot &route : m_gateway->snapshot().routes) {
        for (const BackendSnapshot &backend : route.backends)
            QCOMPARE(backend.adminState, AdminState::Enabled);
    }
    QVERIFY(!reply->headers.contains("connection"));
    client.send(request("GET", "/api/state"));
    const std::optional<HttpReply> next = client.readReply();
    QVERIFY(next);
    QCOMPARE(next->status, 200);
}

void TestAdminServer::stoppedGatewayIsConflict() {
    Gateway stopped;
    AdminServer admin(stopped);
    QVERIFY(admin.listen({QHostAddress::LocalHost, 0}, nullptr));
    const quint16 port = quint16(QUrl(admin.url()).port());

    const std::optional<HttpReply> command =
        exchange(port, "POST", "/api/routes/svc/backends/0/enable");
    QVERIFY(command);
    QCOMPARE(command->status, 409);
    QVERIFY(command->json().value(QLatin1String("error")).isString());

    const std::optional<HttpReply> state = exchange(port, "GET", "/api/state");
    QVERIFY(state);
    QCOMPARE(state->status, 200);
    QCOMPARE(state->json().value(QLatin1String("running")), QJsonValue(false));
}

void TestAdminServer::metricsFormat() {
    const quint16 proxyPort = quint16(QUrl(m_listenUrl).port());
    for (int i = 0; i < 2; ++i) {
        const std::optional<HttpReply> proxied = exchange(proxyPort, "GET", "/svc/");
        QVERIFY(proxied);
        QCOMPARE(proxied->status, 200);
    }
    QCOMPARE(exchange(adminPort(), "POST", "/api/routes/pair/backends/1/disable")->status, 200);

    const std::optional<HttpReply> reply = exchange(adminPort(), "GET", "/metrics");
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->headers.value("content-type"),
             QByteArray("text/plain; version=0.0.4; charset=utf-8"));
    const QHash<QByteArray, QByteArray> samples = metricSamples(reply->body);

    const QByteArray svc = R"(route="svc",backend="s0",index="0")";
    QCOMPARE(samples.value("gateway_requests_total{" + svc + '}'), QByteArray("2"));
    QCOMPARE(samples.value("gateway_attempt_errors_total{" + svc + '}'), QByteArray("0"));
    QCOMPARE(samples.value("gateway_active_requests{" + svc + '}'), QByteArray("0"));
    QCOMPARE(samples.value("gateway_backend_enabled{" + svc + '}'), QByteArray("1"));
    QCOMPARE(samples.value(R"(gateway_backend_enabled{route="pair",backend="p1",index="1"})"),
             QByteArray("0"));
    QCOMPARE(samples.value(R"(gateway_requests_total{route="api/v1",backend="v0",index="0"})"),
             QByteArray("0"));
    // No health checks ran, so no instance has an up/down sample.
    for (auto it = samples.cbegin(); it != samples.cend(); ++it)
        QVERIFY2(!it.key().startsWith("gateway_backend_up"), it.key().constData());
    QCOMPARE(samples.value("gateway_open_connections"), QByteArray("0"));

    // The histogram: cumulative buckets ending in +Inf, which equals _count.
    quint64 previous = 0;
    int buckets = 0;
    for (const qint64 bound : LatencyHistogram::boundsMicros) {
        const QByteArray le = QByteArray::number(double(bound) / 1e6, 'g', 10);
        const QByteArray key =
            "gateway_request_duration_seconds_bucket{" + svc + ",le=\"" + le + "\"}";
        QVERIFY2(samples.contains(key), key.constData());
        const quint64 count = samples.value(key).toULongLong();
        QVERIFY(count >= previous);
        previous = count;
        ++buckets;
    }
    QCOMPARE(buckets, 15);
    const QByteArray infinity =
        samples.value("gateway_request_duration_seconds_bucket{" + svc + R"(,le="+Inf"})");
    QCOMPARE(infinity, QByteArray("2"));
    QVERIFY(previous <= 2);
    QCOMPARE(samples.value("gateway_request_duration_seconds_count{" + svc + '}'), QByteArray("2"));
    QVERIFY(samples.value("gateway_request_duration_seconds_sum{" + svc + '}').toDouble() > 0);
}

void TestAdminServer::keepAlive() {
    HttpClient client(adminPort());
    client.send(request("GET", "/api/state"));
    const std::optional<HttpReply> first = client.readReply();
    QVERIFY(first);
    QCOMPARE(first->status, 200);
    QVERIFY(!first->headers.contains("connection"));
    QVERIFY(client.isConnected());

    client.send(request("POST", "/api/routes/pair/backends/0/disable"));
    const std::optional<HttpReply> second = client.readReply();
    QVERIFY(second);
    QCOMPARE(second->status, 200);
    QCOMPARE(adminStateOf(*m_gateway, QStringLiteral("pair"), 0), AdminState::Disabled);
    QVERIFY(client.isConnected());
}

void TestAdminServer::pipelinedRequestsAnsweredInOrder() {
    HttpClient client(adminPort());
    client.send(request("GET", "/api/state") + request("GET", "/metrics") +
                request("POST", "/api/routes/pair/backends/1/disable") +
                request("GET", "/nothing"));
    const std::optional<HttpReply> state = client.readReply();
    const std::optional<HttpReply> metrics = client.readReply();
    const std::optional<HttpReply> command = client.readReply();
    const std::optional<HttpReply> missing = client.readReply();
    QVERIFY(state && metrics && command && missing);
    QVERIFY(state->json().contains(QLatin1String("routes")));
    QVERIFY(metrics->body.startsWith("# HELP "));
    QCOMPARE(command->json().value(QLatin1String("admin_state")).toString(),
             QStringLiteral("disabled"));
    QCOMPARE(missing->status, 404);
}

void TestAdminServer::exportsTheRunningConfig_data() {
    QTest::addColumn<QByteArray>("engine");
    // How each engine says that pair's second instance (weight 3, changed to 5 at runtime) is
    // out.
    QTest::addColumn<QByteArray>("disabledLine");
    QTest::newRow("nginx") << QByteArray("nginx")
                           << QByteArray("server 127.0.0.1:2 weight=5 max_fails=1 "
                                         "fail_timeout=10s down; # #2 p1\n");
    QTest::newRow("haproxy") << QByteArray("haproxy")
                             << QByteArray("server p1 127.0.0.1:2 weight 5 disabled # #2\n");
}

void TestAdminServer::exportsTheRunningConfig() {
    QFETCH(QByteArray, engine);
    QFETCH(QByteArray, disabledLine);
    // Runtime changes are exported: a weight and an admin state.
    QVERIFY(m_gateway->setBackendWeight(QStringLiteral("pair"), 1, 5).ok());
    QVERIFY(m_gateway->setBackendAdminState(QStringLiteral("pair"), 1, AdminState::Disabled).ok());

    const std::optional<HttpReply> reply =
        exchange(adminPort(), "GET", QByteArray("/api/export/" + engine));
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->headers.value("content-type"), QByteArray("text/plain; charset=utf-8"));
    QVERIFY2(reply->body.contains("from /test/gateway.yaml."), reply->body.constData());
    QVERIFY2(reply->body.contains(disabledLine), reply->body.constData());
}

void TestAdminServer::exportOfAnUnknownEngineNamesTheValidOnes() {
    const std::optional<HttpReply> reply = exchange(adminPort(), "GET", "/api/export/envoy");
    QVERIFY(reply);
    QCOMPARE(reply->status, 404);
    QCOMPARE(reply->json().value(QLatin1String("error")).toString(),
             QStringLiteral("no export for \"envoy\", expected one of nginx, haproxy"));
}

void TestAdminServer::connectionCloseIsHonoured_data() {
    QTest::addColumn<QByteArray>("bytes");

    QTest::newRow("HTTP/1.1 with Connection: close")
        << QByteArray("GET /api/state HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    QTest::newRow("HTTP/1.0 without keep-alive") << QByteArray("GET /api/state HTTP/1.0\r\n\r\n");
    // The API speaks only HTTP/1.1: the request is answered, the protocol switch refused.
    QTest::newRow("Upgrade request")
        << QByteArray("GET /api/state HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\n"
                      "Upgrade: websocket\r\n\r\nnot HTTP any more");
}

void TestAdminServer::connectionCloseIsHonoured() {
    QFETCH(QByteArray, bytes);

    HttpClient client(adminPort());
    client.send(bytes);
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->headers.value("connection"), QByteArray("close"));
    QVERIFY(client.waitUntilClosed());
}

void TestAdminServer::malformedRequest_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");

    QTest::newRow("not HTTP") << QByteArray("HELLO THERE\r\n\r\n") << 400;
    QTest::newRow("missing Host") << QByteArray("GET /api/state HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("obs-fold") << QByteArray(
                                     "GET /api/state HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n")
                              << 400;
    QTest::newRow("HTTP/2.0 request line")
        << QByteArray("GET /api/state HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
    QTest::newRow("head over the limit")
        << QByteArray("GET /api/state HTTP/1.1\r\nHost: x\r\nX: " + QByteArray(20000, 'a') +
                      "\r\n\r\n")
        << 431;
    QTest::newRow("body over the limit")
        << QByteArray("POST /api/state HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
        << 413;
}

void TestAdminServer::malformedRequest() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);

    HttpClient client(adminPort());
    client.send(bytes);
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, status);
    QCOMPARE(reply->headers.value("connection"), QByteArray("close"));
    QVERIFY(reply->json().value(QLatin1String("error")).isString());
    QVERIFY(client.waitUntilClosed());
}

void TestAdminServer::headHasNoBody() {
    HttpClient client(adminPort());
    client.expectHeadResponses();
    client.send(request("HEAD", "/metrics") + request("HEAD", "/api/state"));
    const std::optional<HttpReply> metrics = client.readReply();
    const std::optional<HttpReply> state = client.readReply();
    QVERIFY(metrics && state);
    QCOMPARE(metrics->status, 200);
    QVERIFY(metrics->headers.value("content-length").toInt() > 0);
    QVERIFY(metrics->body.isEmpty());
    // Had a body been sent, it would have been read as the second response's head.
    QCOMPARE(state->status, 200);
    QCOMPARE(state->headers.value("content-type"), QByteArray("application/json"));
    QVERIFY(state->body.isEmpty());
}

void TestAdminServer::incompleteRequestTimesOut() {
    AdminLimits limits;
    limits.requestTimeout = std::chrono::milliseconds(50);
    m_admin->setLimits(limits);
    HttpClient client(adminPort());
    client.send("GET /api/state HTTP/1.1\r\nHost: x\r\n");
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, 408);
    QCOMPARE(reply->headers.value("connection"), QByteArray("close"));
    QVERIFY(client.waitUntilClosed());
}

void TestAdminServer::idleConnectionIsClosed() {
    AdminLimits limits;
    limits.idleTimeout = std::chrono::milliseconds(50);
    m_admin->setLimits(limits);
    HttpClient client(adminPort());
    client.send(request("GET", "/api/state"));
    QVERIFY(client.readReply());
    // The idle timeout closes the connection without an answer.
    QVERIFY(!client.readReply());
    QVERIFY(client.waitUntilClosed());
}

void TestAdminServer::closeDropsConnections() {
    HttpClient client(adminPort());
    client.send(request("GET", "/api/state"));
    QVERIFY(client.readReply());
    QVERIFY(client.isConnected());

    m_admin->close();
    QVERIFY(!m_admin->isListening());
    QVERIFY(m_admin->url().isEmpty());
    QVERIFY(client.waitUntilClosed());
}

void TestAdminServer::answersOnlyItsOwnHost_data() {
    QTest::addColumn<QByteArray>("requestLine");
    QTest::addColumn<QByteArray>("host"); // empty: no Host line
    QTest::addColumn<int>("status");

    const QByteArray get = "GET /api/state HTTP/1.1";
    QTest::newRow("its address") << get << QByteArray("127.0.0.1") << 200;
    QTest::newRow("its address and port") << get << QByteArray("127.0.0.1:8090") << 200;
    QTest::newRow("localhost") << get << QByteArray("localhost") << 200;
    QTest::newRow("LOCALHOST, any port") << get << QByteArray("LOCALHOST:1") << 200;
    QTest::newRow("localhost.") << get << QByteArray("localhost.:8090") << 200;
    QTest::newRow("another loopback address") << get << QByteArray("127.5.6.7") << 200;
    QTest::newRow("IPv6 loopback") << get << QByteArray("[::1]:8090") << 200;
    QTest::newRow("HTTP/1.0 without Host")
        << QByteArray("GET /api/state HTTP/1.0") << QByteArray() << 200;
    QTest::newRow("a DNS name") << get << QByteArray("evil.example") << 403;
    QTest::newRow("a DNS name and its port") << get << QByteArray("evil.example:8090") << 403;
    QTest::newRow("localhost as a subdomain") << get << QByteArray("localhost.evil.example") << 403;
    QTest::newRow("another address") << get << QByteArray("10.1.2.3") << 403;
    QTest::newRow("a 404 too") << QByteArray("GET /api/nothing HTTP/1.1")
                               << QByteArray("evil.example") << 403;
    QTest::newRow("metrics too") << QByteArray("GET /metrics HTTP/1.1")
                                 << QByteArray("evil.example") << 403;
}

void TestAdminServer::answersOnlyItsOwnHost() {
    QFETCH(QByteArray, requestLine);
    QFETCH(QByteArray, host);
    QFETCH(int, status);

    HttpClient client(adminPort());
    const QByteArray hostLine =
        host.isEmpty() ? QByteArray() : QByteArray("Host: " + host + "\r\n");
    client.send(requestLine + "\r\n" + hostLine + "\r\n");
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, status);
    if (status == 403) {
        const QString error = reply->json().value(QLatin1String("error")).toString();
        QVERIFY2(error.contains(QLatin1String("DNS rebinding")), qPrintable(error));
        QVERIFY2(error.contains(QString::fromLatin1(host)), qPrintable(error));
    }
}

void TestAdminServer::connectionsOverTheLimitGet503() {
    AdminLimits limits;
    limits.maxConnections = 2;
    m_admin->setLimits(limits);
    HttpClient first(adminPort());
    first.send(request("GET", "/api/state"));
    QVERIFY(first.readReply());
    HttpClient second(adminPort());
    second.send(request("GET", "/api/state"));
    QVERIFY(second.readReply());

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("2 connections open")));
    HttpClient third(adminPort());
    third.send(request("GET", "/api/state"));
    const std::optional<HttpReply> refused = third.readReply();
    QVERIFY(refused);
    QCOMPARE(refused->status, 503);
    const QString error = refused->json().value(QLatin1String("error")).toString();
    QVERIFY2(error.contains(QLatin1String("at most 2 connections")), qPrintable(error));
    QVERIFY(third.waitUntilClosed());
    // The two served are untouched; once one closes, a new one is served again.
    first.send(request("GET", "/api/state", "Connection: close\r\n"));
    QVERIFY(first.readReply());
    QVERIFY(first.waitUntilClosed());
    // Until the server has seen that close, a new client may still be refused (and logged).
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.admin.warning=false"));
    const auto restoreLogging = qScopeGuard([] { QLoggingCategory::setFilterRules(QString()); });
    QVERIFY(QTest::qWaitFor(
        [this] {
            HttpClient next(adminPort());
            next.send(request("GET", "/api/state"));
            const std::optional<HttpReply> reply = next.readReply();
            return reply && reply->status == 200;
        },
        waitMs));
    second.send(request("GET", "/api/state"));
    QVERIFY(second.readReply());
}

void TestAdminServer::listensWithALargeBacklog() {
    const std::optional<int> backlog = kernelListenBacklog(adminPort());
    if (!backlog)
        QSKIP("ss(8) is not available to read the listen backlog");
    QCOMPARE(*backlog, std::min(minimumListenBacklog, kernelMaxListenBacklog()));
}

void TestAdminServer::warnsWhenBoundBeyondLoopback() {
    AdminServer wide(*m_gateway);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("admin API listens on 0\\.0\\.0\\.0:0 "
                                                           "beyond loopback, without "
                                                           "authentication")));
    QVERIFY(wide.listen({QHostAddress::AnyIPv4, 0}, nullptr));
    // On loopback it says nothing (an unexpected warning shows in the test's log).
    AdminServer narrow(*m_gateway);
    QVERIFY(narrow.listen({QHostAddress::LocalHost, 0}, nullptr));
}

void TestAdminServer::refusesTheGatewayAsItsOwnInstance_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("ownPort");
    QTest::addColumn<int>("status");

    QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << true << 400;
    QTest::newRow("localhost") << QStringLiteral("localhost") << true << 400;
    QTest::newRow("0.0.0.0") << QStringLiteral("0.0.0.0") << true << 400;
    QTest::newRow("another port") << QStringLiteral("127.0.0.1") << false << 201;
    QTest::newRow("another loopback address") << QStringLiteral("127.0.0.2") << true << 201;
}

void TestAdminServer::refusesTheGatewayAsItsOwnInstance() {
    QFETCH(QString, host);
    QFETCH(bool, ownPort);
    QFETCH(int, status);

    const int port = QUrl(m_listenUrl).port();
    const QByteArray url = QStringLiteral("http://%1:%2/svc")
                               .arg(host)
                               .arg(ownPort ? port : int(m_backend->port()) + 1)
                               .toLatin1();
    const QByteArray body = R"({"url": ")" + url + R"("})";
    const QByteArray length = "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    HttpClient client(adminPort());
    client.send(request("POST", "/api/routes/svc/backends", length) + body);
    const std::optional<HttpReply> reply = client.readReply();
    QVERIFY(reply);
    QCOMPARE(reply->status, status);
    const qsizetype instances =
        m_gateway->snapshot().findRoute(QStringLiteral("svc"))->backends.size();
    if (status == 400) {
        const QString error = reply->json().value(QLatin1String("error")).toString();
        QVERIFY2(error.contains(QLatin1String("the gateway's own address")), qPrintable(error));
        QCOMPARE(instances, 1);
    } else {
        QCOMPARE(instances, 2);
    }
}

void TestAdminServer::failedReloadIsReported() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("gateway.yaml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("routes: [oops\n");
    file.close();
    GatewayConfig config = makeConfig(m_backend->port());
    config.sourceFile = path;
    QCOMPARE(m_gateway->reload(config).error, ControlResult::Error::None);

    QSignalSpy failed(m_gateway.get(), &Gateway::reloadFailed);
    const std::optional<HttpReply> reply = exchange(adminPort(), "POST", "/api/reload");
    QVERIFY(reply);
    QCOMPARE(reply->status, 422);
    QCOMPARE(failed.size(), 1);
    const auto errors = failed.at(0).at(0).value<QList<ConfigError>>();
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().file, path);
    QVERIFY(errors.first().line > 0);
}

QTEST_GUILESS_MAIN(TestAdminServer)
#include "tst_adminserver.moc"
