// gatewayd --haproxy, the program on a running HAProxy 2.6 (README, "Outgrowing the laptop"):
// it prints the servers table, again when a server's state changes, and HAProxy's log as
// access-log lines, in text and JSON; it reports datagrams that are not log lines and goes on;
// it stops on SIGTERM with exit 0, and exits 1 with the reason when the socket is not HAProxy's.
// Runs the real binary (GATEWAYD_PATH).
#include "eventwait.h"
#include "gatewayfixture.h"
#include "haproxyinstance.h"
#include "rawclient.h"
#include "refusingport.h"
#include "scriptedbackend.h"
#include "unusedudpport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <QUdpSocket>

namespace {

const QString gatewayd = QStringLiteral(GATEWAYD_PATH);

// Waits until stdout holds text; everything read so far in *output.
bool waitForOutput(QProcess &process, const QByteArray &text, QByteArray *output) {
    return waitUntil(
               [&] {
                   *output += process.readAllStandardOutput();
                   return output->contains(text) || process.state() == QProcess::NotRunning;
               },
               defaultWaitMs) &&
           output->contains(text);
}

// One request to HAProxy on a connection of its own; the status.
int ask(quint16 port, const QByteArray &target) {
    return RawClient::exchangeOnce(port, RawClient::request("GET", target)).status;
}

// A runtime API command sent as the operator would (echo CMD | socat - SOCKET).
void sendCommand(const QString &socketPath, const QByteArray &command) {
    QLocalSocket socket;
    socket.connectToServer(socketPath);
    if (!socket.waitForConnected(defaultWaitMs))
        return;
    socket.write(command + '\n');
    socket.waitForBytesWritten(defaultWaitMs);
    while (socket.state() == QLocalSocket::ConnectedState && socket.waitForReadyRead(defaultWaitMs))
        socket.readAll();
}

} // namespace

class TestHaproxyHeadless final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsServersAndLog();
    void jsonLinesOnly();
    void notHaproxyExitsWithTheReason();

private:
    // HAProxy over one route "svc" with servers one and two, its log to logPort.
    bool startHaproxy(quint16 logPort);

    HaproxyInstance m_haproxy;
    ScriptedBackend m_one{"one"};
    ScriptedBackend m_two{"two"};
};

void TestHaproxyHeadless::initTestCase() {
    QVERIFY(HaproxyInstance::requireHaproxy());
}

bool TestHaproxyHeadless::startHaproxy(quint16 logPort) {
    GatewayConfig config = GatewayFixture::baseConfig();
    RouteConfig route =
        GatewayFixture::route(QStringLiteral("svc"), "/svc", {m_one.url(), m_two.url()});
    route.targets[0].name = QStringLiteral("one");
    route.targets[1].name = QStringLiteral("two");
    config.routes = {route};
    return m_haproxy.start(config, logPort);
}

void TestHaproxyHeadless::showsServersAndLog() {
    const quint16 logPort = unusedUdpPort();
    QVERIFY(startHaproxy(logPort));
    QProcess process;
    process.start(gatewayd, {QStringLiteral("--haproxy"), m_haproxy.adminSocket(),
                             QStringLiteral("--haproxy-log"), QString::number(logPort)});
    QByteArray output;
    QVERIFY2(waitForOutput(process, "route_svc/two", &output), output.constData());
    QVERIFY2(output.startsWith("BACKEND/SERVER"), output.constData());
    const QRegularExpression oneRow(
        QStringLiteral("\nroute_svc/one +127\\.0\\.0\\.1:%1 +enabled +").arg(m_one.url().port()));
    QVERIFY2(oneRow.match(QString::fromUtf8(output)).hasMatch(), output.constData());

    QCOMPARE(ask(m_haproxy.port(), "/svc/hello"), 200);
    QVERIFY2(waitForOutput(process, "GET /svc/hello -> route_svc #1 one 200", &output),
             output.constData());

    // A change made elsewhere (here: the operator's own runtime API command) reprints the table.
    sendCommand(m_haproxy.adminSocket(), "set server route_svc/two state maint");
    QVERIFY2(waitForOutput(process, "disabled", &output), output.constData());

    // Something else on the log's port is reported, not fatal.
    QUdpSocket garbage;
    garbage.writeDatagram("not a log line", QHostAddress::LocalHost, logPort);
    QByteArray errors;
    QVERIFY(waitUntil(
        [&] {
            errors += process.readAllStandardError();
            return errors.contains("gatewayd: 1 log datagram(s) that are not httplog lines so far "
                                   "(the latest: no client address:port at the start)\n");
        },
        defaultWaitMs));

    process.terminate();
    QVERIFY(process.waitForFinished(defaultWaitMs));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    errors += process.readAllStandardError();
    const QByteArray connected = "gatewayd: connected to HAProxy at unix socket " +
                                 m_haproxy.adminSocket().toUtf8() +
                                 "; its log on udp 127.0.0.1:" + QByteArray::number(logPort);
    QVERIFY2(errors.contains(connected), errors.constData());
}

void TestHaproxyHeadless::jsonLinesOnly() {
    const quint16 logPort = unusedUdpPort();
    QVERIFY(startHaproxy(logPort));
    QProcess process;
    process.start(gatewayd, {QStringLiteral("--haproxy"),
                             QStringLiteral("127.0.0.1:%1").arg(m_haproxy.adminPort()),
                             QStringLiteral("--haproxy-log"), QString::number(logPort),
                             QStringLiteral("--log-format"), QStringLiteral("json")});
    QByteArray output;
    QVERIFY2(waitForOutput(process, "\"server\":\"two\"", &output),
             QByteArray(output + process.readAllStandardError()).constData());
    QCOMPARE(ask(m_haproxy.port(), "/svc/json"), 200);
    QVERIFY2(waitForOutput(process, "/svc/json", &output), output.constData());
    process.terminate();
    QVERIFY(process.waitForFinished(defaultWaitMs));
    output += process.readAllStandardOutput();
    for (const QByteArray &line : output.trimmed().split('\n')) {
        QJsonParseError error;
        QVERIFY2(QJsonDocument::fromJson(line, &error).isObject(), line.constData());
    }
}

void TestHaproxyHeadless::notHaproxyExitsWithTheReason() {
    const RefusingPort refusing;
    const quint16 port = refusing.port();
    QProcess process;
    process.start(gatewayd, {QStringLiteral("--haproxy"), QStringLiteral("127.0.0.1:%1").arg(port),
                             QStringLiteral("--haproxy-log"), QString::number(unusedUdpPort())});
    QVERIFY(process.waitForFinished(defaultWaitMs));
    QCOMPARE(process.exitCode(), 1);
    QCOMPARE(process.readAllStandardError(), QByteArray("gatewayd: Connection refused (127.0.0.1:" +
                                                        QByteArray::number(port) + ")\n"));
    QVERIFY(process.readAllStandardOutput().isEmpty());
}

QTEST_GUILESS_MAIN(TestHaproxyHeadless)
#include "tst_haproxyheadless.moc"
