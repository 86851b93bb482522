#include "common/uilanguage.h"
#include "details/detailspane.h"
#include "details/requestdetailsview.h"
#include "inspector/bodyview.h"
#include "inspector/capturelog.h"
#include "inspector/exchangeactions.h"
#include "inspector/harfileview.h"
#include "inspector/headersview.h"
#include "inspector/sessionfileactions.h"
#include "requestlog/requestlogfilter.h"
#include "requestlog/requestlogmodel.h"
#include "requestlog/requestlogpanel.h"
#include "tinybackend.h"
#include "window/gatewaysession.h"
#include "window/mainwindow.h"
#include "windowfixture.h"

#include "control/gatewaycontroller.h"
#include "model/capturedheadbuilder.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QMenu>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>

// The traffic inspector in the whole window (README, "Inspecting traffic"): the window's gateway
// captures what crosses it and the details pane shows it, and Log → Capture Traffic switches the
// gateway's capture off; captures handed to the window's CaptureLog (as
// GatewayController::capturesReady does) fill the details pane's tabs for the live rows they
// belong to; the row's context menu copies and replays through the real
// gateway; Open HAR shows a file read-only without mixing in live rows; Log → Capture Traffic;
// the tabs' names fit beside the log in every language, down to the smallest window.
class TestInspectorWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void liveRequestsAreCapturedUntilCaptureTrafficIsOff();
    void capturedRowFillsTheTabs();
    void contextMenuCopiesAndReplaysThroughTheGateway();
    void replayLinkSelectsTheOriginalRow();
    void openHarShowsTheFileReadOnlyApartFromLiveRows();
    void captureTrafficFollowsTheConfigAndIsInTheLogMenu();
    void tabNamesFitWithoutScrolling_data();
    void tabNamesFitWithoutScrolling();

private:
    // Runs a config with one route /svc to the alpha backend, capture as the argument says.
    void startGateway(bool captureEnabled = false);
    QByteArray get(const QString &path) { return m_fixture->get(path); }
    // What the proxy will capture of the live row: its record, heads and a JSON body.
    CapturedExchange captureOf(const RequestRecord &record, const QByteArray &extraName = {},
                               const QByteArray &extraValue = {}) const;
    QMenu *menuBarMenu(const QString &title) const { return m_fixture->menuBarMenu(title); }

    TinyBackend *m_alpha = nullptr;
    WindowFixture *m_fixture = nullptr;
    // The fixture's, for brevity.
    GatewayController *m_controller = nullptr;
    MainWindow *m_window = nullptr;
};

void TestInspectorWindow::init() {
    m_alpha = new TinyBackend("alpha");
    QVERIFY(m_alpha->isListening());
    m_fixture = new WindowFixture;
    QVERIFY(m_fixture->isReady());
    m_controller = &m_fixture->controller();
    m_window = m_fixture->window();
}

void TestInspectorWindow::cleanup() {
    delete m_fixture;
    delete m_alpha;
}

void TestInspectorWindow::startGateway(bool captureEnabled) {
    const QString path =
        m_fixture->writeFile(QStringLiteral("gateway.yaml"),
                             "server:\n  listen: 127.0.0.1:0\n"
                             "capture:\n  enabled: " +
                                 QByteArray(captureEnabled ? "true" : "false") +
                                 "\n  mask_headers: [X-Api-Key]\n"
                                 "routes:\n  - id: svc\n    path: /svc\n    targets:\n"
                                 "      - { url: http://127.0.0.1:" +
                                 QByteArray::number(m_alpha->port()) + ", name: alpha }\n");
    QVERIFY(m_fixture->start(path));
}

CapturedExchange TestInspectorWindow::captureOf(const RequestRecord &record,
                                                const QByteArray &extraName,
                                                const QByteArray &extraValue) const {
    CapturedExchangeParts parts;
    parts.record = record;
    CapturedHeadBuilder received;
    received.requestLine(record.method, record.target)
        .fields({{"Host", "127.0.0.1"}, {"X-Api-Key", "k-123"}});
    if (!extraName.isEmpty())
        received.field(extraName, extraValue);
    parts.requestReceived = received.build();
    parts.requestSent = CapturedHeadBuilder()
                            .requestLine(record.method, record.upstreamTarget())
                            .fields(parts.requestReceived)
                            .build();
    parts.responseReceived = CapturedHeadBuilder()
                                 .statusLine(200, "OK")
                                 .field("Content-Type", "application/json")
                                 .build();
    parts.responseSent = parts.responseReceived;
    parts.responseBody = CapturedBody::fromBytes(R"({"served":"alpha"})", 1 << 20);
    return CapturedExchange(parts);
}

