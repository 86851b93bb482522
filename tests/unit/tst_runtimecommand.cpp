// runtimecommand.h: the runtime API lines that change a server, as HAProxy 2.6 wants them (a
// server added in maintenance is made ready; one deleted is put in maintenance first), the
// values refused before anything is sent (names that could carry a second command, weights
// over 256, addresses HAProxy would have to resolve), and what HAProxy's answers mean. The
// answers are HAProxy 2.6's own; tst_haproxysession gets them live.
#include "haproxy/runtimecommand.h"

#include <QTest>

Q_DECLARE_METATYPE(RuntimeCommand)

class TestRuntimeCommand final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void adminStates();
    void weight();
    void addServerMakesItReady();
    void deleteServerPutsItInMaintenanceFirst();
    void refusedValues_data();
    void refusedValues();
    void answers_data();
    void answers();
};

void TestRuntimeCommand::adminStates() {
    QCOMPARE(RuntimeCommand::setAdminState(QStringLiteral("rr"), QStringLiteral("alpha"),
                                           AdminState::Enabled)
                 .lines,
             QList<QByteArray>({"set server rr/alpha state ready"}));
    QCOMPARE(RuntimeCommand::setAdminState(QStringLiteral("rr"), QStringLiteral("alpha"),
                                           AdminState::Draining)
                 .lines,
             QList<QByteArray>({"set server rr/alpha state drain"}));
    QCOMPARE(RuntimeCommand::setAdminState(QStringLiteral("rr"), QStringLiteral("alpha"),
                                           AdminState::Disabled)
                 .lines,
             QList<QByteArray>({"set server rr/alpha state maint"}));
}

void TestRuntimeCommand::weight() {
    const RuntimeCommand command =
        RuntimeCommand::setWeight(QStringLiteral("be-1.x"), QStringLiteral("s:1"), 256);
    QVERIFY(command.ok());
    QCOMPARE(command.lines, QList<QByteArray>({"set server be-1.x/s:1 weight 256"}));
}

void TestRuntimeCommand::addServerMakesItReady() {
    const RuntimeCommand command = RuntimeCommand::addServer(
        QStringLiteral("rr"), QStringLiteral("delta"), QStringLiteral("127.0.0.1:8084"), 2);
    QVERIFY(command.ok());
    QCOMPARE(command.lines, QList<QByteArray>({"add server rr/delta 127.0.0.1:8084 weight 2",
                                               "set server rr/delta state ready"}));
    QCOMPARE(RuntimeCommand::addServer(QStringLiteral("rr"), QStringLiteral("v6"),
                                       QStringLiteral("[::1]:8084"), 1)
                 .lines.first(),
             QByteArray("add server rr/v6 [::1]:8084 weight 1"));
}

void TestRuntimeCommand::deleteServerPutsItInMaintenanceFirst() {
    QCOMPARE(RuntimeCommand::deleteServer(QStringLiteral("rr"), QStringLiteral("delta")).lines,
             QList<QByteArray>({"set server rr/delta state maint", "del server rr/delta"}));
}

void TestRuntimeCommand::refusedValues_data() {
    QTest::addColumn<RuntimeCommand>("command");
    QTest::addColumn<QString>("error");
    QTest::newRow("a second command in the server's name")
        << RuntimeCommand::setAdminState(QStringLiteral("rr"),
                                         QStringLiteral("a;shutdown sessions"), AdminState::Enabled)
        << QStringLiteral("'a;shutdown sessions' is not a HAProxy server name (letters, digits, "
                          "'-', '_', '.', ':')");
    QTest::newRow("a newline in the backend's name")
        << RuntimeCommand::setWeight(QStringLiteral("rr\nquit"), QStringLiteral("a"), 1)
        << QStringLiteral("'rr\nquit' is not a HAProxy backend name (letters, digits, '-', '_', "
                          "'.', ':')");
    QTest::newRow("empty name")
        << RuntimeCommand::deleteServer(QStringLiteral("rr"), QString())
        << QStringLiteral("'' is not a HAProxy server name (letters, digits, '-', '_', '.', ':')");
    QTest::newRow("weight over 256")
        << RuntimeCommand::setWeight(QStringLiteral("rr"), QStringLiteral("a"), 257)
        << QStringLiteral("weight 257: HAProxy takes 0 to 256");
    QTest::newRow("negative weight")
        << RuntimeCommand::addServer(QStringLiteral("rr"), QStringLiteral("a"),
                                     QStringLiteral("127.0.0.1:1"), -1)
        << QStringLiteral("weight -1: HAProxy takes 0 to 256");
    QTest::newRow("a name to resolve")
        << RuntimeCommand::addServer(QStringLiteral("rr"), QStringLiteral("a"),
                                     QStringLiteral("localhost:8080"), 1)
        << QStringLiteral("'localhost:8080' is not an IP address and port (HAProxy adds servers "
                          "by address, without resolving names)");
    QTest::newRow("no port")
        << RuntimeCommand::addServer(QStringLiteral("rr"), QStringLiteral("a"),
                                     QStringLiteral("127.0.0.1"), 1)
        << QStringLiteral("'127.0.0.1' is not an IP address and port (HAProxy adds servers by "
                          "address, without resolving names)");
}

void TestRuntimeCommand::refusedValues() {
    QFETCH(RuntimeCommand, command);
    QFETCH(QString, error);
    QVERIFY(!command.ok());
    QVERIFY(command.lines.isEmpty());
    QCOMPARE(command.error, error);
}

void TestRuntimeCommand::answers_data() {
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<ControlResult::Error>("error");
    QTest::addColumn<QString>("message");
    QTest::newRow("set server done") << QByteArray("\n") << ControlResult::Error::None << QString();
    QTest::newRow("add server done")
        << QByteArray("New server registered.\n\n") << ControlResult::Error::None << QString();
    QTest::newRow("del server done")
        << QByteArray("Server deleted.\n\n") << ControlResult::Error::None << QString();
    QTest::newRow("user level")
        << QByteArray("Permission denied\n\n") << ControlResult::Error::NotRunning
        << QStringLiteral("HAProxy: Permission denied (its stats socket needs 'level admin' to "
                          "change servers)");
    QTest::newRow("no backend") << QByteArray("No such backend.\n\n")
                                << ControlResult::Error::UnknownRoute
                                << QStringLiteral("HAProxy: No such backend.");
    QTest::newRow("no server") << QByteArray("No such server.\n\n")
                               << ControlResult::Error::UnknownBackend
                               << QStringLiteral("HAProxy: No such server.");
    QTest::newRow("not in maintenance")
        << QByteArray("Only servers in maintenance mode can be deleted.\n\n")
        << ControlResult::Error::InvalidArgument
        << QStringLiteral("HAProxy: Only servers in maintenance mode can be deleted.");
    QTest::newRow("an HTTP server")
        << QByteArray("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        << ControlResult::Error::NotRunning
        << QStringLiteral("not HAProxy's runtime API: it answered 'HTTP/1.1 400 Bad Request'");
}

void TestRuntimeCommand::answers() {
    QFETCH(QByteArray, answer);
    QFETCH(ControlResult::Error, error);
    QFETCH(QString, message);
    const ControlResult result = interpretCommandAnswer(answer);
    QCOMPARE(result.error, error);
    QCOMPARE(result.message, message);
}

QTEST_GUILESS_MAIN(TestRuntimeCommand)
#include "tst_runtimecommand.moc"
