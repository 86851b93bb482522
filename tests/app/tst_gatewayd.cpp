// gatewayd, the program: it runs a config headless, serves requests, logs them, stops on
// SIGTERM with exit 0, and links no QtGui/QtWidgets. Runs the real binary (GATEWAYD_PATH) over
// real sockets on port 0.
#include "eventwait.h"
#include "harvalidation.h"
#include "model/capturedexchange.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

class TestGatewayd final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void servesAConfigAndStopsOnSigterm();
    void secondSigtermStopsAtOnce();
    void sigtermEndsItWhileStdoutStalls();
    void namesItselfAndRefusesWindowFlags_data();
    void namesItselfAndRefusesWindowFlags();
    void linksNoGuiLibrary();
    void jsonLogFormatWritesOnlyJsonLines();
    void failedReloadIsPrintedWithPositions();
    void warnsAboutAnAdminApiBeyondLoopback();
    void checkConfigWarnsAboutItsOwnAddress();
    void exportWritesStdoutOrTheFile();
    void exportOfABadConfigNamesThePlace();
    void writesTheHarOnExit_data();
    void writesTheHarOnExit();
    void refusesAnUnwritableHarAtStart();
    void captureStaysWithinItsMemoryCap();
};

namespace {

const QString gatewayd = QStringLiteral(GATEWAYD_PATH);

// stdout until it holds a line matching pattern; the first capture of that line.
QString waitForLine(QProcess &process, const QRegularExpression &pattern, QByteArray *output) {
    QString captured;
    waitUntil(
        [&] {
            *output += process.readAllStandardOutput();
            const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(*output));
            if (match.hasMatch())
                captured = match.captured(1);
            return match.hasMatch() || process.state() == QProcess::NotRunning;
        },
        defaultWaitMs);
    return captured;
}

// Writes contents as gateway.yaml in dir (again: the file watcher sees an edit); its path.
QString writeConfig(const QTemporaryDir &dir, const QByteArray &contents) {
    const QString path = dir.filePath(QStringLiteral("gateway.yaml"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(contents);
    return path;
}

// A routes: section with one route, svc at /svc, over backendUrl.
QByteArray routeTo(const QUrl &backendUrl) {
    return "routes:\n  - id: svc\n    path: /svc\n    targets:\n      - " + backendUrl.toEncoded() +
           '\n';
}

// Starts gatewayd with the config at configPath on a free port (and arguments); the URL it
// says it listens on, empty if it does not. output gets what it printed on stdout so far.
QString startGatewayd(QProcess &process, const QString &configPath, QByteArray *output,
                      const QStringList &arguments = {}) {
    process.start(gatewayd, QStringList{QStringLiteral("--config"), configPath,
                                        QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")} +
                                arguments);
    if (!process.waitForStarted())
        return {};
    return waitForLine(process, QRegularExpression(QStringLiteral("listening on (\\S+)\\n")),
                       output);
}

// stderr until it contains text; everything read so far.
bool waitForError(QProcess &process, const QByteArray &text, QByteArray *errors) {
    return waitUntil(
        [&] {
            *errors += process.readAllStandardError();
            return errors->contains(text);
        },
        defaultWaitMs);
}

} // namespace

void TestGatewayd::servesAConfigAndStopsOnSigterm() {
    ScriptedBackend backend("from-backend");
    QTemporaryDir dir;
    QProcess process;
    QByteArray output;
    const QString listenUrl =
        startGatewayd(process, writeConfig(dir, routeTo(backend.url())), &output);
    QVERIFY2(!listenUrl.isEmpty(), QByteArray(output + process.readAllStandardError()).constData());

    const ParsedResponse response = RawClient::exchangeOnce(
        quint16(QUrl(listenUrl).port()), RawClient::request("GET", "/svc/hello"));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.bytes(), QByteArray("from-backend"));
    QCOMPARE(backend.requests().first().target, QByteArray("/hello"));
    // The access log names the route and the instance.
    const QString logLine = waitForLine(
        process, QRegularExpression(QStringLiteral("(GET /svc/hello -> svc #1 .*)\\n")), &output);
    QVERIFY2(logLine.contains(QLatin1String(" 200 ")), output.constData());

    process.terminate(); // SIGTERM
    QVERIFY(process.waitForFinished(defaultWaitMs));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardError().contains("gatewayd: stopping"));
}