void TestInspectorWindow::liveRequestsAreCapturedUntilCaptureTrafficIsOff() {
    startGateway(true);
    QVERIFY(m_window->captureTrafficAction()->isChecked());
    get(QStringLiteral("/svc/live"));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 1);
    QVERIFY(m_fixture->waitUntilTheLogShows(1));
    m_window->logPanel()->view()->selectRow(0);
    DetailsPane *pane = m_window->detailsPane();
    // The capture comes with the record's batch; the pane looks again when it arrives.
    QTRY_COMPARE(pane->responseBodyView()->shownText(), QStringLiteral("alpha"));
    const QString headers = pane->headersView()->browser()->toPlainText();
    QVERIFY2(headers.contains(QStringLiteral("GET /svc/live HTTP/1.1")), qPrintable(headers));
    // As sent upstream: the route's prefix stripped, the gateway's Via added.
    QVERIFY2(headers.contains(QStringLiteral("GET /live HTTP/1.1")), qPrintable(headers));
    QVERIFY2(headers.contains(QStringLiteral("Via: ")), qPrintable(headers));

    m_window->captureTrafficAction()->setChecked(false);
    get(QStringLiteral("/svc/unseen"));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 2);
    QVERIFY(m_fixture->waitUntilTheLogShows(2));
    m_window->logPanel()->view()->selectRow(1);
    // Records and captures arrive in one tick: had the gateway captured it, it would be here.
    QVERIFY2(pane->responseBodyView()->infoText().startsWith(QStringLiteral("Not captured")),
             qPrintable(pane->responseBodyView()->infoText()));
}

void TestInspectorWindow::capturedRowFillsTheTabs() {
    startGateway();
    get(QStringLiteral("/svc/a"));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 1);
    QVERIFY(m_fixture->waitUntilTheLogShows(1));
    const RequestRecord record = m_window->logModel()->recordAt(0);
    m_window->logPanel()->view()->selectRow(0);
    DetailsPane *pane = m_window->detailsPane();
    QVERIFY(pane->requestBodyView()->infoText().startsWith(QStringLiteral("Not captured")));

    m_window->captureLog()->addCaptures({captureOf(record)});
    QCOMPARE(pane->responseBodyView()->shownText(),
             QStringLiteral("{\n  \"served\": \"alpha\"\n}"));
    // The config's capture.mask_headers are masked in the window.
    const QString headers = pane->headersView()->browser()->toPlainText();
    QVERIFY2(headers.contains(QStringLiteral("X-Api-Key: [masked]")), qPrintable(headers));
    // The summary stays the first tab, and an instance picked in the tree shows there.
    QCOMPARE(pane->tabs()->widget(DetailsPane::SummaryTab),
             static_cast<QWidget *>(m_window->detailsView()));
}

