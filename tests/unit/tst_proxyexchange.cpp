// ProxyExchange driven without sockets (docs/ARCHITECTURE.md, "The two state machines"): the
// client is a ClientSink that records what it is sent, each instance a scripted UpstreamLink
// whose response bytes go through a strict response parser, as UpstreamConnection's do.
#include "http/httpparser.h"
#include "inmemoryupstreamlink.h"
#include "proxy/clientsink.h"
#include "proxy/exchangeenvironment.h"
#include "proxy/exchangeobserver.h"
#include "proxy/proxyexchange.h"
#include "proxy/routetable.h"

#include <QTest>
#include <memory>
#include <vector>

using Phase = ProxyExchange::Phase;
Q_DECLARE_METATYPE(Phase)

namespace {

class FakeClient final : public ClientSink {
public:
    void writeToClient(QByteArrayView bytes) override { written.append(bytes); }
    void flushToClient() override {}
    qint64 clientBytesToWrite() const override { return 0; }
    void setDeadline(Deadline kind, qint64) override { currentDeadline = kind; }
    Deadline deadline() const override { return currentDeadline; }
    bool isClosingWhenIdle() const override { return false; }
    void exchangeEnded(const ExchangeEnd &end) override { ends.push_back(end); }
    void tunnelStarted() override { ++tunnels; }
    void upstreamDrained() override {}

    QByteArray written;
    Deadline currentDeadline = Deadline::None;
    std::vector<ExchangeEnd> ends;
    int tunnels = 0;
};

class FakeEnvironment final : public ExchangeEnvironment, public ExchangeObserver {
public:
    explicit FakeEnvironment(const QList<RouteConfig> &routes)
        : m_routes(RouteTable::build(routes, nullptr)) {}

    const LimitsConfig &limits() const override { return m_limits; }
    quint64 nextRequestId() override { return ++m_lastId; }
    std::shared_ptr<RouteTable> currentRoutes() const override { return m_routes; }
    const QByteArray &viaPseudonym() const override { return m_pseudonym; }
    ExchangeObserver &observer() override { return *this; }
    UpstreamLink *acquireUpstream(const BackendPtr &) override {
        links.push_back(std::make_unique<InMemoryUpstreamLink>(connectedLinks));
        return links.back().get();
    }
    void releaseUpstream(UpstreamLink *) override { ++released; }

    void exchangeFinished(RequestRecord &&record) override { records.push_back(record); }
    void attemptFinished(Route &, Backend &, bool failed) override {
        failedAttempts += failed ? 1 : 0;
    }

    bool connectedLinks = false; // whether acquired links are pooled (connected) ones
    std::vector<std::unique_ptr<InMemoryUpstreamLink>> links;
    std::vector<RequestRecord> records;
    int released = 0;
    int failedAttempts = 0;

private:
    LimitsConfig m_limits;
    std::shared_ptr<RouteTable> m_routes;
    QByteArray m_pseudonym = "gateway-console-test";
    quint64 m_lastId = 0;
};

// The session's part, reduced to the parser: the client's bytes go to the exchange.
class Driver final : private HttpParserListener {
public:
    explicit Driver(const QList<RouteConfig> &routes)
        : environment(routes)
        , exchange(client, environment, m_clientAddress)
        , m_parser(HttpParser::Kind::Request, this) {
        exchange.setPhaseObserver([this](Phase phase) { phases.append(phase); });
    }

    void send(QByteArrayView bytes) { m_parser.feed(bytes); }
    InMemoryUpstreamLink &link(int index) { return *environment.links.at(index); }

    FakeClient client;
    FakeEnvironment environment;
    ProxyExchange exchange;
    QList<Phase> phases;

private:
    bool onHeadComplete(const HttpMessageHead &head) override { return exchange.begin(head); }
    void onBody(QByteArrayView data) override { exchange.requestBody(data); }
    void onMessageComplete() override {
        exchange.requestComplete();
        exchange.finishIfAnsweredLocally();
    }

