#include "details/detailspane.h"

#include "balancers/haproxyfeaturetext.h"
#include "capturedsamples.h"
#include "common/instancecolors.h"
#include "details/requestdetailsview.h"
#include "inspector/bodyview.h"
#include "inspector/capturelog.h"
#include "inspector/headersview.h"

#include "config/gatewayconfig.h"
#include "model/capturedheadbuilder.h"

#include <QCheckBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>

// The details pane's tabs over a CaptureLog (README, "Inspecting traffic"): what each tab shows
// of a captured exchange, masking and its reveal, the replay link, and rows not captured.
class TestDetailsPane : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void tabsShowTheCapturedExchange();
    void headersAreMaskedUntilRevealed();
    void configuredNamesAreMaskedToo();
    void gatewaysOwnAnswerSaysWhatWasNeverThere();
    void rowNotCapturedSaysSo();
    void haproxyRowSaysItsLogHasNoHeaders();
    void captureArrivingLaterIsShown();
    void replayShowsALinkToTheOriginal();
    void restartedGatewayDoesNotConfuseOldRows();

private:
    QString headersText() const { return m_pane->headersView()->browser()->toPlainText(); }

    InstanceColors m_colors;
    RequestDetailsView *m_summary = nullptr;
    DetailsPane *m_pane = nullptr;
    CaptureLog *m_captures = nullptr;
};

void TestDetailsPane::init() {
    m_summary = new RequestDetailsView(m_colors);
    m_pane = new DetailsPane(*m_summary);
    m_captures = new CaptureLog;
    m_pane->setCaptureLog(*m_captures);
}

void TestDetailsPane::cleanup() {
    delete m_pane;
    delete m_captures;
}

void TestDetailsPane::tabsShowTheCapturedExchange() {
    const CapturedExchange order = CapturedSamples::forwardedOrder();
    m_captures->addCaptures({order});
    m_pane->showRecord(order.record());
    QVERIFY(m_pane->tabs()->isTabEnabled(DetailsPane::HeadersTab));
    QCOMPARE(m_pane->tabs()->tabText(DetailsPane::RequestBodyTab), QStringLiteral("Request"));
    QCOMPARE(m_pane->tabs()->tabToolTip(DetailsPane::RequestBodyTab),
             QStringLiteral("Request Body"));

    const QString headers = headersText();
    QVERIFY2(
        headers.contains(QStringLiteral("Request from the client\nPOST "
                                        "/api/orders?id=7&q=a%20b HTTP/1.1\nHost: gateway.test")),
        qPrintable(headers));
    QVERIFY(headers.contains(QStringLiteral("Request sent to the instance\nPOST "
                                            "/orders?id=7&q=a%20b HTTP/1.1")));
    // What the gateway added upstream is marked.
    QVERIFY(headers.contains(QStringLiteral("+ X-Forwarded-For: 127.0.0.1")));
    QVERIFY(headers.contains(QStringLiteral("Response from the instance\nHTTP/1.1 201 Created")));
    QVERIFY(headers.contains(QStringLiteral("+ Via: 1.1 gateway-console-0123456789abcdef")));

    QCOMPARE(m_pane->requestBodyView()->shownText(),
             QStringLiteral("{\n  \"sku\": \"A-1\",\n  \"qty\": 2\n}"));
    QCOMPARE(m_pane->responseBodyView()->shownText(),
             QStringLiteral("{\n  \"id\": 7,\n  \"items\": [\n    {\n      \"sku\": \"A-1\",\n"
                            "      \"qty\": 2\n    }\n  ],\n  \"note\": \"grüße\"\n}"));
    QVERIFY(m_pane->responseBodyView()->infoText().contains(QStringLiteral("Decoded from gzip")));
    QVERIFY(m_pane->replayLabel()->isHidden());
}

void TestDetailsPane::headersAreMaskedUntilRevealed() {
    const CapturedExchange order = CapturedSamples::forwardedOrder();
    m_captures->addCaptures({order, CapturedSamples::truncatedImage()});
    m_pane->showRecord(order.record());
    QVERIFY(headersText().contains(QStringLiteral("Authorization: [masked]")));
    QVERIFY(headersText().contains(QStringLiteral("Cookie: [masked]")));
    QVERIFY(headersText().contains(QStringLiteral("Set-Cookie: [masked]")));
    QVERIFY(!headersText().contains(QStringLiteral("s3cret")));

    m_pane->headersView()->revealBox()->setChecked(true);
    QVERIFY(headersText().contains(QStringLiteral("Authorization: Bearer s3cret")));
    QVERIFY(headersText().contains(QStringLiteral("Set-Cookie: session=def; Path=/; HttpOnly")));

    // Another exchange starts masked again; so does coming back to this one.
    m_pane->showRecord(CapturedSamples::truncatedImage().record());
    QVERIFY(!m_pane->headersView()->secretsShown());
    m_pane->showRecord(order.record());
    QVERIFY(headersText().contains(QStringLiteral("Authorization: [masked]")));
}

