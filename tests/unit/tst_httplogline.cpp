// httplogline.h: HAProxy's `option httplog` lines in each syslog framing HAProxy 2.6 sends
// (RFC 3164 with and without a hostname, RFC 5424, short, raw), the fields read from them, the
// request records made of them, and what is a notice or garbled. The lines are HAProxy 2.6's
// own, captured from it; tst_haproxysession receives them live.
#include "haproxy/httplogline.h"

#include <QDateTime>
#include <QTest>

namespace {

const QByteArray message =
    "127.0.0.1:42476 [06/Dec/2026:17:56:29.162] gateway rr/alpha 1/2/3/27/33 404 500 - - ---- "
    "1/1/0/0/0 0/0 \"GET /some/path?q=1 HTTP/1.1\"";

} // namespace

class TestHttpLogLine final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void framings_data();
    void framings();
    void fieldsOfALine();
    void failedRequests_data();
    void failedRequests();
    void capturedHeadersAndCutLines();
    void noticesAndGarbled_data();
    void noticesAndGarbled();
    void recordFromALine();
};

void TestHttpLogLine::framings_data() {
    QTest::addColumn<QByteArray>("datagram");
    QTest::addColumn<int>("severity");
    QTest::newRow("rfc3164") << "<134>Dec  6 17:56:29 haproxy[32405]: " + message + '\n' << 6;
    QTest::newRow("rfc3164 with hostname")
        << "<134>Dec  6 18:03:59 vm haproxy[9186]: " + message + '\n'
        << 6;
    QTest::newRow("rfc5424") << "<134>1 2026-12-06T18:03:59.289910+00:00 vm haproxy 9186 - - " +
                                    message + '\n'
                             << 6;
    QTest::newRow("rfc5424 structured data")
        << "<134>1 2026-12-06T18:03:59.289910+00:00 vm haproxy 9186 - [x@1 a=\"b\"] " + message
        << 6;
    QTest::newRow("short") << "<6>" + message + '\n' << 6;
    QTest::newRow("raw") << message << -1;
}

void TestHttpLogLine::framings() {
    QFETCH(QByteArray, datagram);
    QFETCH(int, severity);
    const HttpLogParse parse = parseHttpLogMessage(datagram);
    QCOMPARE(parse.kind, HttpLogParse::Kind::Request);
    QCOMPARE(parse.line.severity, severity);
    QCOMPARE(parse.line.server, QByteArray("alpha"));
    QCOMPARE(parse.line.target, QByteArray("/some/path?q=1"));
}

void TestHttpLogLine::fieldsOfALine() {
    const HttpLogLine line =
        parseHttpLogMessage("<134>Dec  6 17:56:29 haproxy[1]: " + message).line;
    QCOMPARE(line.clientAddress, QByteArray("127.0.0.1"));
    QCOMPARE(line.clientPort, 42476);
    QCOMPARE(line.acceptedAtMs,
             QDateTime(QDate(2026, 12, 6), QTime(17, 56, 29, 162)).toMSecsSinceEpoch());
    QCOMPARE(line.frontend, QByteArray("gateway"));
    QCOMPARE(line.backend, QByteArray("rr"));
    QCOMPARE(line.requestMs, 1);
    QCOMPARE(line.queueMs, 2);
    QCOMPARE(line.connectMs, 3);
    QCOMPARE(line.responseMs, 27);
    QCOMPARE(line.activeMs, 33);
    QCOMPARE(line.status, 404);
    QCOMPARE(line.bytesRead, 500);
    QCOMPARE(line.termination, QByteArray("----"));
    QCOMPARE(line.method, QByteArray("GET"));
}

