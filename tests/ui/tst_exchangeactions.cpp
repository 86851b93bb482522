#include "inspector/exchangeactions.h"
#include "refusingport.h"

#include "dialogs/resenddialog.h"
#include "gatewayfixture.h"
#include "inspector/capturelog.h"
#include "inspector/replayrequest.h"
#include "scriptedbackend.h"

#include "inspect/curlcommand.h"
#include "model/capturedheadbuilder.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QWidget>

// The log's row actions (README, "Inspecting traffic"): what each copies, exactly, and that
// Replay and Edit and Resend send the request again, through a real gateway on port 0 or
// straight to the instance, as a ScriptedBackend receives it.
class TestExchangeActions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void replayBytesReframeTheBody();
    void copiesAreExactAndMasked();
    void filterActionsGiveTheFilterTerms();
    void actionsFollowWhatWasCaptured();
    void replaySendsTheRequestAgainThroughTheGateway();
    void replayFromAFilesRowIsNotLinkedToALiveRow();
    void editAndResendSendsTheEditedRequestToTheInstance();
    void editAndResendSwitchesHostWithTheDestinationUnlessEdited();
    void refusedConnectionIsReported();

private:
    CapturedExchange upload(quint64 id) const;
    // upload(id), captured and selected in the log: what most actions work on.
    CapturedExchange selectCapturedUpload(quint64 id);

    QWidget *m_window = nullptr;
    CaptureLog *m_captures = nullptr;
    ExchangeActions *m_actions = nullptr;
    ScriptedBackend *m_backend = nullptr;
    GatewayFixture *m_gateway = nullptr;
};

void TestExchangeActions::init() {
    m_window = new QWidget;
    m_captures = new CaptureLog;
    m_actions = new ExchangeActions(*m_window);
    m_actions->setCaptureLog(*m_captures, ExchangeActions::RowsFrom::LiveLog);
    m_backend = new ScriptedBackend("items");
    m_gateway = new GatewayFixture;
    QVERIFY(m_gateway->startSingleRoute({m_backend->url()}));
    m_actions->setGatewayOrigin(QStringLiteral("http://127.0.0.1:%1").arg(m_gateway->port()));
}

void TestExchangeActions::cleanup() {
    delete m_actions;
    delete m_gateway;
    delete m_backend;
    delete m_captures;
    delete m_window;
}

// POST /svc/items/7?x=1 with a JSON body and a credential, forwarded to the backend.
CapturedExchange TestExchangeActions::upload(quint64 id) const {
    CapturedExchangeParts parts;
    parts.record.id = id;
    parts.record.startedAtMs = 1796556090123;
    parts.record.method = "POST";
    parts.record.target = "/svc/items/7?x=1";
    parts.record.routeId = QStringLiteral("svc");
    parts.record.backendId = 1;
    parts.record.backendIndex = 0;
    parts.record.backendName = QStringLiteral("127.0.0.1:%1").arg(m_backend->port());
    parts.record.backendUrl = m_backend->url().toString().toUtf8();
    parts.record.status = 201;
    parts.requestReceived = CapturedHeadBuilder()
                                .requestLine("POST", "/svc/items/7?x=1")
                                .fields({{"Host", "shop.test"},
                                         {"Content-Type", "application/json"},
                                         {"Authorization", "Bearer s3cret"},
                                         {"Transfer-Encoding", "chunked"}})
                                .build();
    parts.requestSent = CapturedHeadBuilder()
                            .requestLine("POST", "/items/7?x=1")
                            .fields(parts.requestReceived)
                            .build();
    parts.requestBody = CapturedBody::fromBytes(R"({"qty":2})", 1 << 20);
    parts.responseSent =
        CapturedHeadBuilder().statusLine(201, "Created").field("Content-Length", "2").build();
    parts.responseBody = CapturedBody::fromBytes("ok", 1 << 20);
    return CapturedExchange(parts);
}