void TestInspectorWindow::contextMenuCopiesAndReplaysThroughTheGateway() {
    startGateway();
    get(QStringLiteral("/svc/a?x=1"));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 1);
    QVERIFY(m_fixture->waitUntilTheLogShows(1));
    m_window->captureLog()->addCaptures({captureOf(m_window->logModel()->recordAt(0))});
    QTableView *view = m_window->logPanel()->view();

    // Right-click the row: it is selected and the menu offers the row's actions.
    QStringList offered;
    QTimer::singleShot(0, this, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        QVERIFY(menu);
        for (QAction *action : menu->actions())
            offered << action->text();
        m_window->exchangeActions()->copyUrlAction()->trigger();
        menu->close();
    });
    Q_EMIT view->customContextMenuRequested(view->visualRect(view->model()->index(0, 3)).center());
    QVERIFY(offered.contains(QStringLiteral("Copy as &curl")));
    QVERIFY(offered.contains(QStringLiteral("Re&play")));
    QCOMPARE(view->currentIndex().row(), 0);
    QCOMPARE(QApplication::clipboard()->text(),
             m_window->session().listenUrl() + QStringLiteral("/svc/a?x=1"));

    // Replay goes through the running gateway: a second request reaches the instance and the
    // log gets its row.
    m_window->exchangeActions()->replayAction()->trigger();
    QTRY_COMPARE(m_alpha->requestCount(), 2);
    QTRY_COMPARE(m_window->logModel()->rowCount(), 2);
    QCOMPARE(m_window->logModel()->recordAt(1).target, QByteArray("/svc/a?x=1"));

    // Filter by this route sets the filter box's terms.
    m_window->exchangeActions()->filterByStatusAction()->trigger();
    QCOMPARE(m_window->logPanel()->filter()->filterText(), QStringLiteral("status:200"));
}

void TestInspectorWindow::replayLinkSelectsTheOriginalRow() {
    startGateway();
    get(QStringLiteral("/svc/first"));
    get(QStringLiteral("/svc/again"));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 2);
    QVERIFY(m_fixture->waitUntilTheLogShows(2));
    const RequestRecord original = m_window->logModel()->recordAt(0);
    const RequestRecord replay = m_window->logModel()->recordAt(1);
    m_window->captureLog()->addCaptures(
        {captureOf(original),
         captureOf(replay, "X-Gateway-Replay-Of", QByteArray::number(original.id))});
    m_window->logPanel()->view()->selectRow(1);
    QLabel *link = m_window->detailsPane()->replayLabel();
    QVERIFY(!link->isHidden());
    Q_EMIT link->linkActivated(QStringLiteral("record:%1").arg(original.id));
    QCOMPARE(m_window->logPanel()->view()->currentIndex().row(), 0);
    QCOMPARE(m_window->detailsView()->shownRecordId(), original.id);

    // A HAProxy shown since numbers its rows from 1 too: the link still finds the gateway's.
    RequestRecord haproxyRow = original;
    haproxyRow.source = RecordSource::HaproxyLog;
    m_window->logModel()->appendRecords({haproxyRow});
    QVERIFY(m_fixture->waitUntilTheLogShows(3));
    m_window->logPanel()->view()->selectRow(1);
    Q_EMIT link->linkActivated(QStringLiteral("record:%1").arg(original.id));
    QCOMPARE(m_window->logPanel()->view()->currentIndex().row(), 0);
}

void TestInspectorWindow::openHarShowsTheFileReadOnlyApartFromLiveRows() {
    startGateway();
    get(QStringLiteral("/svc/saved"));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 1);
    m_window->captureLog()->addCaptures({captureOf(m_window->logModel()->recordAt(0))});
    const QString path = m_fixture->filePath(QStringLiteral("session.har"));
    QCOMPARE(m_window->sessionFileActions()->exportTo(SessionFileActions::Format::Har, path,
                                                      SessionFileActions::Rows::All),
             QString());

    QCOMPARE(m_window->sessionFileActions()->openHar(path), QString());
    QVERIFY(m_window->isViewingFile());
    HarFileView *file = m_window->harFileView();
    QVERIFY(file->isVisible());
    QVERIFY(!m_window->logPanel()->isVisible());
    QVERIFY2(file->bannerLabel()->text().contains(path + QStringLiteral(" (read-only;")),
             qPrintable(file->bannerLabel()->text()));
    QCOMPARE(file->logModel()->rowCount(), 1);
    QTRY_COMPARE(file->logPanel()->view()->model()->rowCount(), 1);
    QVERIFY(!file->logPanel()->clearAction()->isEnabled());

    // A file's row shows its capture in the same pane.
    file->logPanel()->view()->selectRow(0);
    QCOMPARE(m_window->detailsPane()->responseBodyView()->shownText(),
             QStringLiteral("{\n  \"served\": \"alpha\"\n}"));

    // Live requests go on into the live log, out of sight, never into the file's.
    get(QStringLiteral("/svc/live"));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 2);
    QCOMPARE(file->logModel()->rowCount(), 1);
    QTRY_COMPARE(file->logPanel()->view()->model()->rowCount(), 1);
    // The live log's Ctrl+L does not clear anything while the file is shown.
    QVERIFY(!m_window->logPanel()->clearAction()->isEnabled());

    Q_EMIT file->backRequested();
    QVERIFY(!m_window->isViewingFile());
    QVERIFY(m_window->logPanel()->isVisible());
    QVERIFY(m_window->logPanel()->clearAction()->isEnabled());
}

