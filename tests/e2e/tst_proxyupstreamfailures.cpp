// What the client sees when an instance fails (docs/ARCHITECTURE.md, "Failures and retries"
// and "What 'strict' means here"): retries after connect failures, (idempotent requests only)
// response timeouts and the keep-alive race, 502 for refused and broken responses, 504 for
// silence, a cut connection (never a fake complete response) when the instance fails
// mid-response, and no reuse of a connection that sent bytes nobody asked for.
#include "connectionending.h"
#include "gatewayfixture.h"
#include "model/requestresult.h"
#include "proxy/upstreamconnection.h"
#include "rawclient.h"
#include "refusingport.h"
#include "scriptedbackend.h"
#include "unansweredport.h"

#include <QLoggingCategory>
#include <QTest>

class TestProxyUpstreamFailures final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void retriesNextInstanceAfterConnectFailure();
    void answers502WhenAllRefuse();
    void connectTimeoutCountsAndTriesNextInstance();
    void answers504WhenEveryConnectTimesOut();
    void answers504WhenInstanceIsSilent();
    void retriesNextInstanceAfterResponseTimeout();
    void postIsNotResentAfterResponseTimeout();
    void answers502ForBadResponse_data();
    void answers502ForBadResponse();
    void abortsClientWhenResponseIsCut_data();
    void abortsClientWhenResponseIsCut();
    void resetsHttp10ClientWhenResponseIsCut_data();
    void resetsHttp10ClientWhenResponseIsCut();
    void abortsClientWhenBodyIsMalformed_data();
    void abortsClientWhenBodyIsMalformed();
    void dropsConnectionWithStrayBytes_data();
    void dropsConnectionWithStrayBytes();
    void staleKeepAliveConnection_data();
    void staleKeepAliveConnection();
    void retriesIdempotentRequestCutBeforeAnyResponseByte_data();
    void retriesIdempotentRequestCutBeforeAnyResponseByte();
};

namespace {

// An instance that accepts every request and never answers it.
void holdEveryRequest(ScriptedBackend &backend) {
    backend.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.kind = BackendReply::Kind::NoAnswer;
    });
}

LimitsConfig shortConnectTimeout() {
    LimitsConfig limits;
    limits.connectTimeout = std::chrono::milliseconds(200);
    return limits;
}

LimitsConfig shortResponseTimeout() {
    LimitsConfig limits;
    limits.responseTimeout = std::chrono::milliseconds(300);
    return limits;
}

} // namespace

void TestProxyUpstreamFailures::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestProxyUpstreamFailures::retriesNextInstanceAfterConnectFailure() {
    ScriptedBackend healthy("healthy");
    const RefusingPort refusing;
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({refusing.url(), healthy.url()}));

    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/svc/x"));
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.bytes(), QByteArray("healthy"));

    QVERIFY(gateway.waitForRecords(1));
    const RequestRecord &record = gateway.records().first();
    QCOMPARE(record.outcome, Outcome::Ok);
    QCOMPARE(record.backendIndex, 1);
    QCOMPARE(record.attempts.size(), 2);
    QCOMPARE(record.attempts[0].backendIndex, 0);
    QCOMPARE(record.attempts[0].status, 0);
    QVERIFY2(record.attempts[0].error.contains("refused"), record.attempts[0].error.constData());
    QCOMPARE(record.attempts[1].backendIndex, 1);
    QCOMPARE(record.attempts[1].status, 200);
    QVERIFY(record.attempts[1].error.isEmpty());
}

void TestProxyUpstreamFailures::answers502WhenAllRefuse() {
    const RefusingPort first;
    const RefusingPort second;
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({first.url(), second.url()}));

    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/svc/x"));
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 502);

    QVERIFY(gateway.waitForRecords(1));
    const RequestRecord &record = gateway.records().first();
    QCOMPARE(record.outcome, Outcome::UpstreamError);
    QCOMPARE(record.status, 502);
    QCOMPARE(record.attempts.size(), 2);
    for (const AttemptRecord &attempt : record.attempts)
        QVERIFY2(attempt.error.contains("refused"), attempt.error.constData());
}