// README, "Command line": a second SIGTERM stops at once instead of after the 10 s grace, with
// exit code 0, and the request it cuts still gets its access-log line.
void TestGatewayd::secondSigtermStopsAtOnce() {
    ScriptedBackend silent("silent");
    silent.setHandler([](const ReceivedRequest &, BackendReply &reply) {
        reply.kind = BackendReply::Kind::NoAnswer;
    });
    QTemporaryDir dir;
    QProcess process;
    QByteArray output;
    const QString listenUrl =
        startGatewayd(process, writeConfig(dir, routeTo(silent.url())), &output);
    QVERIFY2(!listenUrl.isEmpty(), QByteArray(output + process.readAllStandardError()).constData());

    RawClient client(quint16(QUrl(listenUrl).port()));
    QVERIFY(client.waitForConnected());
    client.send(RawClient::request("GET", "/svc/never-answered"));
    QVERIFY(silent.waitForRequests(1));

    process.terminate(); // SIGTERM: waits up to 10 s for the request
    QByteArray errors;
    QVERIFY(waitUntil(
        [&] {
            errors += process.readAllStandardError();
            return errors.contains("gatewayd: stopping (");
        },
        defaultWaitMs));
    QCOMPARE(process.state(), QProcess::Running);
    process.terminate(); // the second one: at once
    // Well within the grace the first signal gave.
    QVERIFY(process.waitForFinished(defaultWaitMs));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    errors += process.readAllStandardError();
    QVERIFY2(errors.contains("gatewayd: stopping now"), errors.constData());
    output += process.readAllStandardOutput();
    const QRegularExpressionMatch line =
        QRegularExpression(QStringLiteral("GET /svc/never-answered -> svc #1 .* shutdown .*\\n"))
            .match(QString::fromUtf8(output));
    QVERIFY2(line.hasMatch(), output.constData());
    QVERIFY(client.waitForDisconnected());
}