CapturedExchange TestExchangeActions::selectCapturedUpload(quint64 id) {
    const CapturedExchange exchange = upload(id);
    m_captures->addCaptures({exchange});
    m_actions->setRecord(exchange.record());
    return exchange;
}

void TestExchangeActions::replayBytesReframeTheBody() {
    const CapturedExchange exchange = upload(42);
    QCOMPARE(replayRequestBytes(exchange.requestReceived(), exchange.requestBody().bytes, 42),
             QByteArray("POST /svc/items/7?x=1 HTTP/1.1\r\n"
                        "Host: shop.test\r\n"
                        "Content-Type: application/json\r\n"
                        "Authorization: Bearer s3cret\r\n"
                        "Content-Length: 9\r\n"
                        "Connection: close\r\n"
                        "X-Gateway-Replay-Of: 42\r\n"
                        "\r\n"
                        R"({"qty":2})"));
    const CapturedHead replayed = CapturedHeadBuilder()
                                      .startLineOf(exchange.requestReceived())
                                      .fields(exchange.requestReceived())
                                      .field("x-gateway-replay-of", " 42 ")
                                      .build();
    QCOMPARE(replayOriginOf(replayed), std::optional<quint64>(42));
    QCOMPARE(replayOriginOf(exchange.requestReceived()), std::nullopt);
}

void TestExchangeActions::copiesAreExactAndMasked() {
    const CapturedExchange exchange = selectCapturedUpload(42);
    const QString origin = QStringLiteral("http://127.0.0.1:%1").arg(m_gateway->port());
    QClipboard *clipboard = QApplication::clipboard();

    m_actions->copyUrlAction()->trigger();
    QCOMPARE(clipboard->text(), origin + QStringLiteral("/svc/items/7?x=1"));

    m_actions->copyRawRequestAction()->trigger();
    QCOMPARE(clipboard->text(), QStringLiteral("POST /svc/items/7?x=1 HTTP/1.1\r\n"
                                               "Host: shop.test\r\n"
                                               "Content-Type: application/json\r\n"
                                               "Authorization: [masked]\r\n"
                                               "Transfer-Encoding: chunked\r\n"
                                               "\r\n"
                                               R"({"qty":2})"));

    m_actions->copyRawResponseAction()->trigger();
    QCOMPARE(clipboard->text(),
             QStringLiteral("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"));

    m_actions->copyCurlAction()->trigger();
    const QString curl = clipboard->text();
    QCOMPARE(curl, QString::fromUtf8(*CurlCommand(origin.toUtf8(), HeaderMask())
                                          .command(exchange, CurlCommand::Destination::Gateway)));
    QVERIFY2(curl.contains(QStringLiteral("-H 'Authorization: [masked]'")), qPrintable(curl));
    QVERIFY(curl.contains(origin + QStringLiteral("/svc/items/7?x=1")));

    m_actions->copyCurlToInstanceAction()->trigger();
    QVERIFY2(
        clipboard->text().contains(m_backend->url().toString() + QStringLiteral("/items/7?x=1")),
        qPrintable(clipboard->text()));
}

void TestExchangeActions::filterActionsGiveTheFilterTerms() {
    const CapturedExchange exchange = upload(42);
    m_actions->setRecord(exchange.record()); // not captured: the filters still work
    QSignalSpy filter(m_actions, &ExchangeActions::filterRequested);
    m_actions->filterByRouteAction()->trigger();
    m_actions->filterByInstanceAction()->trigger();
    m_actions->filterByStatusAction()->trigger();
    QCOMPARE(filter.count(), 3);
    QCOMPARE(filter.at(0).first().toString(), QStringLiteral("route:svc"));
    QCOMPARE(filter.at(1).first().toString(),
             QStringLiteral("route:svc instance:127.0.0.1:%1").arg(m_backend->port()));
    QCOMPARE(filter.at(2).first().toString(), QStringLiteral("status:201"));
}

