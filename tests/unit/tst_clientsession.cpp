// The client session (ClientConnection) driven without sockets (docs/ARCHITECTURE.md, "The
// transport seam"): the client is an InMemoryClientTransport, each instance a scripted
// InMemoryUpstreamLink, the gateway an InMemoryExchangeEnvironment. What the session promises:
// keep-alive, pipelined requests answered one after another in order, an early answer followed
// by a lingering close, the end of an exchange when the client goes away, resets, parking.
#include "inmemoryclienttransport.h"
#include "inmemoryexchangeenvironment.h"
#include "proxy/clientconnection.h"
#include "proxy/monotonicclock.h"

#include <QSignalSpy>
#include <QTest>
#include <memory>

namespace {

using End = InMemoryClientTransport::End;

constexpr QByteArrayView okResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

QList<RouteConfig> oneInstance() {
    RouteConfig root;
    root.id = "root";
    root.path = "/";
    root.targets.append(TargetConfig{QUrl("http://127.0.0.1:9001"), 1, "a"});
    return {root};
}

QByteArray get(QByteArrayView target) {
    return "GET " + target.toByteArray() + " HTTP/1.1\r\nHost: gateway.test\r\n\r\n";
}

// A session over memory, with pooled (connected) scripted instances: a request goes upstream at
// once and is answered when the test says so.
class Session {
public:
    explicit Session(const LimitsConfig &limits = {})
        : environment(oneInstance()) {
        environment.connectedLinks = true;
        environment.setLimits(limits);
        auto transport = std::make_unique<InMemoryClientTransport>();
        client = transport.get();
        connection = std::make_unique<ClientConnection>(std::move(transport), environment);
        closed = std::make_unique<QSignalSpy>(connection.get(), &ClientConnection::closed);
    }

    qsizetype upstreamCount() const { return qsizetype(environment.links.size()); }
    InMemoryUpstreamLink &upstream(int index) { return *environment.links.at(index); }
    // The sweep's view: as if ms had passed.
    void sweepAfter(qint64 ms) { connection->checkDeadlines(monotonicMillis() + ms); }

    // Before the connection, which releases its links into it when it goes.
    InMemoryExchangeEnvironment environment;
    InMemoryClientTransport *client = nullptr; // the connection's
    std::unique_ptr<ClientConnection> connection;
    std::unique_ptr<QSignalSpy> closed;
};

} // namespace

class TestClientSession final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keepAliveServesRequestsOneAfterAnother();
    void pipelinedRequestsAreAnsweredInOrder();
    void connectionCloseEndsTheSession();
    void earlyAnswerLingersThenCloses();
    void lingeringEndsWithResetAtItsDeadline();
    void clientClosingMidBodyEndsTheExchange();
    void clientResetEndsTheExchange();
    void cutResponseResetsTheClient();
    void restingConnectionParksAndWakesForTheNextRequest();
};

void TestClientSession::keepAliveServesRequestsOneAfterAnother() {
    Session session;
    session.client->peerSends(get("/first"));
    QCOMPARE(session.upstreamCount(), 1);
    QVERIFY(session.upstream(0).received.startsWith("GET /first HTTP/1.1\r\n"));
    session.upstream(0).respond(okResponse);
    QTRY_VERIFY(session.client->peerReceived().startsWith("HTTP/1.1 200 OK\r\n"));

    session.client->peerSends(get("/second"));
    QCOMPARE(session.upstreamCount(), 2);
    QVERIFY(session.upstream(1).received.startsWith("GET /second HTTP/1.1\r\n"));
    session.upstream(1).respond(okResponse);
    QTRY_COMPARE(session.client->peerReceived().count("HTTP/1.1 200 OK\r\n"), 2);

    QCOMPARE(session.environment.records.size(), 2u);
    QCOMPARE(session.environment.records[0].target, "/first");
    QCOMPARE(session.environment.records[1].target, "/second");
    QCOMPARE(session.client->end(), End::Open);
    QCOMPARE(session.closed->count(), 0);
}

