// The access log's lines (README, "Access log"): the status sent, and beside it what the request
// counts as (README, "What the counts mean"), so that a response cut off after its 200 never
// reads as a success; the text lines as they always were, the JSON lines byte for byte what
// QJsonDocument wrote before, and valid JSON whatever bytes a client sends.
#include "accesslogformatter.h"

#include "model/requestresult.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

// 200 sent, 1000 of the body bytes relayed, then the instance reset the connection.
RequestRecord abortedAfter200() {
    RequestRecord record;
    record.id = 7;
    record.startedAtMs = 1764061200123; // 2025-11-25T09:00:00.123Z
    record.clientAddress = "127.0.0.1";
    record.method = "GET";
    record.target = "/svc/big";
    record.routeId = QStringLiteral("svc");
    record.backendIndex = 0;
    record.backendName = QStringLiteral("a1");
    record.status = 200;
    record.bytesOut = 1000;
    record.totalUs = 1240;
    record.outcome = Outcome::Aborted;
    record.failure = "reset";
    AttemptRecord attempt;
    attempt.backendIndex = 0;
    attempt.backendName = QStringLiteral("a1");
    attempt.status = 200;
    attempt.error = "reset";
    attempt.instanceFault = true;
    record.attempts.append(attempt);
    return record;
}

// The gateway's own 404: its 42-byte body is what it sent.
RequestRecord noRoute() {
    RequestRecord record;
    record.startedAtMs = 1764061200123;
    record.clientAddress = "127.0.0.1";
    record.method = "GET";
    record.target = "/favicon.ico";
    record.status = 404;
    record.bytesOut = 42;
    record.outcome = Outcome::NoRoute;
    return record;
}

// Refused by #2, served by #1, each pick explained.
RequestRecord retried() {
    RequestRecord record;
    record.id = 12345678901;
    record.startedAtMs = 1764061200999;
    record.clientAddress = "10.0.0.7";
    record.method = "POST";
    record.target = "/svc/orders?id=5";
    record.routeId = QStringLiteral("svc");
    record.backendIndex = 0;
    record.backendName = QStringLiteral("a1");
    record.backendUrl = "http://127.0.0.1:8081";
    record.setUpstreamTarget("/orders?id=5");
    record.status = 201;
    record.bytesIn = 17;
    record.bytesOut = 2;
    record.timeToFirstByteUs = 800;
    record.totalUs = 2104;
    for (const int chosen : {1, 0}) {
        PickExplanation pick;
        pick.chosenIndex = chosen;
        pick.previousIndex = chosen == 1 ? 0 : 1;
        for (int i = 0; i < 2; ++i) {
            PickCandidate candidate;
            candidate.index = i;
            candidate.eligible = true;
            candidate.verdict =
                i == chosen ? CandidateVerdict::Chosen : CandidateVerdict::NotReached;
            pick.candidates.append(candidate);
        }
        record.picks.append(pick);
    }
    AttemptRecord refused;
    refused.backendIndex = 1;
    refused.backendName = QStringLiteral("b2");
    refused.error = "connect refused";
    refused.instanceFault = true;
    AttemptRecord served;
    served.backendIndex = 0;
    served.backendName = QStringLiteral("a1");
    served.status = 201;
    record.attempts = {refused, served};
    return record;
}

// What a client controls, and the config's names, at their worst.
RequestRecord hostile() {
    RequestRecord record = retried();
    record.method = "G\"E\\T";
    record.target = "/a\"b\\c\x01\x1f\x7f/\xC3(\xFF/ü日本😀?q=\"\n\r\t" + QByteArray(70000, 'x');
    record.clientAddress = "::ffff:127.0.0.1";
    record.routeId = QStringLiteral("route \"with\" \\ and \n");
    record.backendName = QStringLiteral("名前\t\"a1\"");
    record.backendUrl = "http://h\xE9st:8081";
    record.setUpstreamTarget(record.target);
    record.failure = "upstream said \"no\"\\\n\x02";
    record.attempts[1].backendName = record.backendName;
    record.attempts[0].error = "bad \"header\" \x1b[31m";
    return record;
}