void TestExchangeActions::actionsFollowWhatWasCaptured() {
    QMenu menu;
    m_actions->addTo(menu);
    QVERIFY(menu.actions().contains(m_actions->replayAction()));
    QVERIFY(!m_actions->copyCurlAction()->isEnabled()); // no row picked

    const CapturedExchange exchange = upload(42);
    m_actions->setRecord(exchange.record());
    QVERIFY(!m_actions->copyRawRequestAction()->isEnabled()); // not captured
    QVERIFY(m_actions->filterByRouteAction()->isEnabled());

    // A body cut at the limit cannot be replayed whole; it can be edited and resent.
    CapturedExchangeParts parts = exchange.parts();
    parts.requestBody = CapturedBody::fromBytes(QByteArray(100, 'x'), 10);
    m_captures->addCaptures({CapturedExchange(parts)});
    QVERIFY(m_actions->copyRawRequestAction()->isEnabled());
    QVERIFY(!m_actions->replayAction()->isEnabled());
    QVERIFY(m_actions->editAndResendAction()->isEnabled());

    // Nothing listening: nothing to send to.
    m_actions->setGatewayOrigin(QString());
    QVERIFY(!m_actions->editAndResendAction()->isEnabled());
    QVERIFY(!m_actions->copyCurlAction()->isEnabled());
}

void TestExchangeActions::replaySendsTheRequestAgainThroughTheGateway() {
    const CapturedExchange exchange = selectCapturedUpload(42);
    QSignalSpy messages(m_actions, &ExchangeActions::message);

    m_actions->replayAction()->trigger();
    QVERIFY(m_backend->waitForRequests(1));
    const ReceivedRequest &received = m_backend->requests().constFirst();
    QCOMPARE(received.method, QByteArray("POST"));
    QCOMPARE(received.target, QByteArray("/items/7?x=1"));
    QCOMPARE(received.body.bytes(), QByteArray(R"({"qty":2})"));
    QCOMPARE(received.headers.value("Authorization"), QByteArray("Bearer s3cret"));
    QCOMPARE(received.headers.value("Content-Type"), QByteArray("application/json"));
    QCOMPARE(received.headers.value("X-Gateway-Replay-Of"), QByteArray("42"));
    QVERIFY(!received.headers.contains("Transfer-Encoding"));

    // The gateway logged it as a whole exchange, and the status bar hears the answer.
    QVERIFY(m_gateway->waitForRecords(1));
    QCOMPARE(m_gateway->records().constFirst().target, QByteArray("/svc/items/7?x=1"));
    QCOMPARE(m_gateway->records().constFirst().outcome, Outcome::Ok);
    QTRY_VERIFY(!messages.isEmpty() &&
                messages.last().first().toString().endsWith(QStringLiteral(": HTTP/1.1 200 OK")));
}

void TestExchangeActions::replayFromAFilesRowIsNotLinkedToALiveRow() {
    // The file's #42 is not the live log's #42: the replay goes out unlinked.
    m_actions->setCaptureLog(*m_captures, ExchangeActions::RowsFrom::File);
    selectCapturedUpload(42);
    QSignalSpy messages(m_actions, &ExchangeActions::message);

    m_actions->replayAction()->trigger();
    QVERIFY(m_backend->waitForRequests(1));
    const ReceivedRequest &received = m_backend->requests().constFirst();
    QCOMPARE(received.target, QByteArray("/items/7?x=1"));
    QCOMPARE(received.body.bytes(), QByteArray(R"({"qty":2})"));
    QVERIFY(!received.headers.contains("X-Gateway-Replay-Of"));
    QTRY_VERIFY(!messages.isEmpty() &&
                messages.last().first().toString().startsWith(QStringLiteral("Sent #42 again")));
}

