// Loop protection end to end (README, "Loop protection"): every forwarded request names the
// gateway in Via, a request that comes back naming it is answered 508 at once, and a route
// whose instance is the gateway itself costs one extra exchange, not thousands of descriptors.
#include "gatewayfixture.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

class TestLoopProtection final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void requestNamingTheGatewayGets508();
    void requestNamingAnotherProxyIsForwarded();
    void routeToItselfStopsAtTheSecondPass_data();
    void routeToItselfStopsAtTheSecondPass();
};

namespace {

// The received-by this gateway writes in Via, as a backend sees it.
QByteArray viaPseudonymOf(GatewayFixture &gateway, ScriptedBackend &backend) {
    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/svc/first"));
    if (response.status != 200 || backend.requests().isEmpty())
        return {};
    const QByteArray via = backend.requests().last().headers.value("via").value_or(QByteArray());
    return via.startsWith("1.1 ") ? via.sliced(4) : QByteArray();
}

} // namespace

void TestLoopProtection::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestLoopProtection::requestNamingTheGatewayGets508() {
    ScriptedBackend backend("a");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    const QByteArray pseudonym = viaPseudonymOf(gateway, backend);
    QVERIFY2(QRegularExpression(QStringLiteral("^gateway-console-[0-9a-f]{16}$"))
                 .match(QString::fromLatin1(pseudonym))
                 .hasMatch(),
             pseudonym.constData());

    // Anywhere in the list, on any Via line, with a comment after it.
    const QByteArray via = "Via: 1.0 fred\r\nVia: 1.1 p.example, 1.1 " + pseudonym + " (loop)\r\n";
    RawClient client(gateway.port());
    client.send(RawClient::request("GET", "/svc/again", via));
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 508);
    QCOMPARE(response.reason, QByteArray("Loop Detected"));
    QVERIFY2(response.body.bytes().contains("passed through this gateway already"),
             response.body.bytes().constData());
    QVERIFY2(response.body.bytes().contains(pseudonym), response.body.bytes().constData());
    QCOMPARE(backend.requests().size(), 1); // only the first request reached it
    // The connection stays usable: the refusal is about the request, not the client.
    client.send(RawClient::request("GET", "/svc/next"));
    QCOMPARE(client.readResponse().status, 200);

    QVERIFY(gateway.waitForRecords(3));
    const RequestRecord &record = gateway.records().at(1);
    QCOMPARE(record.outcome, Outcome::LoopDetected);
    QCOMPARE(outcomeName(record.outcome), QByteArray("loop_detected"));
    QCOMPARE(record.status, 508);
    QCOMPARE(record.target, QByteArray("/svc/again"));
    QVERIFY2(formatReason(record).contains("passed through this gateway already"),
             formatReason(record).constData());
}

void TestLoopProtection::requestNamingAnotherProxyIsForwarded() {
    ScriptedBackend backend("a");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    // Another gateway's pseudonym (or a prefix of ours) is no loop.
    const ParsedResponse response = RawClient::exchangeOnce(
        gateway.port(),
        RawClient::request("GET", "/svc/x", "Via: 1.1 gateway-console-0000000000000000\r\n"));
    QCOMPARE(response.status, 200);
    QCOMPARE(backend.requests().size(), 1);
}

void TestLoopProtection::routeToItselfStopsAtTheSecondPass_data() {
    QTest::addColumn<QString>("host");
    QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1");
    QTest::newRow("localhost") << QStringLiteral("localhost");
}

void TestLoopProtection::routeToItselfStopsAtTheSecondPass() {
    QFETCH(QString, host);
    ScriptedBackend backend("a");
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    // A reload may name the gateway itself (only adding an instance refuses it): the proxy
    // must stop the loop on its own.
    GatewayConfig looping = GatewayFixture::singleRouteConfig(
        {QUrl(QStringLiteral("http://%1:%2/svc").arg(host).arg(gateway.port()))});
    QSignalSpy reloaded(&gateway.controller(), &GatewayController::reloaded);
    gateway.controller().reload(looping);
    QVERIFY(reloaded.wait());

    const ParsedResponse response =
        RawClient::exchangeOnce(gateway.port(), RawClient::request("GET", "/svc/x"));
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 508);
    QVERIFY2(response.body.bytes().contains("passed through this gateway already"),
             response.body.bytes().constData());
    // Two exchanges: the client's, forwarded once, and its return, refused. Any further pass
    // would have finished before the client's answer.
    QVERIFY(gateway.waitForRecords(2));
    QCOMPARE(gateway.records().size(), 2);
    QCOMPARE(gateway.records().at(0).outcome, Outcome::LoopDetected);
    QCOMPARE(gateway.records().at(1).status, 508);
    QCOMPARE(gateway.records().at(1).backendIndex, 0);
    QVERIFY(gateway.waitForSnapshot(
        [](const GatewaySnapshot &snapshot) { return snapshot.upstreamConnectionsOpened == 1; }));
}

QTEST_GUILESS_MAIN(TestLoopProtection)
#include "tst_loopprotection.moc"
