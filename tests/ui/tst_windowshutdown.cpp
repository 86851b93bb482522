#include "rawclient.h"
#include "scriptedbackend.h"
#include "window/gatewaysession.h"
#include "window/mainwindow.h"

#include "control/gatewaycontroller.h"

#include <QAction>
#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <memory>
#include <vector>

// Closing the window and destroying the GatewayController while a backend holds requests
// open: the worker thread must stop and be joined without waiting for the backend, every
// client and upstream connection must be closed, and nothing may crash or leak (CI runs this
// under ASan with leak detection).
class TestWindowShutdown : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void closingWithRequestsInFlight_data();
    void closingWithRequestsInFlight();
};

namespace {
constexpr int inFlight = 3;

enum class Hold {
    BeforeHead, // the backend never answers
    MidBody,    // the head and part of the body went out, then the backend stalls
};
} // namespace

Q_DECLARE_METATYPE(Hold)

void TestWindowShutdown::initTestCase() {
    // The window saves its layout on close: keep that out of the user's settings.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("GatewayConsoleTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_windowshutdown"));
    QSettings().clear();
}

void TestWindowShutdown::closingWithRequestsInFlight_data() {
    QTest::addColumn<Hold>("hold");
    QTest::addColumn<bool>("stopFirst");

    QTest::newRow("no response head yet") << Hold::BeforeHead << false;
    QTest::newRow("response body under way") << Hold::MidBody << false;
    // Stop's grace period is still running in the worker when the controller goes away.
    QTest::newRow("stopping, then closed at once") << Hold::BeforeHead << true;
}

void TestWindowShutdown::closingWithRequestsInFlight() {
    QFETCH(Hold, hold);
    QFETCH(bool, stopFirst);

    ScriptedBackend backend("slow");
    backend.setHandler([hold](const ReceivedRequest &, BackendReply &reply) {
        if (hold == Hold::BeforeHead) {
            reply.kind = BackendReply::Kind::NoAnswer;
            return;
        }
        reply.body = QByteArray(4096, 'x');
        reply.ending = BackendReply::Ending::Stall;
        reply.endAfterBodyBytes = 100;
    });

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString configPath = dir.filePath(QStringLiteral("gateway.yaml"));
    QFile file(configPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("server:\n"
               "  listen: 127.0.0.1:0\n"
               "routes:\n"
               "  - id: svc\n"
               "    path: /svc\n"
               "    targets: [http://127.0.0.1:" +
               QByteArray::number(backend.port()) + "]\n");
    file.close();

    auto controller = std::make_unique<GatewayController>();
    auto window = std::make_unique<MainWindow>(*controller, WindowSettings::Defaults);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QVERIFY(window->session().loadConfig(configPath));
    window->startAction()->trigger();
    QTRY_COMPARE(window->session().state(), GatewaySession::State::Running);
    const quint16 port = quint16(QUrl(window->session().listenUrl()).port());
    QVERIFY(port != 0);

    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < inFlight; ++i) {
        clients.push_back(std::make_unique<RawClient>(port));
        QVERIFY(clients.back()->waitForConnected());
        clients.back()->send(RawClient::request("GET", "/svc/held"));
    }
    QVERIFY(backend.waitForRequests(inFlight));
    if (hold == Hold::MidBody) {
        for (const auto &client : clients)
            QVERIFY(client->waitForHead());
    }
    QCOMPARE(backend.openConnections(), inFlight);

    if (stopFirst)
        window->stopAction()->trigger();
    QVERIFY(window->close());
    window.reset();
    // Quits and joins the worker thread: returns only once the Gateway is gone.
    controller.reset();

    // The Gateway's destruction closed every connection it held, on both sides.
    for (const auto &client : clients) {
        QVERIFY(client->waitForDisconnected());
        QVERIFY(!client->isOpen());
    }
    QTRY_COMPARE(backend.openConnections(), 0);
}

QTEST_MAIN(TestWindowShutdown)
#include "tst_windowshutdown.moc"
