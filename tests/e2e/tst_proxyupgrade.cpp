// Protocol switches and interim responses end to end: a 101 turns the exchange into a raw
// tunnel both ways (WebSocket-like), a refused upgrade closes, an unsolicited 101 or one naming
// no protocol is a bad response, and Expect: 100-continue gets the backend's 100 relayed before
// the body is sent.
#include "gatewayfixture.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QLoggingCategory>
#include <QTest>

class TestProxyUpgrade final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void closesAfterRefusedUpgrade();
    void answers502ForBadSwitch_data();
    void answers502ForBadSwitch();
    void relaysContinue_data();
    void relaysContinue();
    void tunnelsAfterSwitchingProtocols_data();
    void tunnelsAfterSwitchingProtocols();
};

namespace {

QByteArray upgradeRequest(QByteArrayView upgradeLines = "Upgrade: websocket\r\n") {
    return "GET /svc/ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\n" + upgradeLines +
           "Sec-WebSocket-Version: 13\r\n\r\n";
}

} // namespace

void TestProxyUpgrade::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestProxyUpgrade::tunnelsAfterSwitchingProtocols_data() {
    QTest::addColumn<QByteArray>("upgradeLines"); // the client's Upgrade field lines
    QTest::addColumn<QByteArray>("offered");      // the Upgrade the instance sees
    QTest::addColumn<QByteArray>("earlyBytes");   // sent with the request, before the 101

    const QByteArray websocket = "Upgrade: websocket\r\n";
    QTest::newRow("nothing early") << websocket << QByteArray("websocket") << QByteArray();
    QTest::newRow("bytes right behind the request")
        << websocket << QByteArray("websocket") << QByteArray("early-frame");
    // Several lines are one list (RFC 9110 §7.8): forwarding the first alone would hand the
    // instance an empty Upgrade, no upgrade at all for it.
    QTest::newRow("an empty line, then the protocol")
        << QByteArray("Upgrade:\r\nUpgrade: websocket\r\n") << QByteArray("websocket")
        << QByteArray();
    QTest::newRow("protocols over two lines")
        << QByteArray("Upgrade: websocket\r\nUpgrade: ,h2c\r\n") << QByteArray("websocket, h2c")
        << QByteArray();
}

void TestProxyUpgrade::tunnelsAfterSwitchingProtocols() {
    QFETCH(QByteArray, upgradeLines);
    QFETCH(QByteArray, offered);
    QFETCH(QByteArray, earlyBytes);

    ScriptedBackend backend("b");
    backend.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.kind = BackendReply::Kind::SwitchProtocols;
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());

    client.send(upgradeRequest(upgradeLines) + earlyBytes);
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 101);
    QCOMPARE(response.headers.value("upgrade"), offered); // the backend answers what it was offered
    QVERIFY(response.headers.value("connection").value_or("").toLower().contains("upgrade"));

    QCOMPARE(backend.requests().size(), 1);
    const HeaderList &sent = backend.requests().first().headers;
    QCOMPARE(sent.count("upgrade"), 1);
    QCOMPARE(sent.value("upgrade"), offered);
    QVERIFY2(sent.value("connection").value_or("").toLower().contains("upgrade"),
             sent.toText().constData());
    QCOMPARE(sent.value("sec-websocket-version"), QByteArray("13"));

    if (!earlyBytes.isEmpty())
        QCOMPARE(client.readRaw(earlyBytes.size()), earlyBytes);
    // Bytes that look like HTTP are just bytes in the tunnel.
    const QByteArray frames[] = {QByteArray("ping-1"), QByteArray("GET / HTTP/1.1\r\n\r\n"),
                                 QByteArray("\x00\xff\r\n\x81\x7f", 6), QByteArray(70000, 'x')};
    qint64 echoed = earlyBytes.size();
    for (const QByteArray &frame : frames) {
        client.send(frame);
        QCOMPARE(client.readRaw(frame.size()), frame);
        echoed += frame.size();
    }

    backend.closeConnections();
    QVERIFY(client.waitForDisconnected());
    QVERIFY(gateway.waitForRecords(1));
    const RequestRecord &record = gateway.records().first();
    QCOMPARE(record.status, 101);
    QCOMPARE(record.outcome, Outcome::Upgraded);
    QCOMPARE(record.bytesIn, echoed);
    QCOMPARE(record.bytesOut, echoed);
    // An upgrade is no error of any kind (README, "What the counts mean").
    QVERIFY(gateway.waitForSnapshot([](const GatewaySnapshot &snapshot) {
        return snapshot.totalRequests == 1 && snapshot.failedRequests == 0 &&
               snapshot.clientErrors == 0 && snapshot.attemptErrors == 0;
    }));
}

