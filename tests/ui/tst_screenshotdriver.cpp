#include "tinybackend.h"
#include "window/consolewindowrunner.h"

#include <QApplication>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

// The --screenshot flow end to end through runConsoleWindow: real port 0, real requests.
class TestScreenshotDriver : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void savesTheWindowAfterTheLogShowsTheRequests();
    void configWithErrorsStillSavesAPictureAndFails();
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

QTEST_MAIN(TestScreenshotDriver)
#include "tst_screenshotdriver.moc"