    QByteArray m_clientAddress = "192.0.2.1";
    HttpParser m_parser;
};

RouteConfig route(const QString &id, const QByteArray &path, const QList<QUrl> &urls) {
    RouteConfig config;
    config.id = id;
    config.path = path;
    for (const QUrl &url : urls) {
        TargetConfig target;
        target.url = url;
        config.targets.append(target);
    }
    return config;
}

const QList<RouteConfig> twoInstances{
    route("api", "/api", {QUrl("http://127.0.0.1:9001"), QUrl("http://127.0.0.1:9002")})};

} // namespace

class TestProxyExchange final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyTransitionIsTabled();
    void requestWithBody();
    void retryAfterConnectFailure();
    void cutResponseResets();
    void noRouteIs404();
    void localAnswerToHeadHasNoBody();
    void noInstanceIs503();
};

void TestProxyExchange::everyTransitionIsTabled() {
    QVERIFY(ProxyExchange::isAllowed(Phase::Idle, Phase::Connecting));
    QVERIFY(ProxyExchange::isAllowed(Phase::Responding, Phase::Idle));
    QVERIFY(!ProxyExchange::isAllowed(Phase::Responding, Phase::Connecting)); // no retry after
    QVERIFY(!ProxyExchange::isAllowed(Phase::Idle, Phase::Responding));
    QVERIFY(!ProxyExchange::isAllowed(Phase::AnsweredLocally, Phase::Forwarding));
}