// README, "Access log": stdout is a pipe nobody reads (filled to the brim after the
// "listening on" line). Requests are still served, SIGTERM still ends the program promptly
// with exit 0, and stderr says how many access-log lines it could not write.
void TestGatewayd::sigtermEndsItWhileStdoutStalls() {
    ScriptedBackend backend("from-backend");
    QTemporaryDir dir;
    int stdoutPipe[2];
    QVERIFY(::pipe2(stdoutPipe, O_CLOEXEC) == 0);
    const int readEnd = stdoutPipe[0];
    const int writeEnd = stdoutPipe[1];
    QProcess process;
    process.setChildProcessModifier([writeEnd] { ::dup2(writeEnd, STDOUT_FILENO); });
    process.start(gatewayd, {QStringLiteral("--config"), writeConfig(dir, routeTo(backend.url())),
                             QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(process.waitForStarted());
    ::fcntl(readEnd, F_SETFL, O_NONBLOCK);
    QByteArray output;
    const QRegularExpression listening(QStringLiteral("listening on (\\S+)\\n"));
    QVERIFY(waitUntil(
        [&] {
            char buffer[4096];
            for (ssize_t got; (got = ::read(readEnd, buffer, sizeof buffer)) > 0;)
                output.append(buffer, got);
            return listening.match(QString::fromUtf8(output)).hasMatch();
        },
        defaultWaitMs));
    const QUrl listenUrl(listening.match(QString::fromUtf8(output)).captured(1));

    // A descriptor of the test's own, non-blocking, fills the pipe; gatewayd's stays blocking.
    const int filler = ::open(qPrintable(QStringLiteral("/proc/self/fd/%1").arg(writeEnd)),
                              O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    QVERIFY(filler >= 0);
    const QByteArray chunk(4096, 'f');
    while (::write(filler, chunk.constData(), size_t(chunk.size())) > 0) {
    }
    while (::write(filler, "f", 1) > 0) {
    }
    QCOMPARE(errno, EAGAIN);
    ::close(filler);
    ::close(writeEnd);

    const ParsedResponse response =
        RawClient::exchangeOnce(quint16(listenUrl.port()), RawClient::request("GET", "/svc/x"));
    QCOMPARE(response.status, 200);

    process.terminate(); // SIGTERM
    QVERIFY(process.waitForFinished(defaultWaitMs));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QByteArray errors = process.readAllStandardError();
    QVERIFY2(errors.contains("gatewayd: 1 access-log line dropped (stdout did not keep up)"),
             errors.constData());
    ::close(readEnd);
}

void TestGatewayd::namesItselfAndRefusesWindowFlags_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected"); // in stdout + stderr

    QTest::newRow("version") << QStringList{"--version"} << 0 << "gatewayd 0.1";
    QTest::newRow("help") << QStringList{"--help"} << 0 << "Usage: gatewayd [options]";
    QTest::newRow("help has no window flags")
        << QStringList{"--help"} << 0 << "--check-config <FILE>";
    QTest::newRow("no --screenshot")
        << QStringList{"--screenshot", "x.png"} << 2 << "gatewayd: Unknown option 'screenshot'.";
    QTest::newRow("no --headless (always)")
        << QStringList{"--headless"} << 2 << "gatewayd: Unknown option 'headless'.";
    QTest::newRow("bundled scenario checks")
        << QStringList{"--check-config", ":/scenarios/weighted.yaml"} << 0 << ": OK (1 route)\n";
}

void TestGatewayd::namesItselfAndRefusesWindowFlags() {
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    QProcess process;
    process.start(gatewayd, arguments);
    QVERIFY(process.waitForFinished(defaultWaitMs));
    const QString output =
        QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
    QCOMPARE(process.exitCode(), exitCode);
    QVERIFY2(output.contains(expected), qPrintable(output));
    QVERIFY2(!output.contains(QLatin1String("--screenshot")), qPrintable(output));
}

void TestGatewayd::linksNoGuiLibrary() {
    QProcess ldd;
    ldd.start(QStringLiteral("ldd"), {gatewayd});
    QVERIFY(ldd.waitForFinished(defaultWaitMs));
    const QByteArray libraries = ldd.readAllStandardOutput();
    QVERIFY2(libraries.contains("libQt6Core"), libraries.constData());
    QVERIFY2(libraries.contains("libQt6Network"), libraries.constData());
    QVERIFY2(!libraries.contains("libQt6Gui"), libraries.constData());
    QVERIFY2(!libraries.contains("libQt6Widgets"), libraries.constData());
}

void TestGatewayd::jsonLogFormatWritesOnlyJsonLines() {
    ScriptedBackend backend("from-backend");
    QTemporaryDir dir;
    const QString configPath = writeConfig(dir, routeTo(backend.url()));
    QProcess process;
    process.start(gatewayd, {QStringLiteral("--config"), configPath, QStringLiteral("--listen"),
                             QStringLiteral("127.0.0.1:0"), QStringLiteral("--admin"),
                             QStringLiteral("127.0.0.1:0"), QStringLiteral("--log-format"),
                             QStringLiteral("json")});
    QVERIFY(process.waitForStarted());
    QByteArray output;
    const QString listenUrl =
        waitForLine(process,
                    QRegularExpression(
                        QStringLiteral("\\{\"event\":\"listening\",[^\\n]*\"url\":\"([^\"]+)\"")),
                    &output);
    QVERIFY2(!listenUrl.isEmpty(), QByteArray(output + process.readAllStandardError()).constData());
    const ParsedResponse response = RawClient::exchangeOnce(
        quint16(QUrl(listenUrl).port()), RawClient::request("GET", "/svc/hello"));
    QCOMPARE(response.status, 200);
    waitForLine(process, QRegularExpression(QStringLiteral("(\"target\":\"/svc/hello\")")),
                &output);
    process.terminate();
    QVERIFY(process.waitForFinished(defaultWaitMs));
    output += process.readAllStandardOutput();

    QStringList events;
    int requests = 0;
    for (const QByteArray &line : output.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(), line.constData());
        const QJsonObject object = document.object();
        if (object.contains(QLatin1String("event"))) {
            events.append(object.value(QLatin1String("event")).toString());
            QVERIFY(object.value(QLatin1String("url"))
                        .toString()
                        .startsWith(QLatin1String("http://127.0.0.1:")));
            QVERIFY(object.value(QLatin1String("time")).isString());
        } else {
            QCOMPARE(object.value(QLatin1String("target")).toString(),
                     QStringLiteral("/svc/hello"));
            ++requests;
        }
    }
    QCOMPARE(events, (QStringList{QStringLiteral("listening"), QStringLiteral("admin_api")}));
    QCOMPARE(requests, 1);
}

void TestGatewayd::failedReloadIsPrintedWithPositions() {
    ScriptedBackend backend("from-backend");
    QTemporaryDir dir;
    const QString configPath = writeConfig(dir, routeTo(backend.url()));
    QProcess process;
    QByteArray output;
    const QString listenUrl = startGatewayd(
        process, configPath, &output, {QStringLiteral("--admin"), QStringLiteral("127.0.0.1:0")});
    const QString adminUrl =
        waitForLine(process, QRegularExpression(QStringLiteral("admin API on (\\S+)\\n")), &output);
    QVERIFY2(!adminUrl.isEmpty(), QByteArray(output + process.readAllStandardError()).constData());

    // The file watcher: an edit with an error.
    writeConfig(dir, "routes:\n  - path: /svc\n    strategy: fastest\n    target: "
                     "http://127.0.0.1:1\n");
    QByteArray errors;
    const QByteArray position = configPath.toUtf8() + ":3:15: strategy: unknown strategy";
    QVERIFY2(waitForError(process, position, &errors), errors.constData());
    const QByteArray summary = "gatewayd: reload of " + configPath.toUtf8() +
                               " failed (1 problem); the running config is unchanged";
    QVERIFY2(errors.contains(summary), errors.constData());

    // POST /api/reload of the same file: the same lines again.
    errors.clear();
    const ParsedResponse reply =
        RawClient::exchangeOnce(quint16(QUrl(adminUrl).port()),
                                RawClient::request("POST", "/api/reload", "Content-Length: 0\r\n"));
    QCOMPARE(reply.status, 422);
    QVERIFY2(waitForError(process, position, &errors), errors.constData());

    // The old config still serves.
    const ParsedResponse response = RawClient::exchangeOnce(
        quint16(QUrl(listenUrl).port()), RawClient::request("GET", "/svc/still"));
    QCOMPARE(response.status, 200);
    process.terminate();
    QVERIFY(process.waitForFinished(defaultWaitMs));
}

void TestGatewayd::warnsAboutAnAdminApiBeyondLoopback() {
    QProcess process;
    process.start(gatewayd, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                             QStringLiteral("--admin"), QStringLiteral("0.0.0.0:0")});
    QVERIFY(process.waitForStarted());
    QByteArray errors;
    QVERIFY2(waitForError(process, "beyond loopback, without authentication", &errors),
             errors.constData());
    process.terminate();
    QVERIFY(process.waitForFinished(defaultWaitMs));
}