void TestProxyUpstreamFailures::connectTimeoutCountsAndTriesNextInstance() {
    const UnansweredPort unanswered;
    QVERIFY2(unanswered.isReady(), unanswered.errorText().constData());
    ScriptedBackend healthy("healthy");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({unanswered.url(), healthy.url()}, shortConnectTimeout()));

    // POST too: nothing was sent, so nothing can have reached an application.
    const ParsedResponse response = RawClient::exchangeOnce(
        gateway.port(), RawClient::request("POST", "/svc/x", "Content-Length: 0\r\n"));
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.bytes(), QByteArray("healthy"));

    QVERIFY(gateway.waitForRecords(1));
    const RequestRecord &record = gateway.records().first();
    QCOMPARE(record.attempts.size(), 2);
    QCOMPARE(record.attempts[0].backendIndex, 0);
    QCOMPARE(record.attempts[0].error, QByteArray("connect timeout"));
    QCOMPARE(record.attempts[1].status, 200);
    // Counted against the instance like any failed attempt (the Attempt errors column, /metrics),
    // while the client, who got its 200, had no failed request (README, "What the counts mean").
    QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
        const RouteSnapshot *route = snapshot.findRoute("svc");
        return route && route->backends[0].attemptErrors == 1 &&
               route->backends[1].attemptErrors == 0 && snapshot.attemptErrors == 1 &&
               snapshot.totalRequests == 1 && snapshot.failedRequests == 0 &&
               snapshot.clientErrors == 0;
    }));
}

void TestProxyUpstreamFailures::answers504WhenEveryConnectTimesOut() {
    const UnansweredPort first;
    const UnansweredPort second;
    QVERIFY2(first.isReady(), first.errorText().constData());
    QVERIFY2(second.isReady(), second.errorText().constData());
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({first.url(), second.url()}, shortConnectTimeout()));

    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/svc/x"));
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 504);
    QVERIFY(gateway.waitForRecords(1));
    QCOMPARE(gateway.records().first().outcome, Outcome::UpstreamTimeout);
    QCOMPARE(gateway.records().first().attempts.size(), 2);
}

void TestProxyUpstreamFailures::answers504WhenInstanceIsSilent() {
    ScriptedBackend silent("silent");
    silent.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.kind = BackendReply::Kind::NoAnswer;
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({silent.url()}, shortResponseTimeout()));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("GET", "/svc/x"));
    QVERIFY(silent.waitForRequests(1));
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 504);
    // The silent connection is given up, not returned to the pool.
    QTRY_COMPARE(silent.openConnections(), 0);

    QVERIFY(gateway.waitForRecords(1));
    const RequestRecord &record = gateway.records().first();
    QCOMPARE(record.outcome, Outcome::UpstreamTimeout);
    QCOMPARE(record.status, 504);
    QVERIFY(!record.attempts.isEmpty());
    QVERIFY2(record.attempts.last().error.contains("timeout"),
             record.attempts.last().error.constData());
}

void TestProxyUpstreamFailures::retriesNextInstanceAfterResponseTimeout() {
    // nginx's proxy_next_upstream timeout: a GET without a body is idempotent, so the attempt
    // that timed out is retried on the next instance.
    ScriptedBackend silent("silent");
    holdEveryRequest(silent);
    ScriptedBackend healthy("healthy");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({silent.url(), healthy.url()}, shortResponseTimeout()));

    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/svc/x"));
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.bytes(), QByteArray("healthy"));
    QCOMPARE(silent.requests().size(), 1);
    QCOMPARE(healthy.requests().size(), 1);

    QVERIFY(gateway.waitForRecords(1));
    const RequestRecord &record = gateway.records().first();
    QCOMPARE(record.outcome, Outcome::Ok);
    QCOMPARE(record.status, 200);
    QCOMPARE(record.backendIndex, 1);
    QCOMPARE(record.attempts.size(), 2);
    QCOMPARE(record.attempts[0].backendIndex, 0);
    QCOMPARE(record.attempts[0].status, 0);
    QVERIFY2(record.attempts[0].error.contains("timeout"), record.attempts[0].error.constData());
    QCOMPARE(record.attempts[1].backendIndex, 1);
    QCOMPARE(record.attempts[1].status, 200);
    QVERIFY(record.attempts[1].error.isEmpty());
}