// How the log wrote a JSON line before AccessLogFormatter: the reference it must match.
QByteArray jsonAsQJsonDocumentWroteIt(const RequestRecord &record) {
    QJsonObject object{
        {QStringLiteral("id"), qint64(record.id)},
        {QStringLiteral("time"),
         QDateTime::fromMSecsSinceEpoch(record.startedAtMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("client"), QString::fromLatin1(record.clientAddress)},
        {QStringLiteral("method"), QString::fromLatin1(record.method)},
        {QStringLiteral("target"), QString::fromUtf8(record.target)},
        {QStringLiteral("route"), record.routeId},
        {QStringLiteral("instance_index"), record.backendIndex},
        {QStringLiteral("instance"), record.backendName},
        {QStringLiteral("instance_url"), QString::fromUtf8(record.backendUrl)},
        {QStringLiteral("upstream_target"), QString::fromUtf8(record.upstreamTarget())},
        {QStringLiteral("status"), record.status},
        {QStringLiteral("bytes_in"), record.bytesIn},
        {QStringLiteral("bytes_out"), record.bytesOut},
        {QStringLiteral("ttfb_us"), record.timeToFirstByteUs},
        {QStringLiteral("duration_us"), record.totalUs},
        {QStringLiteral("outcome"), QString::fromLatin1(outcomeName(record.outcome))},
        {QStringLiteral("result"), QString::fromLatin1(resultName(resultOf(record)))},
        {QStringLiteral("response_cut"), isResponseCut(record)},
        {QStringLiteral("reason"), QString::fromUtf8(formatReason(record))},
    };
    QJsonArray attempts;
    for (const AttemptRecord &attempt : record.attempts) {
        attempts.append(QJsonObject{{QStringLiteral("instance_index"), attempt.backendIndex},
                                    {QStringLiteral("instance"), attempt.backendName},
                                    {QStringLiteral("status"), attempt.status},
                                    {QStringLiteral("error"), QString::fromUtf8(attempt.error)}});
    }
    object.insert(QStringLiteral("attempts"), attempts);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray lineOf(AccessLogFormatter::Format format, const RequestRecord &record) {
    AccessLogFormatter formatter(format);
    QByteArray out;
    formatter.appendRecord(out, record);
    return out;
}

QByteArray textOf(const RequestRecord &record) {
    return lineOf(AccessLogFormatter::Format::Text, record);
}

QJsonObject jsonOf(const RequestRecord &record) {
    QJsonParseError error;
    const QJsonDocument document =
        QJsonDocument::fromJson(lineOf(AccessLogFormatter::Format::Json, record), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

} // namespace

class TestAccessLogFormatter final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void textSaysACutResponseFailed();
    void jsonSaysACutResponseFailed();
    void localResponseCountsItsBody();
    void textListsEveryAttempt();
    void jsonIsWhatQJsonDocumentWrote_data();
    void jsonIsWhatQJsonDocumentWrote();
    void hostileValuesStayValidJson();
    void aBatchIsOneLinePerRecord();
    void events_data();
    void events();
};

void TestAccessLogFormatter::textSaysACutResponseFailed() {
    QCOMPARE(textOf(abortedAfter200()),
             QByteArray("2025-11-25T09:00:00.123Z 127.0.0.1 GET /svc/big -> svc #1 a1 200 1.24ms "
                        "out=1000B aborted result=failed reason=\"reset\""));
}

void TestAccessLogFormatter::jsonSaysACutResponseFailed() {
    const QJsonObject json = jsonOf(abortedAfter200());
    QCOMPARE(json.value(QLatin1String("status")), QJsonValue(200));
    QCOMPARE(json.value(QLatin1String("outcome")), QJsonValue(QStringLiteral("aborted")));
    QCOMPARE(json.value(QLatin1String("result")), QJsonValue(QStringLiteral("failed")));
    QCOMPARE(json.value(QLatin1String("response_cut")), QJsonValue(true));
    QCOMPARE(json.value(QLatin1String("bytes_out")), QJsonValue(1000));
}

void TestAccessLogFormatter::localResponseCountsItsBody() {
    QCOMPARE(textOf(noRoute()), QByteArray("2025-11-25T09:00:00.123Z 127.0.0.1 GET /favicon.ico "
                                           "-> - 404 0.00ms out=42B no_route result=client_error"));
    const QJsonObject json = jsonOf(noRoute());
    QCOMPARE(json.value(QLatin1String("bytes_out")), QJsonValue(42));
    QCOMPARE(json.value(QLatin1String("result")), QJsonValue(QStringLiteral("client_error")));
    QCOMPARE(json.value(QLatin1String("response_cut")), QJsonValue(false));
}

// README, "Access log": a retried request lists every attempt, then the reason of every pick.
void TestAccessLogFormatter::textListsEveryAttempt() {
    const RequestRecord record = retried();
    QCOMPARE(textOf(record),
             "2025-11-25T09:00:00.999Z 10.0.0.7 POST /svc/orders?id=5 -> svc #1 a1 201 2.10ms "
             "out=2B ok result=succeeded [attempt 1 -> #2 connect refused; attempt 2 -> #1 201] "
             "reason=\"" +
                 formatReason(record) + '"');
    QVERIFY(formatReason(record).contains("; retry → "));
}

void TestAccessLogFormatter::jsonIsWhatQJsonDocumentWrote_data() {
    QTest::addColumn<RequestRecord>("record");
    QTest::newRow("aborted after 200") << abortedAfter200();
    QTest::newRow("no route") << noRoute();
    QTest::newRow("retried") << retried();
    RequestRecord names = retried();
    names.routeId = QStringLiteral("路由 \"a\"\\");
    names.backendName = QStringLiteral("名前\t😀");
    names.target = "/ü/日本/😀?q=\"\\\n";
    QTest::newRow("escapes and non-ASCII") << names;
}

void TestAccessLogFormatter::jsonIsWhatQJsonDocumentWrote() {
    QFETCH(RequestRecord, record);
    QCOMPARE(lineOf(AccessLogFormatter::Format::Json, record), jsonAsQJsonDocumentWroteIt(record));
}

void TestAccessLogFormatter::hostileValuesStayValidJson() {
    const RequestRecord record = hostile();
    const QJsonObject json = jsonOf(record);
    QVERIFY(!json.isEmpty());
    QCOMPARE(json.value(QLatin1String("method")).toString(), QString::fromUtf8(record.method));
    QCOMPARE(json.value(QLatin1String("target")).toString(), QString::fromUtf8(record.target));
    QCOMPARE(json.value(QLatin1String("upstream_target")).toString(),
             QString::fromUtf8(record.target));
    QCOMPARE(json.value(QLatin1String("route")).toString(), record.routeId);
    QCOMPARE(json.value(QLatin1String("instance")).toString(), record.backendName);
    // Not UTF-8: read as QString::fromUtf8 reads it, one U+FFFD for the byte.
    QCOMPARE(json.value(QLatin1String("instance_url")).toString(),
             QStringLiteral("http://h\uFFFDst:8081"));
    QCOMPARE(json.value(QLatin1String("reason")).toString(),
             QString::fromUtf8(formatReason(record)));
    const QJsonArray attempts = json.value(QLatin1String("attempts")).toArray();
    QCOMPARE(attempts.size(), 2);
    QCOMPARE(attempts[0].toObject().value(QLatin1String("error")).toString(),
             QString::fromUtf8(record.attempts[0].error));
    QCOMPARE(attempts[1].toObject().value(QLatin1String("instance")).toString(),
             record.backendName);
    QCOMPARE(json.value(QLatin1String("id")).toInteger(), qint64(12345678901));
}

void TestAccessLogFormatter::aBatchIsOneLinePerRecord() {
    AccessLogFormatter formatter(AccessLogFormatter::Format::Json);
    // The second batch is larger than the first, whose lines size its buffer.
    const QList<QList<RequestRecord>> batches = {{noRoute()},
                                                 {retried(), hostile(), abortedAfter200()}};
    for (const QList<RequestRecord> &batch : batches) {
        const QByteArray out = formatter.formatBatch(batch);
        QVERIFY(out.endsWith('\n'));
        const QList<QByteArray> lines = out.chopped(1).split('\n');
        QCOMPARE(lines.size(), batch.size());
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QJsonObject json = QJsonDocument::fromJson(lines[i]).object();
            QCOMPARE(json.value(QLatin1String("target")).toString(),
                     QString::fromUtf8(batch[i].target));
        }
    }
    QCOMPARE(AccessLogFormatter(AccessLogFormatter::Format::Text).formatBatch({}), QByteArray());
}

void TestAccessLogFormatter::events_data() {
    QTest::addColumn<AccessLogFormatter::Format>("format");
    QTest::addColumn<AccessLogFormatter::Event>("event");
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("text listening")
        << AccessLogFormatter::Format::Text << AccessLogFormatter::Event::Listening
        << QByteArray("listening on http://127.0.0.1:8080");
    QTest::newRow("text admin API")
        << AccessLogFormatter::Format::Text << AccessLogFormatter::Event::AdminApi
        << QByteArray("admin API on http://127.0.0.1:8080");
    QTest::newRow("json listening")
        << AccessLogFormatter::Format::Json << AccessLogFormatter::Event::Listening
        << QByteArray(R"({"event":"listening","time":"2025-11-25T09:00:00.123Z",)"
                      R"("url":"http://127.0.0.1:8080"})");
    QTest::newRow("json admin API")
        << AccessLogFormatter::Format::Json << AccessLogFormatter::Event::AdminApi
        << QByteArray(R"({"event":"admin_api","time":"2025-11-25T09:00:00.123Z",)"
                      R"("url":"http://127.0.0.1:8080"})");
}

void TestAccessLogFormatter::events() {
    QFETCH(AccessLogFormatter::Format, format);
    QFETCH(AccessLogFormatter::Event, event);
    QFETCH(QByteArray, line);
    AccessLogFormatter formatter(format);
    QByteArray out;
    formatter.appendEvent(out, event, QStringLiteral("http://127.0.0.1:8080"), 1764061200123);
    QCOMPARE(out, line);
}

QTEST_GUILESS_MAIN(TestAccessLogFormatter)
#include "tst_accesslogformatter.moc"