void TestHttpLogLine::failedRequests_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QString>("routeId");
    QTest::addColumn<QString>("server");
    QTest::addColumn<QByteArray>("failure");
    QTest::newRow("server refused")
        << QByteArray("127.0.0.1:33236 [06/Dec/2026:18:03:56.283] gateway rr/beta "
                      "0/0/-1/-1/3006 503 217 - - SC-- 1/1/0/0/3 0/0 \"GET /a?b=1 HTTP/1.1\"")
        << Outcome::UpstreamError << QStringLiteral("rr") << QStringLiteral("beta")
        << QByteArray("SC--: the server aborted or refused while connecting to the server");
    QTest::newRow("bad request")
        << QByteArray("127.0.0.1:47130 [06/Dec/2026:18:04:00.291] gateway gateway/<NOSRV> "
                      "-1/-1/-1/-1/0 400 0 - - PR-- 1/1/0/0/0 0/0 \"<BADREQ>\"")
        << Outcome::BadRequest << QString() << QString()
        << QByteArray("PR--: HAProxy denied or stopped it while waiting for the request");
    QTest::newRow("no server up")
        << QByteArray("::1:5 [06/Dec/2026:18:04:00.291] gateway rr/<NOSRV> 0/-1/-1/-1/0 503 "
                      "217 - - SC-- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"")
        << Outcome::NoBackend << QStringLiteral("rr") << QString()
        << QByteArray("SC--: the server aborted or refused while connecting to the server");
    QTest::newRow("server timeout")
        << QByteArray("127.0.0.1:5 [06/Dec/2026:18:04:00.291] gateway rr/alpha 0/0/0/-1/5001 "
                      "504 198 - - sH-- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"")
        << Outcome::UpstreamTimeout << QStringLiteral("rr") << QStringLiteral("alpha")
        << QByteArray("sH--: the server timed out while waiting for the response head");
    QTest::newRow("no route, answered by HAProxy")
        << QByteArray("127.0.0.1:5 [06/Dec/2026:18:04:00.291] gateway no_route/<NOSRV> "
                      "0/-1/-1/-1/0 404 120 - - LR-- 1/1/0/0/0 0/0 \"GET /x HTTP/1.1\"")
        << Outcome::NoRoute << QStringLiteral("no_route") << QString()
        << QByteArray("LR--: HAProxy answered it itself while waiting for the request");
    QTest::newRow("client left")
        << QByteArray("127.0.0.1:5 [06/Dec/2026:18:04:00.291] gateway rr/alpha 0/0/0/1/+9 "
                      "200 +100 - - CD-- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"")
        << Outcome::ClientClosed << QStringLiteral("rr") << QStringLiteral("alpha")
        << QByteArray("CD--: the client aborted during the data transfer");
}

void TestHttpLogLine::failedRequests() {
    QFETCH(QByteArray, text);
    QFETCH(Outcome, outcome);
    QFETCH(QString, routeId);
    QFETCH(QString, server);
    QFETCH(QByteArray, failure);
    const HttpLogParse parse = parseHttpLogMessage("<134>Dec  6 17:56:29 haproxy[1]: " + text);
    QCOMPARE(parse.kind, HttpLogParse::Kind::Request);
    const RequestRecord record = requestRecordFrom(parse.line, 1);
    QCOMPARE(record.outcome, outcome);
    QCOMPARE(record.routeId, routeId);
    QCOMPARE(record.backendName, server);
    QCOMPARE(record.failure, failure);
}

void TestHttpLogLine::capturedHeadersAndCutLines() {
    const HttpLogParse captured = parseHttpLogMessage(
        "<134>Dec  6 17:56:29 haproxy[1]: 10.0.0.1:5 [06/Dec/2026:18:04:00.291] gateway~ rr/alpha "
        "0/0/0/1/1 200 10 - - ---- 1/1/0/0/0 0/0 {example.com|curl 8.0} {text/plain} \"GET "
        "/x HTTP/1.1\"");
    QCOMPARE(captured.kind, HttpLogParse::Kind::Request);
    QCOMPARE(captured.line.frontend, QByteArray("gateway"));
    QCOMPARE(captured.line.target, QByteArray("/x"));
    // A line cut at HAProxy's log length loses its closing quote, not its request.
    const HttpLogParse cut = parseHttpLogMessage(
        "<134>Dec  6 17:56:29 haproxy[1]: 10.0.0.1:5 [06/Dec/2026:18:04:00.291] gateway rr/alpha "
        "0/0/0/1/1 200 10 - - ---- 1/1/0/0/0 0/0 \"GET /very/long/pa");
    QCOMPARE(cut.kind, HttpLogParse::Kind::Request);
    QCOMPARE(cut.line.target, QByteArray("/very/long/pa"));
}

void TestHttpLogLine::noticesAndGarbled_data() {
    QTest::addColumn<QByteArray>("datagram");
    QTest::addColumn<HttpLogParse::Kind>("kind");
    QTest::addColumn<QString>("error");
    QTest::newRow("server down notice")
        << QByteArray("<129>Dec  6 17:56:29 haproxy[32405]: Server rr/beta is going DOWN for "
                      "maintenance. 1 active and 0 backup servers left.\n")
        << HttpLogParse::Kind::Notice << QString();
    QTest::newRow("bad priority") << QByteArray("<999>x") << HttpLogParse::Kind::Garbled
                                  << QStringLiteral("not a syslog message");
    QTest::newRow("unclosed priority") << QByteArray("<13") << HttpLogParse::Kind::Garbled
                                       << QStringLiteral("not a syslog message");
    QTest::newRow("rfc5424 cut") << QByteArray("<134>1 2026-12-06T18:03:59Z vm")
                                 << HttpLogParse::Kind::Garbled
                                 << QStringLiteral("not a syslog message");
    QTest::newRow("tcplog at info")
        << QByteArray("<134>Dec  6 17:56:29 haproxy[1]: 127.0.0.1:5 [06/Dec/2026:17:56:29.162] "
                      "gateway rr/alpha 0/0/5 100 -- 1/1/0/0/0 0/0")
        << HttpLogParse::Kind::Garbled
        << QStringLiteral("no TR/Tw/Tc/Tr/Ta timers after backend/server");
    QTest::newRow("bad date") << QByteArray(
                                     "<134>127.0.0.1:5 [06/Foo/2026:17:56:29.162] gateway rr/alpha")
                              << HttpLogParse::Kind::Garbled
                              << QStringLiteral("no [accept date] after the client");
    QTest::newRow("binary") << QByteArray("\x00\xff\x13garbage", 10) << HttpLogParse::Kind::Garbled
                            << QStringLiteral("no client address:port at the start");
    QTest::newRow("empty") << QByteArray() << HttpLogParse::Kind::Garbled
                           << QStringLiteral("no client address:port at the start");
}

void TestHttpLogLine::noticesAndGarbled() {
    QFETCH(QByteArray, datagram);
    QFETCH(HttpLogParse::Kind, kind);
    QFETCH(QString, error);
    const HttpLogParse parse = parseHttpLogMessage(datagram);
    QCOMPARE(parse.kind, kind);
    QCOMPARE(parse.error, error);
}

void TestHttpLogLine::recordFromALine() {
    const HttpLogParse parse = parseHttpLogMessage("<134>" + message);
    const RequestRecord record = requestRecordFrom(parse.line, 7);
    QCOMPARE(record.id, 7u);
    // What the details pane needs to say that the forwarded head is not in the log.
    QCOMPARE(record.source, RecordSource::HaproxyLog);
    QVERIFY(record.upstreamTarget().isEmpty());
    QCOMPARE(record.startedAtMs, parse.line.acceptedAtMs);
    QCOMPARE(record.clientAddress, QByteArray("127.0.0.1"));
    QCOMPARE(record.method, QByteArray("GET"));
    QCOMPARE(record.target, QByteArray("/some/path?q=1"));
    QCOMPARE(record.routeId, QStringLiteral("rr"));
    QCOMPARE(record.backendName, QStringLiteral("alpha"));
    QCOMPARE(record.status, 404);
    QCOMPARE(record.bytesOut, 500);
    QCOMPARE(record.timeToFirstByteUs, 33000); // TR + Tw + Tc + Tr
    QCOMPARE(record.totalUs, 33000);
    QCOMPARE(record.outcome, Outcome::Ok);
    QVERIFY(record.failure.isEmpty());
    QCOMPARE(record.backendIndex, -1); // for HaproxySession, which knows the servers
}

QTEST_GUILESS_MAIN(TestHttpLogLine)
#include "tst_httplogline.moc"