void TestDetailsPane::configuredNamesAreMaskedToo() {
    CaptureConfig config;
    config.maskHeaders = {"Location"};
    m_captures->configure(config);
    const CapturedExchange order = CapturedSamples::forwardedOrder();
    m_captures->addCaptures({order});
    m_pane->showRecord(order.record());
    QVERIFY(headersText().contains(QStringLiteral("Location: [masked]")));
}

void TestDetailsPane::gatewaysOwnAnswerSaysWhatWasNeverThere() {
    const CapturedExchange noRoute = CapturedSamples::noRoute();
    m_captures->addCaptures({noRoute});
    m_pane->showRecord(noRoute.record());
    QVERIFY(headersText().contains(
        QStringLiteral("Request sent to the instance\n(never sent upstream: the gateway answered "
                       "itself)")));
    QVERIFY(headersText().contains(
        QStringLiteral("Response from the instance\n(no response from an instance)")));
    QCOMPARE(m_pane->requestBodyView()->infoText(), QStringLiteral("No body."));
    QCOMPARE(m_pane->responseBodyView()->shownText(), QStringLiteral("no route\n"));
}

void TestDetailsPane::rowNotCapturedSaysSo() {
    const RequestRecord record = CapturedSamples::forwardedOrder().record();
    m_pane->showRecord(record);
    QVERIFY(m_pane->requestBodyView()->infoText().startsWith(QStringLiteral("Not captured")));
    QVERIFY(headersText().startsWith(QStringLiteral("Not captured")));

    m_pane->clearRecord();
    QVERIFY(!m_pane->tabs()->isTabEnabled(DetailsPane::HeadersTab));
}

void TestDetailsPane::haproxyRowSaysItsLogHasNoHeaders() {
    RequestRecord record = CapturedSamples::forwardedOrder().record();
    record.source = RecordSource::HaproxyLog;
    m_pane->showRecord(record);
    const QString why = HaproxyFeatureText::reason(HaproxySession::Feature::TrafficInspector);
    QCOMPARE(headersText(), why);
    QCOMPARE(m_pane->requestBodyView()->infoText(), why);
    QCOMPARE(m_pane->responseBodyView()->infoText(), why);
}

void TestDetailsPane::captureArrivingLaterIsShown() {
    const CapturedExchange order = CapturedSamples::forwardedOrder();
    m_pane->showRecord(order.record());
    QVERIFY(headersText().startsWith(QStringLiteral("Not captured")));
    m_captures->addCaptures({order});
    QVERIFY(headersText().contains(QStringLiteral("Request from the client")));
}

void TestDetailsPane::replayShowsALinkToTheOriginal() {
    CapturedExchangeParts parts = CapturedSamples::forwardedOrder().parts();
    parts.record.id = 50;
    parts.requestReceived = CapturedHeadBuilder()
                                .startLineOf(parts.requestReceived)
                                .fields(parts.requestReceived)
                                .field("X-Gateway-Replay-Of", "42")
                                .build();
    const CapturedExchange replay(parts);
    m_captures->addCaptures({replay});
    m_pane->showRecord(replay.record());
    QVERIFY(!m_pane->replayLabel()->isHidden());
    QVERIFY2(m_pane->replayLabel()->text().contains(QStringLiteral("replay of #42")),
             qPrintable(m_pane->replayLabel()->text()));
    QSignalSpy activated(m_pane, &DetailsPane::replayOriginActivated);
    Q_EMIT m_pane->replayLabel()->linkActivated(QStringLiteral("record:42"));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().toULongLong(), quint64(42));
}

void TestDetailsPane::restartedGatewayDoesNotConfuseOldRows() {
    const CapturedExchange before = CapturedSamples::forwardedOrder();
    m_captures->addCaptures({before});
    // The gateway started again and numbers from 1: a new exchange with a lower id.
    CapturedExchangeParts parts = CapturedSamples::noRoute().parts();
    parts.record.id = 1;
    m_captures->addCaptures({CapturedExchange(parts)});
    QVERIFY(m_captures->find(parts.record).has_value());
    QVERIFY(!m_captures->find(before.record()).has_value());
    // Same id, other start time: another request.
    RequestRecord other = parts.record;
    other.startedAtMs += 1;
    QVERIFY(!m_captures->find(other).has_value());
}

QTEST_MAIN(TestDetailsPane)
#include "tst_detailspane.moc"