void TestProxyUpstreamFailures::postIsNotResentAfterResponseTimeout() {
    // The POST and its body reached the first instance, which may have acted on it: the
    // timeout answers 504 rather than sending the request a second time.
    ScriptedBackend silent("silent");
    holdEveryRequest(silent);
    ScriptedBackend healthy("healthy");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({silent.url(), healthy.url()}, shortResponseTimeout()));

    const ParsedResponse response = RawClient::exchangeOnce(
        gateway.port(), RawClient::request("POST", "/svc/order", "Content-Length: 2\r\n") + "hi");
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 504);
    QCOMPARE(silent.requests().size(), 1);
    QCOMPARE(silent.requests().first().body.bytes(), QByteArray("hi"));
    QCOMPARE(healthy.requests().size(), 0);

    QVERIFY(gateway.waitForRecords(1));
    const RequestRecord &record = gateway.records().first();
    QCOMPARE(record.outcome, Outcome::UpstreamTimeout);
    QCOMPARE(record.status, 504);
    QCOMPARE(record.attempts.size(), 1);
    QCOMPARE(record.attempts[0].backendIndex, 0);
    QVERIFY2(record.attempts[0].error.contains("timeout"), record.attempts[0].error.constData());
}

void TestProxyUpstreamFailures::answers502ForBadResponse_data() {
    QTest::addColumn<QByteArray>("raw");

    QTest::newRow("CL and TE") << QByteArray(
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
        "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    QTest::newRow("duplicate CL") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
                                                "Content-Length: 6\r\n\r\nhello!");
    QTest::newRow("chunked twice")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"
                      "5\r\nhello\r\n0\r\n\r\n");
    QTest::newRow("status 600") << QByteArray("HTTP/1.1 600 Weird\r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("status 99") << QByteArray("HTTP/1.1 099 Low\r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n");
    QTest::newRow("HTTP/2.0 status line")
        << QByteArray("HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("obs-fold") << QByteArray(
        "HTTP/1.1 200 OK\r\nX-A: 1\r\n 2\r\nContent-Length: 0\r\n\r\n");
    // Bounded like a request head (max_header_bytes, 64 KiB by default), whether in one field or
    // many: a backend sending headers forever must not grow the gateway.
    QTest::newRow("head over max_header_bytes, one field")
        << "HTTP/1.1 200 OK\r\nX-Big: " + QByteArray(70000, 'a') + "\r\nContent-Length: 0\r\n\r\n";
    QTest::newRow("head over max_header_bytes, many fields")
        << "HTTP/1.1 200 OK\r\n" + QByteArray("X-A: 1\r\n").repeated(10000) +
               "Content-Length: 0\r\n\r\n";
    QTest::newRow("reason phrase over max_header_bytes")
        << "HTTP/1.1 200 " + QByteArray(70000, 'k') + "\r\nContent-Length: 0\r\n\r\n";
    const QByteArray earlyHints = "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n";
    QTest::newRow("more interim responses than allowed")
        << earlyHints.repeated(UpstreamConnection::maxInterimResponses + 1) +
               "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
}

void TestProxyUpstreamFailures::answers502ForBadResponse() {
    QFETCH(QByteArray, raw);

    ScriptedBackend broken("broken");
    broken.answerRaw(raw);
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({broken.url()}));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("GET", "/svc/x"));
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 502);
    // That upstream connection is out of step: closed, never pooled.
    QTRY_COMPARE(broken.openConnections(), 0);

    QVERIFY(gateway.waitForRecords(1));
    const RequestRecord &record = gateway.records().first();
    QCOMPARE(record.outcome, Outcome::UpstreamError);
    QCOMPARE(record.status, 502);
    QVERIFY(!record.attempts.last().error.isEmpty());
}

