#include "details/detailspane.h"
#include "freedemoports.h"
#include "inspector/bodyview.h"
#include "inspector/capturelog.h"
#include "requestlog/requestlogmodel.h"
#include "requestlog/requestlogpanel.h"
#include "tinybackend.h"
#include "window/consolewindowrunner.h"
#include "window/gatewaysession.h"
#include "window/mainwindow.h"
#include "window/screenshotdriver.h"

#include "control/gatewaycontroller.h"

#include <QApplication>
#include <QImage>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

// The --screenshot flow end to end: real port 0, real requests; through runConsoleWindow, and
// the driver in a window the test can look into for --screenshot-view inspector.
class TestScreenshotDriver : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void savesTheWindowAfterTheLogShowsTheRequests();
    void configWithErrorsStillSavesAPictureAndFails();
    void inspectorViewShowsTheJsonAnswerOfADemoInstance();
};

void TestScreenshotDriver::savesTheWindowAfterTheLogShowsTheRequests() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TinyBackend alpha("alpha");
    TinyBackend beta("beta");
    TinyBackend gamma("gamma");
    const QString configPath = dir.filePath(QStringLiteral("gateway.yaml"));
    {
        QFile config(configPath);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("server:\n"
                     "  listen: 127.0.0.1:8080\n" // replaced by the override below
                     "routes:\n"
                     "  - id: service-a\n"
                     "    path: /service-a\n"
                     "    targets:\n"
                     "      - { url: http://127.0.0.1:" +
                     QByteArray::number(alpha.port()) +
                     ", name: alpha }\n"
                     "      - { url: http://127.0.0.1:" +
                     QByteArray::number(beta.port()) +
                     ", name: beta }\n"
                     "  - id: service-b\n"
                     "    path: /service-b\n"
                     "    targets:\n"
                     "      - { url: http://127.0.0.1:" +
                     QByteArray::number(gamma.port()) + ", name: gamma }\n");
    }
    ConsoleOptions options;
    options.configPath = configPath;
    options.overrides.listen = ListenAddress{QHostAddress::LocalHost, 0};
    options.screenshotPath = dir.filePath(QStringLiteral("shot.png"));

    QCOMPARE(runConsoleWindow(*qApp, options), 0);

    const QImage image(options.screenshotPath);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1280, 800));
    // 24 requests alternate between the routes (round robin inside each), then service-a's
    // last instance is disabled and 16 more go to service-a: all to alpha.
    QCOMPARE(alpha.requestCount(), 6 + 16);
    QCOMPARE(beta.requestCount(), 6);
    QCOMPARE(gamma.requestCount(), 12);
}

void TestScreenshotDriver::configWithErrorsStillSavesAPictureAndFails() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString configPath = dir.filePath(QStringLiteral("broken.yaml"));
    {
        QFile config(configPath);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("routes:\n  - path: nope\n");
    }
    ConsoleOptions options;
    options.configPath = configPath;
    options.screenshotPath = dir.filePath(QStringLiteral("shot.png"));
    QCOMPARE(runConsoleWindow(*qApp, options), 1);
    QVERIFY(!QImage(options.screenshotPath).isNull());
}

void TestScreenshotDriver::inspectorViewShowsTheJsonAnswerOfADemoInstance() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const int offset = freeDemoPortOffset();
    QVERIFY2(offset != 0, "no free ports for the demo instances");
    // As runConsoleWindow does it for --screenshot-view inspector, with the bundled demo config
    // on free ports.
    GatewayController controller;
    MainWindow window(controller, WindowSettings::Defaults);
    window.session().setOverrides({ListenAddress{QHostAddress::LocalHost, 0},
                                   ListenAddress{QHostAddress::LocalHost, 0}, offset});
    const QString path = dir.filePath(QStringLiteral("inspector.png"));
    ScreenshotDriver driver(window, controller, path, ScreenshotView::Inspector);
    QSignalSpy finished(&driver, &ScreenshotDriver::finished);
    driver.start();
    window.show();
    QVERIFY(window.session().loadConfig(QString::fromLatin1(bundledConfigPath)));
    window.session().start();

    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toInt(), 0);
    QCOMPARE(QImage(path).size(), QSize(1280, 800));

    // The last row is the JSON POST, selected; it went through the gateway to a demo instance's
    // /echo, route prefix stripped.
    const RequestLogModel &log = *window.logModel();
    const int last = log.rowCount() - 1;
    const RequestRecord &record = log.recordAt(last);
    QCOMPARE(record.method, QByteArray("POST"));
    QCOMPARE(record.target, QByteArray("/service-a/echo"));
    QCOMPARE(record.upstreamTarget(), QByteArrayView("/echo"));
    QCOMPARE(record.status, 200);
    QVERIFY(window.logPanel()->view()->selectionModel()->isRowSelected(last));
    // Its Response tab is open and shows the instance's JSON, the size the log gives.
    const DetailsPane &pane = *window.detailsPane();
    QCOMPARE(pane.tabs()->currentIndex(), int(DetailsPane::ResponseBodyTab));
    const std::optional<CapturedExchange> exchange = window.captureLog()->find(record);
    QVERIFY(exchange);
    QCOMPARE(qint64(exchange->responseBody().bytes.size()), record.bytesOut);
    const QJsonObject echo = QJsonDocument::fromJson(exchange->responseBody().bytes).object();
    QCOMPARE(echo.value(QStringLiteral("path")).toString(), QStringLiteral("/echo"));
    QCOMPARE(echo.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QVERIFY2(pane.responseBodyView()->infoText().startsWith(QStringLiteral("JSON, ")),
             qPrintable(pane.responseBodyView()->infoText()));
    QVERIFY(pane.responseBodyView()->shownText().contains(QStringLiteral("/echo")));
    QVERIFY(pane.requestBodyView()->shownText().contains(QStringLiteral("A-1")));
    // The pane was widened to read the body, as a user drags the splitter.
    QVERIFY(pane.width() > window.width() / 3);
}

QTEST_MAIN(TestScreenshotDriver)
#include "tst_screenshotdriver.moc"