void TestProxyExchange::requestWithBody() {
    Driver driver(twoInstances);
    driver.send("POST /api/items HTTP/1.1\r\nHost: example.test\r\nContent-Length: 5\r\n\r\nhe");
    QCOMPARE(driver.exchange.phase(), Phase::Connecting);
    QCOMPARE(driver.client.deadline(), Deadline::Connect);
    driver.send("llo");
    QVERIFY(driver.exchange.isRequestComplete());
    InMemoryUpstreamLink &upstream = driver.link(0);
    QVERIFY(upstream.received.isEmpty()); // the body waits for the connection
    upstream.connectNow();
    QCOMPARE(driver.exchange.phase(), Phase::Forwarding);
    QCOMPARE(driver.client.deadline(), Deadline::Response);
    QVERIFY(upstream.received.startsWith("POST /items HTTP/1.1\r\n"));
    QVERIFY(upstream.received.endsWith("\r\n\r\nhello"));
    upstream.respond("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n");
    QCOMPARE(driver.exchange.phase(), Phase::Responding);
    upstream.respond("ok");
    QCOMPARE(driver.exchange.phase(), Phase::Idle);
    QCOMPARE(driver.phases,
             (QList<Phase>{Phase::Connecting, Phase::Forwarding, Phase::Responding, Phase::Idle}));
    QVERIFY(driver.client.written.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(driver.client.written.endsWith("\r\n\r\nok"));
    QCOMPARE(driver.environment.records.size(), size_t(1));
    QCOMPARE(driver.environment.records[0].outcome, Outcome::Ok);
    QCOMPARE(driver.environment.records[0].bytesIn, qint64(5));
    QCOMPARE(driver.client.ends.size(), size_t(1));
    QVERIFY(!driver.client.ends[0].cut);
    QVERIFY(!upstream.closed); // complete: the connection goes back to the pool
}

void TestProxyExchange::retryAfterConnectFailure() {
    Driver driver(twoInstances);
    driver.send("GET /api/a HTTP/1.1\r\nHost: example.test\r\n\r\n");
    QCOMPARE(driver.exchange.phase(), Phase::Connecting);
    driver.link(0).fail(UpstreamFailure::ConnectFailed, "connect refused");
    QVERIFY(driver.link(0).closed);
    QCOMPARE(driver.environment.links.size(), size_t(2));
    QCOMPARE(driver.exchange.phase(), Phase::Connecting);
    InMemoryUpstreamLink &second = driver.link(1);
    second.connectNow();
    QVERIFY(second.received.startsWith("GET /a HTTP/1.1\r\n"));
    second.respond("HTTP/1.1 204 No Content\r\n\r\n");
    QCOMPARE(driver.phases, (QList<Phase>{Phase::Connecting, Phase::Connecting, Phase::Forwarding,
                                          Phase::Responding, Phase::Idle}));
    const RequestRecord &record = driver.environment.records.at(0);
    QCOMPARE(record.outcome, Outcome::Ok);
    QCOMPARE(record.status, 204);
    QCOMPARE(record.attempts.size(), qsizetype(2));
    QCOMPARE(record.attempts[0].error, QByteArray("connect refused"));
    QCOMPARE(driver.environment.failedAttempts, 1);
}

void TestProxyExchange::cutResponseResets() {
    Driver driver(twoInstances);
    driver.environment.connectedLinks = true; // a pooled connection: the head goes at once
    driver.send("GET /api/a HTTP/1.1\r\nHost: example.test\r\n\r\n");
    QCOMPARE(driver.exchange.phase(), Phase::Forwarding);
    driver.link(0).respond("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    QCOMPARE(driver.exchange.phase(), Phase::Responding);
    driver.link(0).fail(UpstreamFailure::Closed, "connection closed by backend");
    QCOMPARE(driver.phases, (QList<Phase>{Phase::Forwarding, Phase::Responding, Phase::Idle}));
    QCOMPARE(driver.environment.links.size(), size_t(1)); // never retried once it started
    QCOMPARE(driver.client.ends.size(), size_t(1));
    QVERIFY(driver.client.ends[0].cut);
    QCOMPARE(driver.environment.records.at(0).outcome, Outcome::Aborted);
}

void TestProxyExchange::noRouteIs404() {
    Driver driver(twoInstances);
    driver.send("GET /elsewhere HTTP/1.1\r\nHost: example.test\r\n\r\n");
    QCOMPARE(driver.phases, (QList<Phase>{Phase::AnsweredLocally, Phase::Idle}));
    QVERIFY(driver.client.written.startsWith("HTTP/1.1 404 "));
    QCOMPARE(driver.environment.records.at(0).outcome, Outcome::NoRoute);
    QVERIFY(driver.environment.links.empty());
    QVERIFY(!driver.client.ends.at(0).closeAfter); // keep-alive goes on
}

void TestProxyExchange::localAnswerToHeadHasNoBody() {
    // RFC 9110 §9.3.2: the head alone, with the length a GET's body would have. A body here is
    // read by a keep-alive client as the start of its next response (fuzz_response found it).
    Driver driver(twoInstances);
    driver.send("HEAD /elsewhere HTTP/1.1\r\nHost: example.test\r\n\r\n");
    QCOMPARE(driver.phases, (QList<Phase>{Phase::AnsweredLocally, Phase::Idle}));
    const QByteArray &written = driver.client.written;
    QVERIFY(written.startsWith("HTTP/1.1 404 "));
    QVERIFY2(written.endsWith("\r\n\r\n"), written.constData());
    QVERIFY2(written.toLower().contains("\r\ncontent-length: "), written.constData());
    QVERIFY2(!written.toLower().contains("\r\ncontent-length: 0\r\n"), written.constData());
    QVERIFY(!driver.client.ends.at(0).closeAfter); // keep-alive goes on
}

void TestProxyExchange::noInstanceIs503() {
    Driver driver(twoInstances);
    for (const BackendPtr &backend :
         driver.environment.currentRoutes()->find("api")->balancer->backends())
        backend->setAdminState(AdminState::Disabled);
    driver.send("POST /api/a HTTP/1.1\r\nHost: example.test\r\nContent-Length: 3\r\n\r\n");
    QCOMPARE(driver.phases, (QList<Phase>{Phase::AnsweredLocally, Phase::Idle}));
    QVERIFY(driver.client.written.startsWith("HTTP/1.1 503 "));
    QCOMPARE(driver.environment.records.at(0).outcome, Outcome::NoBackend);
    QVERIFY(driver.client.ends.at(0).closeAfter); // the body stays unread
}

QTEST_GUILESS_MAIN(TestProxyExchange)
#include "tst_proxyexchange.moc"