void TestGatewayd::checkConfigWarnsAboutItsOwnAddress() {
    QTemporaryDir dir;
    const QString path =
        writeConfig(dir, "server:\n  listen: 127.0.0.1:18080\n" +
                             routeTo(QUrl(QStringLiteral("http://localhost:18080"))));
    QProcess process;
    process.start(gatewayd, {QStringLiteral("--check-config"), path});
    QVERIFY(process.waitForFinished(defaultWaitMs));
    QCOMPARE(process.exitCode(), 0); // a warning: the proxy itself stops such a loop (508)
    const QByteArray errors = process.readAllStandardError();
    const QByteArray warning = path.toUtf8() +
                               ": warning: route 'svc': instance "
                               "http://localhost:18080 is the gateway's own address";
    QVERIFY2(errors.contains(warning), errors.constData());
    QVERIFY(process.readAllStandardOutput().contains(": OK ("));
}

void TestGatewayd::exportWritesStdoutOrTheFile() {
    QTemporaryDir dir;
    const QString path = writeConfig(dir, routeTo(QUrl(QStringLiteral("http://127.0.0.1:18081"))));
    QProcess toStdout;
    toStdout.start(gatewayd,
                   {QStringLiteral("--export"), QStringLiteral("nginx"), QStringLiteral("--config"),
                    path, QStringLiteral("--port-offset"), QStringLiteral("100")});
    QVERIFY(toStdout.waitForFinished(defaultWaitMs));
    QCOMPARE(toStdout.exitCode(), 0);
    const QByteArray nginx = toStdout.readAllStandardOutput();
    QVERIFY2(nginx.startsWith("# nginx.conf: "), nginx.constData());
    QVERIFY2(nginx.contains(QByteArray("Exported by Gateway Console from " + path.toUtf8() + '.')),
             nginx.constData());
    QVERIFY2(nginx.contains("server 127.0.0.1:18081 "), nginx.constData()); // not a demo port
    QVERIFY2(nginx.contains("listen 127.0.0.1:8180 "), nginx.constData());  // 8080 + offset

    const QString output = dir.filePath(QStringLiteral("haproxy.cfg"));
    QProcess toFile;
    toFile.start(gatewayd, {QStringLiteral("--export"), QStringLiteral("haproxy"),
                            QStringLiteral("--config"), path, QStringLiteral("-o"), output});
    QVERIFY(toFile.waitForFinished(defaultWaitMs));
    QCOMPARE(toFile.exitCode(), 0);
    QVERIFY(toFile.readAllStandardOutput().isEmpty());
    QFile written(output);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.readAll().startsWith("# haproxy.cfg: "));
}