void TestProxyUpstreamFailures::abortsClientWhenResponseIsCut_data() {
    QTest::addColumn<BackendReply::Framing>("framing");
    QTest::addColumn<bool>("reset"); // RST after the head reached the client, else FIN

    QTest::newRow("content-length, close") << BackendReply::Framing::ContentLength << false;
    QTest::newRow("chunked, close") << BackendReply::Framing::Chunked << false;
    QTest::newRow("content-length, reset") << BackendReply::Framing::ContentLength << true;
    QTest::newRow("chunked, reset") << BackendReply::Framing::Chunked << true;
}

void TestProxyUpstreamFailures::abortsClientWhenResponseIsCut() {
    QFETCH(BackendReply::Framing, framing);
    QFETCH(bool, reset);

    ScriptedBackend failing("failing");
    failing.setHandler([&](const ReceivedRequest &, BackendReply &reply) {
        reply.body = QByteArray(1000, 'x');
        reply.framing = framing;
        reply.chunkSize = 50;
        reply.ending = reset ? BackendReply::Ending::Stall : BackendReply::Ending::Close;
        reply.endAfterBodyBytes = 100;
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({failing.url()}));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("GET", "/svc/x"));
    if (reset) {
        QVERIFY(client.waitForHead());
        failing.resetConnections();
    }
    // The head and part of the body may or may not have reached the client before the
    // connection was cut; what matters is that no complete response did.
    const ParsedResponse response = client.readResponse();
    QVERIFY2(!response.complete, "a cut response reached the client as a complete one");
    QVERIFY2(response.error.contains("connection closed"), response.error.constData());
    QVERIFY(response.body.size() <= 100);
    QVERIFY(client.waitForDisconnected());

    QVERIFY(gateway.waitForRecords(1));
    const RequestRecord &record = gateway.records().first();
    QCOMPARE(record.outcome, Outcome::Aborted);
    // The status sent stays (nginx's $status); the cut and the result say it was not complete
    // (README, "What the counts mean").
    QCOMPARE(record.status, 200);
    QVERIFY(isResponseCut(record));
    QCOMPARE(resultOf(record), RequestResult::Failed);
    QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
        return snapshot.failedRequests == 1 && snapshot.attemptErrors == 1;
    }));
}

void TestProxyUpstreamFailures::resetsHttp10ClientWhenResponseIsCut_data() {
    QTest::addColumn<BackendReply::Framing>("framing");
    QTest::newRow("chunked") << BackendReply::Framing::Chunked;
    QTest::newRow("content-length") << BackendReply::Framing::ContentLength;
}

void TestProxyUpstreamFailures::resetsHttp10ClientWhenResponseIsCut() {
    // An HTTP/1.0 client reads these bodies until the connection closes: a FIN would make the
    // cut response look complete, so the gateway resets the connection instead.
    QFETCH(BackendReply::Framing, framing);
    ScriptedBackend failing("failing");
    failing.setHandler([&](const ReceivedRequest &, BackendReply &reply) {
        reply.body = QByteArray(1000, 'x');
        reply.framing = framing;
        reply.chunkSize = 50;
        reply.ending = BackendReply::Ending::Stall;
        reply.endAfterBodyBytes = 100;
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({failing.url()}));

    ConnectionEnding client(gateway.port());
    QVERIFY(client.isConnected());
    QVERIFY(client.send("GET /svc/x HTTP/1.0\r\n\r\n"));
    QTRY_VERIFY(client.received().contains("\r\n\r\n") || client.readUntilEnd());
    failing.resetConnections();
    QTRY_VERIFY(client.readUntilEnd());
    QCOMPARE(client.end(), ConnectionEnding::End::Reset);
    QVERIFY(client.received().startsWith("HTTP/1.0 200") ||
            client.received().startsWith("HTTP/1.1 200"));

    QVERIFY(gateway.waitForRecords(1));
    QCOMPARE(gateway.records().first().outcome, Outcome::Aborted);
}

void TestProxyUpstreamFailures::abortsClientWhenBodyIsMalformed_data() {
    QTest::addColumn<QByteArray>("raw");

    // The head is valid and already on its way to the client when the body breaks: too late
    // for a 502, so the client connection is cut.
    QTest::newRow("bad chunk size")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    QTest::newRow("chunk without CRLF")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n");
}

void TestProxyUpstreamFailures::abortsClientWhenBodyIsMalformed() {
    QFETCH(QByteArray, raw);

    ScriptedBackend broken("broken");
    broken.answerRaw(raw);
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({broken.url()}));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("GET", "/svc/x"));
    const ParsedResponse response = client.readResponse();
    QVERIFY2(!response.complete, "a broken response reached the client as a complete one");
    QVERIFY2(response.error.contains("connection closed"), response.error.constData());
    QVERIFY(client.waitForDisconnected());
    QTRY_COMPARE(broken.openConnections(), 0);

    QVERIFY(gateway.waitForRecords(1));
    QCOMPARE(gateway.records().first().outcome, Outcome::Aborted);
}

