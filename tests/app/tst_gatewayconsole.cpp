// gateway-console, the program with its window: SIGTERM and SIGINT end it as they end the
// headless run (README, "Command line"): requests in flight finish, then it exits with 0. Runs
// the real binary (GATEWAY_CONSOLE_PATH) offscreen, with its settings in a temporary home.
#include "eventwait.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TestGatewayConsole final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void terminationLetsRequestsFinishAndExitsZero_data();
    void terminationLetsRequestsFinishAndExitsZero();
};

namespace {

const QString gatewayConsole = QStringLiteral(GATEWAY_CONSOLE_PATH);

// A port nothing listens on right now, for --listen: the window prints no address to read.
quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

void TestGatewayConsole::terminationLetsRequestsFinishAndExitsZero_data() {
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << SIGTERM;
    QTest::newRow("SIGINT") << SIGINT;
}

void TestGatewayConsole::terminationLetsRequestsFinishAndExitsZero() {
    QFETCH(int, signalNumber);
    ScriptedBackend slow("finished");
    slow.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.body = "finished";
        reply.delayMs = 300;
    });
    QTemporaryDir home;
    const QString configPath = home.filePath(QStringLiteral("gateway.yaml"));
    QFile config(configPath);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("routes:\n  - id: svc\n    path: /svc\n    targets:\n      - " +
                 slow.url().toEncoded() + '\n');
    config.close();

    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("HOME"), home.path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    process.setProcessEnvironment(environment);
    const quint16 port = freePort();
    process.start(gatewayConsole,
                  {QStringLiteral("--config"), configPath, QStringLiteral("--listen"),
                   QStringLiteral("127.0.0.1:%1").arg(port)});
    QVERIFY(process.waitForStarted());

    // The window says when it listens (connecting in a loop until it does would nest one wait
    // in another, whose timer re-enters and frees the client being waited on).
    QByteArray errorOutput;
    QObject::connect(&process, &QProcess::readyReadStandardError, &process,
                     [&] { errorOutput += process.readAllStandardError(); });
    QVERIFY2(waitUntil(
                 [&] {
                     return errorOutput.contains("listening on") ||
                            process.state() != QProcess::Running;
                 },
                 defaultWaitMs),
             errorOutput.constData());
    QCOMPARE(process.state(), QProcess::Running);
    auto client = std::make_unique<RawClient>(port);
    QVERIFY(client->waitForConnected());
    client->send(RawClient::request("GET", "/svc/slow"));
    QVERIFY(slow.waitForRequests(1));

    ::kill(pid_t(process.processId()), signalNumber);
    // The request in flight gets its answer before the window closes.
    const ParsedResponse response = client->readResponse();
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.bytes(), QByteArray("finished"));
    QVERIFY(process.waitForFinished(defaultWaitMs));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestGatewayConsole)
#include "tst_gatewayconsole.moc"