void TestClientSession::pipelinedRequestsAreAnsweredInOrder() {
    Session session;
    session.client->peerSends(QByteArray(get("/one") + get("/two")));
    // The second request waits in the session until the first one's response is done.
    QCOMPARE(session.upstreamCount(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(session.upstreamCount(), 1);

    session.upstream(0).respond("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none");
    QTRY_COMPARE(session.upstreamCount(), 2);
    QVERIFY(session.upstream(1).received.startsWith("GET /two HTTP/1.1\r\n"));
    session.upstream(1).respond("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo");

    QTRY_VERIFY(session.client->peerReceived().endsWith("two"));
    const QByteArray &received = session.client->peerReceived();
    QVERIFY(received.indexOf("one") < received.indexOf("HTTP/1.1", 1));
    QCOMPARE(received.count("HTTP/1.1 200 OK\r\n"), 2);
    QCOMPARE(session.client->end(), End::Open);
}

void TestClientSession::connectionCloseEndsTheSession() {
    Session session;
    session.client->peerSends(QByteArray(
        "GET / HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n" + get("/never")));
    session.upstream(0).respond(okResponse);
    QTRY_COMPARE(session.client->end(), End::Closed);
    QVERIFY(session.client->peerReceived().endsWith("ok"));
    QCOMPARE(session.closed->count(), 1);
    QCOMPARE(session.upstreamCount(), 1); // what followed the last request is not read
}

void TestClientSession::earlyAnswerLingersThenCloses() {
    LimitsConfig limits;
    limits.maxBodyBytes = 10;
    Session session(limits);
    session.client->peerSends(
        "POST / HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 100\r\n\r\nfirst part");

    // 413 from the head, and our FIN after it while the client is still sending.
    QTRY_VERIFY(session.client->isWritingShutDown());
    QVERIFY(session.client->peerReceived().startsWith("HTTP/1.1 413 "));
    QCOMPARE(session.upstreamCount(), 0);
    QCOMPARE(session.environment.records.size(), 1u);
    QCOMPARE(session.environment.records[0].outcome, Outcome::BodyTooLarge);
    QCOMPARE(session.client->end(), End::Open);

    // What the client still sends is read and dropped, not answered.
    const qsizetype answered = session.client->peerReceived().size();
    session.client->peerSends(QByteArray(QByteArray(90, 'x') + get("/after")));
    QCoreApplication::processEvents();
    QCOMPARE(session.client->peerReceived().size(), answered);
    QCOMPARE(session.client->bytesAvailable(), 0);
    QCOMPARE(session.upstreamCount(), 0);
    QCOMPARE(session.closed->count(), 0);

    session.client->peerCloses();
    QTRY_COMPARE(session.closed->count(), 1);
    QCOMPARE(session.client->end(), End::Closed);
    QCOMPARE(session.environment.records.size(), 1u);
}

void TestClientSession::lingeringEndsWithResetAtItsDeadline() {
    LimitsConfig limits;
    limits.maxBodyBytes = 10;
    Session session(limits);
    session.client->peerSends(
        "POST / HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 100\r\n\r\n");
    QTRY_VERIFY(session.client->isWritingShutDown());

    session.sweepAfter(ClientConnection::lingeringTimeMs - 100);
    QCOMPARE(session.client->end(), End::Open);
    session.sweepAfter(ClientConnection::lingeringTimeMs + 100);
    QCOMPARE(session.client->end(), End::Reset);
    QTRY_COMPARE(session.closed->count(), 1);
}

void TestClientSession::clientClosingMidBodyEndsTheExchange() {
    Session session;
    session.client->peerSends(
        "POST /upload HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 10\r\n\r\nabcd");
    QCOMPARE(session.upstreamCount(), 1);
    QVERIFY(session.upstream(0).received.endsWith("\r\n\r\nabcd"));

    session.client->peerCloses();
    QTRY_COMPARE(session.closed->count(), 1);
    QVERIFY(session.upstream(0).closed); // a half request must not stay with the instance
    QCOMPARE(session.environment.records.size(), 1u);
    QCOMPARE(session.environment.records[0].outcome, Outcome::ClientClosed);
    QCOMPARE(session.environment.records[0].bytesIn, 4);
}

void TestClientSession::clientResetEndsTheExchange() {
    Session session;
    session.client->peerSends(get("/slow"));
    QCOMPARE(session.upstreamCount(), 1);

    session.client->peerResets();
    QTRY_COMPARE(session.closed->count(), 1);
    QVERIFY(session.upstream(0).closed);
    QCOMPARE(session.environment.records.size(), 1u);
    QCOMPARE(session.environment.records[0].outcome, Outcome::ClientClosed);
}

void TestClientSession::cutResponseResetsTheClient() {
    Session session;
    session.client->peerSends(get("/cut"));
    session.upstream(0).respond("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    QTRY_VERIFY(session.client->peerReceived().endsWith("abc"));

    session.upstream(0).fail(UpstreamFailure::Closed, "connection closed by backend");
    // A FIN would pass the cut body off as complete to a client that reads until the close.
    QCOMPARE(session.client->end(), End::Reset);
    QTRY_COMPARE(session.closed->count(), 1);
    QCOMPARE(session.environment.records[0].outcome, Outcome::Aborted);
}

void TestClientSession::restingConnectionParksAndWakesForTheNextRequest() {
    Session session;
    session.client->peerSends(get("/first"));
    session.upstream(0).respond(okResponse);
    QTRY_VERIFY(session.client->peerReceived().endsWith("ok"));

    QVERIFY(!session.connection->parkIfResting(monotonicMillis()));
    QVERIFY(
        session.connection->parkIfResting(monotonicMillis() + ClientConnection::parkAfterIdleMs));
    QVERIFY(session.connection->isParked());
    QVERIFY(session.client->isParked());

    session.client->peerSends(get("/second"));
    QVERIFY(!session.connection->isParked());
    QCOMPARE(session.upstreamCount(), 2);
    session.upstream(1).respond(okResponse);
    QTRY_COMPARE(session.client->peerReceived().count("HTTP/1.1 200 OK\r\n"), 2);
}

QTEST_GUILESS_MAIN(TestClientSession)
#include "tst_clientsession.moc"