void TestInspectorWindow::captureTrafficFollowsTheConfigAndIsInTheLogMenu() {
    QAction *capture = m_window->captureTrafficAction();
    QVERIFY(capture->isCheckable());
    QVERIFY(capture->isChecked());
    QVERIFY(menuBarMenu(QStringLiteral("&Log"))->actions().contains(capture));
    QVERIFY(menuBarMenu(QStringLiteral("&File"))
                ->actions()
                .contains(m_window->sessionFileActions()->openHarAction()));
    // The row count's tooltip says what the capture holds and may hold.
    auto countToolTip = [this] {
        for (const QLabel *label : m_window->logPanel()->findChildren<QLabel *>()) {
            if (label->toolTip().contains(QStringLiteral("The log holds")))
                return label->toolTip();
        }
        return QString();
    };
    QVERIFY2(countToolTip().contains(QStringLiteral(
                 "Captured traffic: 0 B of at most 64.0 MiB (capture.memory); each body up to "
                 "1.0 MiB (capture.body_limit).")),
             qPrintable(countToolTip()));
    QVERIFY(!countToolTip().contains(QStringLiteral("Capture is off")));

    startGateway(); // its config says capture.enabled: false
    QVERIFY(!capture->isChecked());
    QVERIFY(countToolTip().contains(QStringLiteral("Capture is off (Log → Capture Traffic).")));
}

void TestInspectorWindow::tabNamesFitWithoutScrolling_data() {
    QTest::addColumn<QString>("language");
    QTest::addColumn<QSize>("size");
    for (const QString &language : UiLanguage::available()) {
        QTest::addRow("%s at the default 1280x800", qPrintable(language))
            << language << QSize(1280, 800);
        QTest::addRow("%s at the smallest 800x600", qPrintable(language))
            << language << QSize(800, 600);
    }
}

void TestInspectorWindow::tabNamesFitWithoutScrolling() {
    QFETCH(QString, language);
    QFETCH(QSize, size);
    // Texts are translated when their widgets are built: a window of its own, in the language.
    const UiLanguage uiLanguage(language);
    m_window = new MainWindow(*m_controller, WindowSettings::Defaults);
    m_window->resize(size);
    QVERIFY(m_fixture->replaceWindow(m_window));
    QCOMPARE(m_window->size(), size);

    QTabBar *bar = m_window->detailsPane()->tabs()->tabBar();
    for (const QToolButton *scroll : bar->findChildren<QToolButton *>())
        QVERIFY2(!scroll->isVisible(), "the tab bar shows scroll buttons");
    // The bar is whole inside the window, and every tab whole inside the bar, wide enough for its
    // name unelided.
    const QRect barInWindow(bar->mapTo(m_window, QPoint(0, 0)), bar->size());
    QVERIFY2(
        m_window->rect().contains(barInWindow),
        qPrintable(
            QStringLiteral("bar at x %1..%2").arg(barInWindow.left()).arg(barInWindow.right())));
    for (int i = 0; i < bar->count(); ++i) {
        const QRect tab = bar->tabRect(i);
        const QString name = bar->tabText(i);
        QVERIFY2(bar->rect().contains(tab), qPrintable(QStringLiteral("%1 ends at %2 of %3")
                                                           .arg(name)
                                                           .arg(tab.right())
                                                           .arg(bar->width())));
        QVERIFY2(bar->fontMetrics().horizontalAdvance(name) < tab.width(),
                 qPrintable(QStringLiteral("%1 is cut to %2 px").arg(name).arg(tab.width())));
    }
}

QTEST_MAIN(TestInspectorWindow)
#include "tst_inspectorwindow.moc"
