// ProxyExchange driven without sockets (docs/ARCHITECTURE.md, "The two state machines"): the
// client is a RecordingClientSink, each instance a scripted InMemoryUpstreamLink whose response
// bytes go through a strict response parser, as UpstreamConnection's do.
#include "http/httpparser.h"
#include "inmemoryexchangeenvironment.h"
#include "proxy/proxyexchange.h"
#include "proxy/routetable.h"
#include "recordingclientsink.h"

#include <QTest>
#include <memory>
#include <vector>

using Phase = ProxyExchange::Phase;
Q_DECLARE_METATYPE(Phase)

namespace {

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

    RecordingClientSink client;
    InMemoryExchangeEnvironment environment;
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
    void aRunningExchangeHoldsNothingInTheArena();
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

// The strings and the capture an exchange hands over are made in the worker's arenas when it
// ends (model/bytearena.h): while it runs, however long (a stream, a tunnel), it holds no part of
// an arena block, which would keep the whole block. Records and captures have arenas of their
// own.
void TestProxyExchange::aRunningExchangeHoldsNothingInTheArena() {
    Driver driver(twoInstances);
    driver.environment.captureLimit = 1024;
    driver.send("GET /api/stream HTTP/1.1\r\nHost: example.test\r\n\r\n");
    InMemoryUpstreamLink &upstream = driver.link(0);
    upstream.connectNow();
    upstream.respond("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
    QCOMPARE(driver.exchange.phase(), Phase::Responding);
    for (ByteArena *arena : {&driver.environment.arena, &driver.environment.capturesArena}) {
        QByteArray probe = arena->copy("probe");
        // Referred to by the probe and the arena, nothing else.
        QCOMPARE(probe.data_ptr().d_ptr()->ref_.loadRelaxed(), 2);
    }

    upstream.respond("0\r\n\r\n");
    QCOMPARE(driver.exchange.phase(), Phase::Idle);
    const RequestRecord &record = driver.environment.records.at(0);
    QCOMPARE(record.target, QByteArray("/api/stream"));
    QVERIFY(ByteArena::isPart(record.target));
    QCOMPARE(record.upstreamTarget(), QByteArrayView("/stream"));
    const CapturedExchange &captured = driver.environment.captures.at(0);
    QCOMPARE(captured.record().target, record.target);
    QCOMPARE(captured.record().upstreamTarget(), QByteArrayView("/stream"));
    QCOMPARE(captured.responseBody().bytes, QByteArray("first"));
    QVERIFY(ByteArena::isPart(captured.responseBody().bytes));
    // Not in the records' blocks, which the live log keeps far longer than a capture store keeps
    // captures: each part would keep its whole block.
    QByteArray captureBody = captured.responseBody().bytes;
    QByteArray captureTarget = captured.record().target;
    QByteArray target = record.target;
    QVERIFY(captureBody.data_ptr().d_ptr() != target.data_ptr().d_ptr());
    QCOMPARE(captureTarget.data_ptr().d_ptr(), captureBody.data_ptr().d_ptr());
}

QTEST_GUILESS_MAIN(TestProxyExchange)
#include "tst_proxyexchange.moc"
