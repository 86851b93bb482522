// RuntimeApiClient: one command per connection over a unix or a TCP socket, the answer being
// everything up to the close, commands in the order sent; and what it says, without crashing
// or hanging, when the other end is not HAProxy: refused, missing, silent, or endless. The
// peers here play HAProxy in the test's thread; tst_haproxysession talks to HAProxy itself.
#include "haproxy/runtimeapiclient.h"

#include "unansweredport.h"

#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

// A unix socket peer that reads one line and answers it as reply says, then closes (as HAProxy
// does outside prompt mode); lines keeps what it received.
void serveLines(QLocalServer &server, QList<QByteArray> &lines,
                std::function<QByteArray(const QByteArray &line)> reply) {
    QObject::connect(&server, &QLocalServer::newConnection, &server, [&server, &lines, reply] {
        QLocalSocket *socket = server.nextPendingConnection();
        QObject::connect(socket, &QLocalSocket::readyRead, socket, [socket, &lines, reply] {
            if (!socket->canReadLine())
                return;
            const QByteArray line = socket->readLine();
            lines.append(line);
            socket->write(reply(line.trimmed()));
            socket->disconnectFromServer();
        });
    });
}

} // namespace

class TestRuntimeApiClient final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void unixSocketCommandsInOrder();
    void tcpCommand();
    void refusedPort();
    void missingUnixSocket();
    void staleUnixSocket();
    void silentPeerTimesOut();
    void endlessPeerIsCutOff();
    void clientDeletedInItsAnswer();
};

void TestRuntimeApiClient::unixSocketCommandsInOrder() {
    QTemporaryDir directory;
    QLocalServer server;
    QVERIFY(server.listen(directory.filePath(QStringLiteral("admin.sock"))));
    QList<QByteArray> lines;
    serveLines(server, lines,
               [](const QByteArray &line) -> QByteArray { return "answer to " + line + "\n\n"; });
    RuntimeApiClient client(
        {RuntimeApiAddress::Kind::Unix, directory.filePath(QStringLiteral("admin.sock"))});
    QSignalSpy answered(&client, &RuntimeApiClient::answered);
    client.send("show stat");
    client.send("show servers state");
    QTRY_COMPARE(answered.size(), 2);
    QCOMPARE(lines, QList<QByteArray>({"show stat\n", "show servers state\n"}));
    const auto first = answered[0][0].value<RuntimeApiAnswer>();
    QVERIFY(first.ok());
    QCOMPARE(first.command, QByteArray("show stat"));
    QCOMPARE(first.text, QByteArray("answer to show stat\n\n"));
    QCOMPARE(answered[1][0].value<RuntimeApiAnswer>().text,
             QByteArray("answer to show servers state\n\n"));
    QCOMPARE(client.pendingCommands(), 0);
}

void TestRuntimeApiClient::tcpCommand() {
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QList<QByteArray> lines;
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&server, &lines] {
        QTcpSocket *socket = server.nextPendingConnection();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, &lines] {
            if (!socket->canReadLine())
                return;
            lines.append(socket->readLine());
            socket->write("Permission denied\n\n");
            socket->disconnectFromHost();
        });
    });
    RuntimeApiClient client({RuntimeApiAddress::Kind::Tcp, QString(), QStringLiteral("127.0.0.1"),
                             server.serverPort()});
    QSignalSpy answered(&client, &RuntimeApiClient::answered);
    client.send("set server rr/alpha state maint");
    QTRY_COMPARE(answered.size(), 1);
    QCOMPARE(lines, QList<QByteArray>({"set server rr/alpha state maint\n"}));
    QCOMPARE(answered[0][0].value<RuntimeApiAnswer>().text, QByteArray("Permission denied\n\n"));
}

void TestRuntimeApiClient::refusedPort() {
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    RuntimeApiClient client(
        {RuntimeApiAddress::Kind::Tcp, QString(), QStringLiteral("127.0.0.1"), port});
    QSignalSpy answered(&client, &RuntimeApiClient::answered);
    client.send("show stat");
    client.send("show servers state"); // each is answered, the second after the first failed
    QTRY_COMPARE(answered.size(), 2);
    const auto answer = answered[0][0].value<RuntimeApiAnswer>();
    QCOMPARE(answer.error, RuntimeApiAnswer::Error::Unreachable);
    QCOMPARE(answer.message, QStringLiteral("Connection refused (127.0.0.1:%1)").arg(port));
    QCOMPARE(answered[1][0].value<RuntimeApiAnswer>().command, QByteArray("show servers state"));
}

