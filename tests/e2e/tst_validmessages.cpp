// Messages RFC 9110/9112 allow pass through the gateway both ways, and the instance that sends
// them stays in rotation: an empty header value in a request reaches the instance, one in a
// response reaches the client, and neither a passive failure nor a failed probe follows; an
// empty Host and an absolute-form target are valid; interim responses up to the limit are
// relayed (docs/RELIABILITY.md, "What the parser refuses and why").
#include "gatewayfixture.h"
#include "proxy/upstreamconnection.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QLoggingCategory>
#include <QTest>

using namespace std::chrono_literals;

class TestValidMessages final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void emptyRequestHeaderValuesReachTheInstance();
    void emptyResponseHeaderValuesReachTheClient();
    void probeAnsweredWithEmptyHeaderValueMarksUp();
    void emptyHostIsAccepted();
    void absoluteFormIsRoutedLikeOriginForm();
    void interimResponsesUpToTheLimitAreRelayed();
};

namespace {

const QByteArray emptyValueResponse =
    "HTTP/1.1 200 OK\r\nX-Empty:\r\nX-Blank: \r\nContent-Length: 2\r\n\r\nok";

} // namespace

void TestValidMessages::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestValidMessages::emptyRequestHeaderValuesReachTheInstance() {
    ScriptedBackend backend("b");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));

    const ParsedResponse response = RawClient::exchangeOnce(
        gateway.port(), RawClient::request("GET", "/svc/x", "X-Empty:\r\nX-Blank: \t\r\n"));
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QVERIFY(backend.waitForRequests(1));
    const HeaderList &received = backend.requests().first().headers;
    QCOMPARE(received.value("X-Empty"), std::optional<QByteArray>(QByteArray()));
    QCOMPARE(received.value("X-Blank"), std::optional<QByteArray>(QByteArray()));
}

void TestValidMessages::emptyResponseHeaderValuesReachTheClient() {
    ScriptedBackend backend("b");
    backend.answerRaw(emptyValueResponse);
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));

    // Three in a row, each a clean attempt: taken for a malformed response, each would be a 502
    // and a failure of the instance.
    for (int i = 0; i < 3; ++i) {
        const ParsedResponse response =
            RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/svc/x"));
        QVERIFY2(response.complete, response.error.constData());
        QCOMPARE(response.status, 200);
        QCOMPARE(response.headers.value("X-Empty"), std::optional<QByteArray>(QByteArray()));
        QCOMPARE(response.headers.value("X-Blank"), std::optional<QByteArray>(QByteArray()));
        QCOMPARE(response.body.bytes(), QByteArray("ok"));
    }
    QVERIFY(gateway.waitForRecords(3));
    for (const RequestRecord &record : gateway.records()) {
        QCOMPARE(record.outcome, Outcome::Ok);
        QCOMPARE(record.attempts.size(), 1);
        QVERIFY(record.attempts.first().error.isEmpty());
    }
}

void TestValidMessages::probeAnsweredWithEmptyHeaderValueMarksUp() {
    ScriptedBackend backend("b");
    backend.answerRaw(emptyValueResponse);
    GatewayConfig config = GatewayFixture::singleRouteConfig({backend.url()});
    config.routes[0].healthCheck = GatewayFixture::healthChecks(50ms, 2, 1);
    GatewayFixture gateway;
    QVERIFY2(gateway.start(config), qPrintable(gateway.startError()));

    const auto health = [&gateway] {
        const RouteSnapshot *route = gateway.controller().lastSnapshot().findRoute("svc");
        return route && !route->backends.isEmpty() ? route->backends.first().health
                                                   : Health::Unknown;
    };
    QTRY_COMPARE_WITH_TIMEOUT(health(), Health::Up, 5000);
    QVERIFY(gateway.controller().lastSnapshot().findRoute("svc")->backends.first().lastCheck.ok);
}

void TestValidMessages::emptyHostIsAccepted() {
    ScriptedBackend backend("b");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));

    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), "GET /svc/x HTTP/1.1\r\nHost:\r\n\r\n");
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QVERIFY(backend.waitForRequests(1));
    // The instance gets the Host it is configured with, as for every request.
    QCOMPARE(backend.requests().first().headers.value("Host"),
             std::optional<QByteArray>(backend.url().authority().toLatin1()));
}

void TestValidMessages::absoluteFormIsRoutedLikeOriginForm() {
    // RFC 9112 §3.2.2: a server must accept it; its authority replaces Host.
    ScriptedBackend backend("b");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));

    const ParsedResponse response = RawClient::exchangeOnce(
        gateway.port(),
        "GET http://shop.example:8080/svc/x?q=1 HTTP/1.1\r\nHost: other.example\r\n\r\n");
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QVERIFY(backend.waitForRequests(1));
    const ReceivedRequest &received = backend.requests().first();
    QCOMPARE(received.target, QByteArray("/x?q=1"));
    QCOMPARE(received.headers.value("X-Forwarded-Host"),
             std::optional<QByteArray>("shop.example:8080"));
}

void TestValidMessages::interimResponsesUpToTheLimitAreRelayed() {
    ScriptedBackend backend("b");
    backend.answerRaw(QByteArray("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n")
                          .repeated(UpstreamConnection::maxInterimResponses) +
                      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));

    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/svc/x"));
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.interimStatuses, QList<int>(UpstreamConnection::maxInterimResponses, 103));
}

QTEST_GUILESS_MAIN(TestValidMessages)
#include "tst_validmessages.moc"