void TestProxyUpgrade::closesAfterRefusedUpgrade() {
    ScriptedBackend backend("b");
    backend.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.status = 426;
        reply.body = "no";
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());

    client.send(upgradeRequest());
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 426);
    QCOMPARE(response.body.bytes(), QByteArray("no"));
    // The client may already have sent bytes of the other protocol: the connection ends here.
    QVERIFY(client.waitForDisconnected());
}

void TestProxyUpgrade::answers502ForBadSwitch_data() {
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("switchHead"); // the instance's 101

    QTest::newRow("unsolicited") << RawClient::request("GET", "/svc/plain")
                                 << QByteArray("HTTP/1.1 101 Switching Protocols\r\n"
                                               "Connection: upgrade\r\nUpgrade: x\r\n\r\n");
    // RFC 9110 §15.2.2: a 101 names the protocol switched to; without one, what follows on
    // the connection has no known meaning.
    QTest::newRow("without Upgrade")
        << upgradeRequest()
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\n\r\n");
    QTest::newRow("naming no protocol")
        << upgradeRequest()
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\n"
                      "Upgrade: ,\r\n\r\n");
}

void TestProxyUpgrade::answers502ForBadSwitch() {
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, switchHead);

    ScriptedBackend backend("b");
    backend.answerRaw(switchHead);
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());

    client.send(request);
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 502);
    QVERIFY(gateway.waitForRecords(1));
    QCOMPARE(gateway.records().first().outcome, Outcome::UpstreamError);
    QTRY_COMPARE(backend.openConnections(), 0);
}

void TestProxyUpgrade::relaysContinue_data() {
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<bool>("expectInterim");

    QTest::newRow("HTTP/1.1") << QByteArray("HTTP/1.1") << true;
    // HTTP/1.0 has no 1xx responses: the client sends its body at once and never sees one.
    QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0") << false;
}

void TestProxyUpgrade::relaysContinue() {
    QFETCH(QByteArray, version);
    QFETCH(bool, expectInterim);

    ScriptedBackend backend("b");
    backend.setExpectContinue(ScriptedBackend::ExpectContinue::SendContinue);
    backend.setHandler([](const ReceivedRequest &request, BackendReply &reply) {
        reply.body = "got " + request.body.bytes();
    });
    GatewayFixture gateway;
    QVERIFY(gateway.startSingleRoute({backend.url()}));
    RawClient client(gateway.port());
    QVERIFY(client.waitForConnected());

    client.send("POST /svc/upload " + version +
                "\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
    if (expectInterim)
        QVERIFY2(client.waitForInterim(100), "no 100 Continue before the body was sent");
    client.send("hello world");
    const ParsedResponse response = client.readResponse();
    QVERIFY2(response.complete, response.error.constData());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.bytes(), QByteArray("got hello world"));
    QCOMPARE(response.interimStatuses, expectInterim ? QList<int>{100} : QList<int>{});
    QCOMPARE(backend.requests().size(), 1);
    QCOMPARE(backend.requests().first().headers.value("expect"), QByteArray("100-continue"));
}

QTEST_GUILESS_MAIN(TestProxyUpgrade)
#include "tst_proxyupgrade.moc"