void TestProxyUpstreamFailures::dropsConnectionWithStrayBytes_data() {
    QTest::addColumn<int>("strayDelayMs"); // -1: in the same write as the response

    QTest::newRow("right behind the response") << -1;
    QTest::newRow("while the connection is idle") << 50;
}

void TestProxyUpstreamFailures::dropsConnectionWithStrayBytes() {
    QFETCH(int, strayDelayMs);
    const QByteArray stray = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nEVIL!";

    ScriptedBackend backend("b");
    backend.setHandler([&](const ReceivedRequest &request, BackendReply &reply) {
        if (request.target != "/first") {
            reply.body = "second";
            return;
        }
        reply.kind = BackendReply::Kind::Raw;
        reply.rawBytes = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst";
        if (strayDelayMs < 0) {
            reply.rawBytes += stray;
        } else {
            reply.strayBytes = stray;
            reply.strayDelayMs = strayDelayMs;
        }
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("GET", "/svc/first"));
    const ParsedResponse first = client.readResponse();
    QVERIFY2(first.complete, first.error.constData());
    QCOMPARE(first.body.bytes(), QByteArray("first"));
    // The gateway closes the connection that sent bytes with no request outstanding.
    QTRY_COMPARE(backend.connectionsClosed(), 1);

    client.send(RawClient::request("GET", "/svc/second"));
    const ParsedResponse second = client.readResponse();
    QVERIFY2(second.complete, second.error.constData());
    QCOMPARE(second.status, 200);
    QCOMPARE(second.body.bytes(), QByteArray("second"));
    QCOMPARE(backend.connectionsAccepted(), 2);
    QCOMPARE(backend.requests().size(), 2);
}

void TestProxyUpstreamFailures::staleKeepAliveConnection_data() {
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("status");
    QTest::newRow("GET is sent again") << QByteArray("GET") << 200;
    QTest::newRow("POST is not") << QByteArray("POST") << 502;
}

void TestProxyUpstreamFailures::staleKeepAliveConnection() {
    // The keep-alive race: the instance closes its idle keep-alive connection just as the
    // gateway reuses it for the next request (here: it reads the request, then closes without
    // a byte). The request never reached the application: not the instance's fault, and an
    // idempotent one goes out again on a new connection.
    QFETCH(QByteArray, method);
    QFETCH(int, status);
    ScriptedBackend backend("b");
    bool raceLost = false;
    backend.setHandler([&raceLost](const ReceivedRequest &request, BackendReply &reply) {
        if (request.target == "/second" && !raceLost) {
            raceLost = true;
            reply.kind = BackendReply::Kind::Raw; // nothing at all, then the connection closes
            reply.connection = BackendReply::Connection::Close;
        }
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("GET", "/svc/first"));
    QCOMPARE(client.readResponse().status, 200);
    client.send(RawClient::request(method, "/svc/second", "Content-Length: 0\r\n"));
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, status);

    QCOMPARE(backend.connectionsAccepted(), status == 200 ? 2 : 1);
    QVERIFY(gateway.waitForRecords(2));
    const RequestRecord &record = gateway.records().last();
    QCOMPARE(record.attempts.size(), status == 200 ? 2 : 1);
    QVERIFY2(record.attempts[0].error.contains("closed"), record.attempts[0].error.constData());
    QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
        const RouteSnapshot *route = snapshot.findRoute("svc");
        return route && route->backends[0].requests > 0 && route->backends[0].attemptErrors == 0;
    }));
}