void TestGatewayd::exportOfABadConfigNamesThePlace() {
    QTemporaryDir dir;
    const QString path = writeConfig(dir, "routes:\n  - path: /svc\n    strategy: fastest\n    "
                                          "target: http://127.0.0.1:1\n");
    QProcess process;
    process.start(gatewayd, {QStringLiteral("--export"), QStringLiteral("nginx"),
                             QStringLiteral("--config"), path});
    QVERIFY(process.waitForFinished(defaultWaitMs));
    QCOMPARE(process.exitCode(), 1);
    QVERIFY(process.readAllStandardOutput().isEmpty());
    const QByteArray errors = process.readAllStandardError();
    QVERIFY2(errors.contains(QByteArray(path.toUtf8() + ":3:15: strategy: unknown strategy")),
             errors.constData());
    QVERIFY2(errors.contains(QByteArray("gatewayd: --export: " + path.toUtf8() +
                                        " has 1 problem; nothing written")),
             errors.constData());

    // A file that cannot be written is named, with the reason.
    QProcess unwritable;
    unwritable.start(gatewayd, {QStringLiteral("--export"), QStringLiteral("nginx"),
                                QStringLiteral("-o"), dir.filePath(QStringLiteral("no/such/dir"))});
    QVERIFY(unwritable.waitForFinished(defaultWaitMs));
    QCOMPARE(unwritable.exitCode(), 1);
    const QByteArray refusal = unwritable.readAllStandardError();
    QVERIFY2(refusal.startsWith(QByteArray("gatewayd: -o " +
                                           dir.filePath(QStringLiteral("no/such/dir")).toUtf8() +
                                           ": cannot write: ")),
             refusal.constData());
}

void TestGatewayd::writesTheHarOnExit_data() {
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << SIGTERM;
    QTest::newRow("SIGINT") << SIGINT;
}

// README, "Inspecting traffic": --har FILE holds what was captured when the program ends on a
// signal, as HAR 1.2 that the schema accepts, credentials masked.
void TestGatewayd::writesTheHarOnExit() {
    QFETCH(int, signal);
    ScriptedBackend backend("from-backend");
    QTemporaryDir dir;
    const QString harPath = dir.filePath(QStringLiteral("traffic.har"));
    QProcess process;
    QByteArray output;
    const QString listenUrl = startGatewayd(process, writeConfig(dir, routeTo(backend.url())),
                                            &output, {QStringLiteral("--har"), harPath});
    QVERIFY2(!listenUrl.isEmpty(), QByteArray(output + process.readAllStandardError()).constData());
    for (const QByteArray &target : {QByteArray("/svc/a"), QByteArray("/svc/b")})
        QCOMPARE(RawClient::exchangeOnce(
                     quint16(QUrl(listenUrl).port()),
                     RawClient::request("GET", target, "Authorization: Bearer t0ken\r\n"))
                     .status,
                 200);

    ::kill(pid_t(process.processId()), signal);
    QVERIFY(process.waitForFinished(defaultWaitMs));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardError().contains(
        QByteArray("wrote 2 exchange(s) to " + harPath.toUtf8())));
    QFile har(harPath);
    QVERIFY(har.open(QIODevice::ReadOnly));
    const QByteArray document = har.readAll();
    const QJsonArray entries = QJsonDocument::fromJson(document)
                                   .object()
                                   .value("log")
                                   .toObject()
                                   .value("entries")
                                   .toArray();
    QCOMPARE(entries.size(), 2);
    // The URL the client addressed (its Host), the path as it sent it.
    QVERIFY(entries.at(1).toObject().value("request").toObject().value("url").toString().endsWith(
        QLatin1String("/svc/b")));
    QVERIFY(!document.contains("t0ken"));
    const QByteArray errors = harValidationErrors(harPath);
    QVERIFY2(errors.isEmpty(), errors.constData());
}