void TestExchangeActions::editAndResendSendsTheEditedRequestToTheInstance() {
    const CapturedExchange exchange = selectCapturedUpload(42);
    m_actions->setInstanceUrls({m_backend->url().toString()});

    m_actions->editAndResendAction()->trigger();
    auto *dialog = m_window->findChild<ResendDialog *>();
    QVERIFY(dialog);
    // The dialog shows no credential.
    QVERIFY(
        dialog->headersEdit()->toPlainText().contains(QStringLiteral("Authorization: [masked]")));
    QCOMPARE(dialog->targetEdit()->text(), QStringLiteral("/svc/items/7?x=1"));
    dialog->methodEdit()->setText(QStringLiteral("PUT"));
    dialog->bodyEdit()->setPlainText(QStringLiteral(R"({"qty":3})"));
    dialog->headersEdit()->setPlainText(dialog->headersEdit()->toPlainText() +
                                        QStringLiteral("\nX-Extra: yes"));
    dialog->destinationBox()->setCurrentIndex(1); // straight to the instance
    QCOMPARE(dialog->targetEdit()->text(), QStringLiteral("/items/7?x=1"));
    dialog->accept();

    QVERIFY(m_backend->waitForRequests(1));
    const ReceivedRequest &received = m_backend->requests().constFirst();
    QCOMPARE(received.method, QByteArray("PUT"));
    QCOMPARE(received.target, QByteArray("/items/7?x=1"));
    QCOMPARE(received.body.bytes(), QByteArray(R"({"qty":3})"));
    QCOMPARE(received.headers.value("Authorization"), QByteArray("Bearer s3cret"));
    QCOMPARE(received.headers.value("X-Extra"), QByteArray("yes"));
    QCOMPARE(received.headers.value("X-Gateway-Replay-Of"), QByteArray("42"));
    // The Host the gateway would have sent it (its authority), not the client's.
    QCOMPARE(received.headers.value("Host"), m_backend->url().authority().toLatin1());
    // Straight to the instance: the gateway saw nothing.
    QVERIFY(!received.headers.contains("Via"));
    QVERIFY(m_gateway->records().isEmpty());
}

void TestExchangeActions::editAndResendSwitchesHostWithTheDestinationUnlessEdited() {
    selectCapturedUpload(42);
    m_actions->setInstanceUrls({m_backend->url().toString()});
    m_actions->editAndResendAction()->trigger();
    auto *dialog = m_window->findChild<ResendDialog *>();
    QVERIFY(dialog);
    const auto hostLine = [dialog] {
        const QStringList lines = dialog->headersEdit()->toPlainText().split(QLatin1Char('\n'));
        return lines.filter(QRegularExpression(QStringLiteral("^Host:"))).value(0);
    };
    QCOMPARE(hostLine(), QStringLiteral("Host: shop.test"));
    dialog->destinationBox()->setCurrentIndex(1);
    QCOMPARE(hostLine(), QStringLiteral("Host: ") + m_backend->url().authority());
    dialog->destinationBox()->setCurrentIndex(0);
    QCOMPARE(hostLine(), QStringLiteral("Host: shop.test"));

    // A Host the user typed is theirs, wherever the request goes.
    dialog->headersEdit()->setPlainText(dialog->headersEdit()->toPlainText().replace(
        QStringLiteral("Host: shop.test"), QStringLiteral("Host: mine.test")));
    dialog->destinationBox()->setCurrentIndex(1);
    QCOMPARE(hostLine(), QStringLiteral("Host: mine.test"));
    dialog->reject();
}

void TestExchangeActions::refusedConnectionIsReported() {
    const CapturedExchange exchange = selectCapturedUpload(42);
    QSignalSpy failed(m_actions, &ExchangeActions::sendFailed);
    const RefusingPort refusing;
    m_actions->send(exchange.requestReceived(), {}, refusing.url(), 42);
    QVERIFY(failed.wait());
    QVERIFY2(failed.first().first().toString().startsWith(
                 QStringLiteral("Sending #42 again to http://127.0.0.1:")),
             qPrintable(failed.first().first().toString()));
}

QTEST_MAIN(TestExchangeActions)
#include "tst_exchangeactions.moc"