void TestRuntimeApiClient::missingUnixSocket() {
    QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("none.sock"));
    RuntimeApiClient client({RuntimeApiAddress::Kind::Unix, path});
    QSignalSpy answered(&client, &RuntimeApiClient::answered);
    client.send("show stat");
    QCOMPARE(answered.size(), 0); // never inside send()
    QTRY_COMPARE(answered.size(), 1);
    const auto answer = answered[0][0].value<RuntimeApiAnswer>();
    QCOMPARE(answer.error, RuntimeApiAnswer::Error::Unreachable);
    QCOMPARE(answer.message, QStringLiteral("no such socket (unix socket %1)").arg(path));
}

void TestRuntimeApiClient::staleUnixSocket() {
    // What a HAProxy killed without cleaning up leaves: the file, and nobody listening on it.
    QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("stale.sock"));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    qstrncpy(address.sun_path, QFile::encodeName(path).constData(), sizeof(address.sun_path));
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
    ::close(fd); // bound, never listening: connect() is refused
    RuntimeApiClient client({RuntimeApiAddress::Kind::Unix, path});
    QSignalSpy answered(&client, &RuntimeApiClient::answered);
    client.send("show stat");
    QTRY_COMPARE(answered.size(), 1);
    QCOMPARE(answered[0][0].value<RuntimeApiAnswer>().message,
             QStringLiteral("nothing listens on the socket (unix socket %1)").arg(path));
}

void TestRuntimeApiClient::silentPeerTimesOut() {
    // An HTTP server waits for the rest of a head that "show stat\n" never completes.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    RuntimeApiClient client({RuntimeApiAddress::Kind::Tcp, QString(), QStringLiteral("127.0.0.1"),
                             server.serverPort()});
    client.setTimeoutMs(300);
    QSignalSpy answered(&client, &RuntimeApiClient::answered);
    client.send("show stat");
    QTRY_COMPARE(answered.size(), 1);
    const auto answer = answered[0][0].value<RuntimeApiAnswer>();
    QCOMPARE(answer.error, RuntimeApiAnswer::Error::Timeout);
    QCOMPARE(answer.message,
             QStringLiteral("no answer from 127.0.0.1:%1 within 300 ms (is it HAProxy's stats "
                            "socket?)")
                 .arg(server.serverPort()));
    // A connect that never completes is bounded by the same timeout.
    UnansweredPort unanswered;
    QVERIFY2(unanswered.isReady(), unanswered.errorText().constData());
    RuntimeApiClient stuck({RuntimeApiAddress::Kind::Tcp, QString(), QStringLiteral("127.0.0.1"),
                            quint16(unanswered.url().port())});
    stuck.setTimeoutMs(300);
    QSignalSpy stuckAnswered(&stuck, &RuntimeApiClient::answered);
    stuck.send("show stat");
    QTRY_COMPARE(stuckAnswered.size(), 1);
    QCOMPARE(stuckAnswered[0][0].value<RuntimeApiAnswer>().error, RuntimeApiAnswer::Error::Timeout);
}

void TestRuntimeApiClient::endlessPeerIsCutOff() {
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&server] {
        QTcpSocket *socket = server.nextPendingConnection();
        const QByteArray chunk(1024 * 1024, 'x');
        // Keeps writing as the client reads, never closing.
        QObject::connect(socket, &QTcpSocket::bytesWritten, socket, [socket, chunk] {
            if (socket->bytesToWrite() < chunk.size())
                socket->write(chunk);
        });
        socket->write(chunk);
    });
    RuntimeApiClient client({RuntimeApiAddress::Kind::Tcp, QString(), QStringLiteral("127.0.0.1"),
                             server.serverPort()});
    client.setTimeoutMs(60000);
    QSignalSpy answered(&client, &RuntimeApiClient::answered);
    client.send("show stat");
    QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 30000);
    const auto answer = answered[0][0].value<RuntimeApiAnswer>();
    QCOMPARE(answer.error, RuntimeApiAnswer::Error::TooLarge);
    QVERIFY(answer.text.isEmpty());
}

void TestRuntimeApiClient::clientDeletedInItsAnswer() {
    QTemporaryDir directory;
    QLocalServer server;
    QVERIFY(server.listen(directory.filePath(QStringLiteral("admin.sock"))));
    QList<QByteArray> lines;
    serveLines(server, lines, [](const QByteArray &) { return QByteArray("\n"); });
    auto *client = new RuntimeApiClient(
        {RuntimeApiAddress::Kind::Unix, directory.filePath(QStringLiteral("admin.sock"))});
    int answers = 0;
    QObject::connect(client, &RuntimeApiClient::answered, client, [client, &answers] {
        ++answers;
        delete client;
    });
    client->send("show stat");
    client->send("show info"); // never sent: its client is gone
    QTRY_COMPARE(answers, 1);
    QTest::qWait(50);
    QCOMPARE(answers, 1);
    QCOMPARE(lines.size(), 1);
}

QTEST_GUILESS_MAIN(TestRuntimeApiClient)
#include "tst_runtimeapiclient.moc"