// A path that cannot be written is refused before the gateway starts, not after the traffic.
void TestGatewayd::refusesAnUnwritableHarAtStart() {
    ScriptedBackend backend("b");
    QTemporaryDir dir;
    const QString harPath = dir.filePath(QStringLiteral("no/such/dir/traffic.har"));
    QProcess process;
    process.start(gatewayd, {QStringLiteral("--config"), writeConfig(dir, routeTo(backend.url())),
                             QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                             QStringLiteral("--har"), harPath});
    QVERIFY(process.waitForFinished(defaultWaitMs));
    QCOMPARE(process.exitCode(), 1);
    QVERIFY(!process.readAllStandardOutput().contains("listening on"));
    const QByteArray errors = process.readAllStandardError();
    QVERIFY2(
        errors.startsWith(QByteArray("gatewayd: --har " + harPath.toUtf8() + ": cannot write: ")),
        errors.constData());
}

// README, "Inspecting traffic" (`capture.memory`): the cap is what the kept exchanges hold in
// memory, not the length of their text. Many small requests through the program: its admin API's
// store stays within the cap and holds no more exchanges than fit at the smallest footprint an
// exchange has (its structure alone), far fewer than small texts would.
void TestGatewayd::captureStaysWithinItsMemoryCap() {
    ScriptedBackend backend("from-backend");
    QTemporaryDir dir;
    const qint64 cap = 256 * 1024;
    const int requests = 400; // their text is under the cap, what they hold well over it
    QProcess process;
    QByteArray output;
    const QString listenUrl = startGatewayd(
        process,
        writeConfig(dir, routeTo(backend.url()) + "capture:\n  body_limit: 1KiB\n  memory: " +
                             QByteArray::number(cap) + '\n'),
        &output, {QStringLiteral("--admin"), QStringLiteral("127.0.0.1:0")});
    const QString adminUrl =
        waitForLine(process, QRegularExpression(QStringLiteral("admin API on (\\S+)\\n")), &output);
    QVERIFY2(!adminUrl.isEmpty(), QByteArray(output + process.readAllStandardError()).constData());
    for (int i = 0; i < requests; ++i) {
        const QByteArray target = "/svc/" + QByteArray::number(i);
        QCOMPARE(RawClient::exchangeOnce(quint16(QUrl(listenUrl).port()),
                                         RawClient::request("GET", target))
                     .status,
                 200);
    }

    const ParsedResponse reply = RawClient::exchangeOnce(
        quint16(QUrl(adminUrl).port()), RawClient::request("GET", "/api/requests?limit=1"));
    QCOMPARE(reply.status, 200);
    const QJsonObject capture =
        QJsonDocument::fromJson(reply.body.bytes()).object().value("capture").toObject();
    QCOMPARE(capture.value("memory_limit").toInteger(), cap);
    const qint64 used = capture.value("memory_used").toInteger();
    const qint64 held = capture.value("held").toInteger();
    const qint64 smallest = CapturedExchange().footprintBytes();
    QVERIFY2(used <= cap, QByteArray::number(used).constData());
    QVERIFY2(held > 0 && held <= cap / smallest, QByteArray::number(held).constData());
    QVERIFY(used >= held * smallest);
    process.terminate();
    QVERIFY(process.waitForFinished(defaultWaitMs));
}

QTEST_GUILESS_MAIN(TestGatewayd)
#include "tst_gatewayd.moc"