void TestProxyUpstreamFailures::retriesIdempotentRequestCutBeforeAnyResponseByte_data() {
    // On a fresh connection (not the keep-alive race): the instance read the request, then the
    // connection ended. nginx's proxy_next_upstream error sends it to the next instance; so do
    // we, for a method that may be repeated and as long as nothing of the body went out or of a
    // response came back.
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("reset"); // RST, else FIN
    QTest::addColumn<QByteArray>("partialResponse");
    QTest::addColumn<bool>("retried");

    QTest::newRow("GET, closed") << QByteArray("GET") << QByteArray() << false << QByteArray()
                                 << true;
    QTest::newRow("GET, reset") << QByteArray("GET") << QByteArray() << true << QByteArray()
                                << true;
    QTest::newRow("HEAD, closed") << QByteArray("HEAD") << QByteArray() << false << QByteArray()
                                  << true;
    QTest::newRow("DELETE, reset")
        << QByteArray("DELETE") << QByteArray() << true << QByteArray() << true;
    QTest::newRow("POST, closed: never sent twice")
        << QByteArray("POST") << QByteArray() << false << QByteArray() << false;
    QTest::newRow("PATCH, reset: never sent twice")
        << QByteArray("PATCH") << QByteArray() << true << QByteArray() << false;
    QTest::newRow("PUT whose body went out")
        << QByteArray("PUT") << QByteArray("hello") << false << QByteArray() << false;
    QTest::newRow("GET answered in part") << QByteArray("GET") << QByteArray() << false
                                          << QByteArray("HTTP/1.1 200 OK\r\nX-A") << false;
}

void TestProxyUpstreamFailures::retriesIdempotentRequestCutBeforeAnyResponseByte() {
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, body);
    QFETCH(bool, reset);
    QFETCH(QByteArray, partialResponse);
    QFETCH(bool, retried);

    ScriptedBackend cutting("cutting");
    cutting.setHandler([&partialResponse](const ReceivedRequest &, BackendReply &reply) {
        reply.rawBytes = partialResponse;
        reply.kind =
            partialResponse.isEmpty() ? BackendReply::Kind::NoAnswer : BackendReply::Kind::Raw;
    });
    ScriptedBackend healthy("healthy");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({cutting.url(), healthy.url()}));

    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());
    const QByteArray length = "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    client.send(RawClient::request(method, "/svc/x", length) + body);
    QVERIFY(cutting.waitForRequests(1));
    if (reset)
        cutting.resetConnections();
    else
        cutting.closeConnections();

    const ParsedResponse response = client.readResponse(
        method == "HEAD" ? RawClient::ResponseTo::Head : RawClient::ResponseTo::Other);
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, retried ? 200 : 502);
    QCOMPARE(healthy.requests().size(), retried ? 1 : 0);
    QCOMPARE(cutting.requests().size(), 1);

    QVERIFY(gateway.waitForRecords(1));
    const RequestRecord &record = gateway.records().first();
    QCOMPARE(record.attempts.size(), retried ? 2 : 1);
    QVERIFY(!record.attempts.first().error.isEmpty());
    QCOMPARE(record.outcome, retried ? Outcome::Ok : Outcome::UpstreamError);
}

QTEST_GUILESS_MAIN(TestProxyUpstreamFailures)
#include "tst_proxyupstreamfailures.moc"
