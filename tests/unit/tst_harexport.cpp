// HAR 1.2 export (inspect/harexport.h): every export validates against the HAR 1.2 JSON schema
// (the har-validator package, tests/support/validate-har.js), carries the request and response
// as the client saw them with decoded content, the gateway's own facts in _fields, and masks
// secrets unless they are included.
#include "capturedsamples.h"
#include "harvalidation.h"
#include "inspect/harexport.h"
#include "sourcetree.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryFile>
#include <QTest>

namespace {

QList<CapturedExchange> samples() {
    return {CapturedSamples::forwardedOrder(), CapturedSamples::truncatedImage(),
            CapturedSamples::noRoute()};
}

HarExportOptions options(HeaderMask::Secrets secrets = HeaderMask::Secrets::Masked) {
    return {HeaderMask(secrets, {"X-Forwarded-For"}), QStringLiteral("1.2.3"),
            "http://127.0.0.1:8080"};
}

QJsonObject logOf(const QByteArray &har) {
    return QJsonDocument::fromJson(har).object().value("log").toObject();
}

QJsonObject entry(const QByteArray &har, int index) {
    return logOf(har).value("entries").toArray().at(index).toObject();
}

QString headerValue(const QJsonObject &message, const QString &name) {
    for (const QJsonValue &header : message.value("headers").toArray()) {
        if (header.toObject().value("name").toString() == name)
            return header.toObject().value("value").toString();
    }
    return QStringLiteral("(absent)");
}

} // namespace

class TestHarExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void validatesAgainstTheHar12Schema_data();
    void validatesAgainstTheHar12Schema();
    void theValidatorRejectsWhatIsNotHar();
    void aHarConsumerReadsIt();
    void requestIsWhatTheClientSent();
    void responseContentIsDecoded();
    void binaryAndTruncatedBodies();
    void theGatewaysFactsAreCustomFields();
    void aLocalResponseHasNoInstance();
    void timesAreMilliseconds();
    void secretsAreMaskedUnlessIncluded();

private:
    // What program printed when run on har written to a file ("{har}" in arguments stands for
    // its name); exitCode receives its exit code (-1 when it did not run or crashed).
    QByteArray runOnFile(const QString &program, const QStringList &arguments,
                         const QByteArray &har, int &exitCode);
    // The validator's verdict on a document: empty when valid, else what it printed.
    QByteArray validationErrors(const QByteArray &har);
};

void TestHarExport::initTestCase() {
    QVERIFY2(QFile::exists(QStringLiteral("/usr/share/nodejs/har-validator/package.json")),
             "node-har-validator is missing: scripts/install-deps.sh installs it");
}

QByteArray TestHarExport::runOnFile(const QString &program, const QStringList &arguments,
                                    const QByteArray &har, int &exitCode) {
    exitCode = -1;
    QTemporaryFile file;
    if (!file.open() || file.write(har) != har.size() || !file.flush())
        return "cannot write the HAR file";
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Debian's JavaScript packages live there; Debian's node looks there anyway, another one
    // (NodeSource's) only when told.
    environment.insert(QStringLiteral("NODE_PATH"), QStringLiteral("/usr/share/nodejs"));
    process.setProcessEnvironment(environment);
    QStringList withFile = arguments;
    withFile.replaceInStrings(QStringLiteral("{har}"), file.fileName());
    process.start(program, withFile);
    if (!process.waitForFinished(60000))
        return "did not finish: " + process.errorString().toUtf8();
    if (process.exitStatus() == QProcess::NormalExit)
        exitCode = process.exitCode();
    return process.readAllStandardOutput() + process.readAllStandardError();
}

QByteArray TestHarExport::validationErrors(const QByteArray &har) {
    QTemporaryFile file;
    if (!file.open() || file.write(har) != har.size() || !file.flush())
        return "cannot write the HAR file";
    return harValidationErrors(file.fileName());
}

void TestHarExport::validatesAgainstTheHar12Schema_data() {
    QTest::addColumn<HeaderMask::Secrets>("secrets");
    QTest::newRow("masked") << HeaderMask::Secrets::Masked;
    QTest::newRow("secrets included") << HeaderMask::Secrets::Included;
}

void TestHarExport::validatesAgainstTheHar12Schema() {
    QFETCH(HeaderMask::Secrets, secrets);
    const QByteArray har = harDocument(samples(), options(secrets));
    const QByteArray errors = validationErrors(har);
    QVERIFY2(errors.isEmpty(), errors.constData());
    QVERIFY(validationErrors(harDocument({}, options())).isEmpty()); // an empty log is valid
}

void TestHarExport::theValidatorRejectsWhatIsNotHar() {
    QJsonObject document = QJsonDocument::fromJson(harDocument(samples(), options())).object();
    QJsonObject log = document.value("log").toObject();
    log.remove("creator");
    document["log"] = log;
    QVERIFY(!validationErrors(QJsonDocument(document).toJson()).isEmpty());
}

void TestHarExport::aHarConsumerReadsIt() {
    // httpsnippet validates each request with its own copy of the HAR schema and turns it into
    // code: here curl commands, one per entry, from what the export says.
    const QString httpsnippet = qEnvironmentVariable("GATEWAY_HAR_CONSUMER");
    QVERIFY2(QFile::exists(httpsnippet),
             "the HAR consumer is missing: the CTest fixture har_consumer_install installs it");
    int exitCode = -1;
    const QByteArray snippets =
        runOnFile(httpsnippet,
                  {QStringLiteral("{har}"), QStringLiteral("--target"), QStringLiteral("shell"),
                   QStringLiteral("--client"), QStringLiteral("curl")},
                  harDocument(samples(), options()), exitCode);
    QVERIFY2(exitCode == 0, snippets.constData());
    QVERIFY2(snippets.contains("--request POST"), snippets.constData());
    QVERIFY2(snippets.contains("--url 'http://gateway.test/api/orders?id=7&q=a%20b'"),
             snippets.constData());
    QVERIFY2(snippets.contains("--header 'Authorization: [masked]'"), snippets.constData());
    QVERIFY2(snippets.contains("--url http://127.0.0.1:8080/nowhere"), snippets.constData());

    // It refuses what is not HAR, so that its yes above means something.
    runOnFile(httpsnippet,
              {QStringLiteral("{har}"), QStringLiteral("--target"), QStringLiteral("shell")},
              R"({"log": {"entries": [{"request": {"url": "x"}}]}})", exitCode);
    QVERIFY(exitCode != 0);
}

void TestHarExport::requestIsWhatTheClientSent() {
    const QJsonObject request =
        entry(harDocument(samples(), options()), 0).value("request").toObject();
    QCOMPARE(request.value("method").toString(), QStringLiteral("POST"));
    QCOMPARE(request.value("url").toString(),
             QStringLiteral("http://gateway.test/api/orders?id=7&q=a%20b"));
    QCOMPARE(request.value("httpVersion").toString(), QStringLiteral("HTTP/1.1"));
    QCOMPARE(request.value("queryString").toArray(),
             (QJsonArray{QJsonObject{{"name", "id"}, {"value", "7"}},
                         QJsonObject{{"name", "q"}, {"value", "a b"}}}));
    QCOMPARE(request.value("headers").toArray().size(), 5);
    QCOMPARE(request.value("bodySize").toInt(), 22);
    const QJsonObject postData = request.value("postData").toObject();
    QCOMPARE(postData.value("mimeType").toString(), QStringLiteral("application/json"));
    QCOMPARE(postData.value("text").toString(), QStringLiteral("{\"sku\":\"A-1\",\"qty\":2}\n"));
    QVERIFY(request.value("headersSize").toInt() > 100);
}

void TestHarExport::responseContentIsDecoded() {
    const QJsonObject response =
        entry(harDocument(samples(), options()), 0).value("response").toObject();
    QCOMPARE(response.value("status").toInt(), 201);
    QCOMPARE(response.value("statusText").toString(), QStringLiteral("Created"));
    QCOMPARE(response.value("redirectURL").toString(), QStringLiteral("/api/orders/7"));
    const QJsonObject content = response.value("content").toObject();
    QCOMPARE(content.value("text").toString(), QString::fromUtf8(CapturedSamples::orderJson()));
    QCOMPARE(content.value("size").toInt(), CapturedSamples::orderJson().size());
    QCOMPARE(content.value("mimeType").toString(),
             QStringLiteral("application/json; charset=utf-8"));
    QVERIFY(!content.contains("encoding"));
    const int wireSize = response.value("bodySize").toInt();
    QCOMPARE(content.value("compression").toInt(), CapturedSamples::orderJson().size() - wireSize);
}

void TestHarExport::binaryAndTruncatedBodies() {
    const QJsonObject content = entry(harDocument(samples(), options()), 1)
                                    .value("response")
                                    .toObject()
                                    .value("content")
                                    .toObject();
    QCOMPARE(content.value("encoding").toString(), QStringLiteral("base64"));
    const QByteArray kept = QByteArray::fromBase64(content.value("text").toString().toLatin1());
    QCOMPARE(kept, CapturedSamples::truncatedImage().responseBody().bytes);
    QCOMPARE(kept.size(), 1024);
    QCOMPARE(content.value("size").toInt(), 4096);
    QVERIFY(content.value("_truncated").toBool());
    QCOMPARE(content.value("_size").toInt(), 4096);
}

void TestHarExport::theGatewaysFactsAreCustomFields() {
    const QJsonObject first = entry(harDocument(samples(), options()), 0);
    QCOMPARE(first.value("_id").toString(), QStringLiteral("42"));
    QCOMPARE(first.value("_route").toString(), QStringLiteral("api"));
    QCOMPARE(first.value("_outcome").toString(), QStringLiteral("ok"));
    QCOMPARE(
        first.value("_reason").toString(),
        QStringLiteral("round_robin: #1 (first pick); retry → round_robin: #2 (next after #1)"));
    const QJsonObject instance = first.value("_instance").toObject();
    QCOMPARE(instance.value("name").toString(), QStringLiteral("orders-b"));
    QCOMPARE(instance.value("index").toInt(), 1);
    QCOMPARE(instance.value("url").toString(), QStringLiteral("http://127.0.0.1:8082"));
    const QJsonArray attempts = first.value("_attempts").toArray();
    QCOMPARE(attempts.size(), 2);
    QCOMPARE(attempts.at(0).toObject().value("error").toString(),
             QStringLiteral("connect refused"));
    QVERIFY(attempts.at(0).toObject().value("instanceFault").toBool());
    QCOMPARE(attempts.at(1).toObject().value("status").toInt(), 201);
    const QJsonObject upstream = first.value("_upstreamRequest").toObject();
    QCOMPARE(upstream.value("target").toString(), QStringLiteral("/orders?id=7&q=a%20b"));
    QCOMPARE(headerValue(upstream, QStringLiteral("Via")),
             QStringLiteral("1.1 gateway-console-0123456789abcdef"));
    QCOMPARE(first.value("_upstreamResponse").toObject().value("status").toInt(), 201);
    QCOMPARE(logOf(harDocument({}, options())).value("creator").toObject(),
             (QJsonObject{{"name", "Gateway Console"}, {"version", "1.2.3"}}));
}

void TestHarExport::aLocalResponseHasNoInstance() {
    const QJsonObject third = entry(harDocument(samples(), options()), 2);
    QVERIFY(!third.contains("_instance"));
    QVERIFY(!third.contains("_upstreamRequest"));
    QVERIFY(!third.contains("_upstreamResponse"));
    QCOMPARE(third.value("_outcome").toString(), QStringLiteral("no_route"));
    const QJsonObject request = third.value("request").toObject();
    // No Host (HTTP/1.0): the URL is the gateway's.
    QCOMPARE(request.value("url").toString(), QStringLiteral("http://127.0.0.1:8080/nowhere"));
    QCOMPARE(request.value("httpVersion").toString(), QStringLiteral("HTTP/1.0"));
    QVERIFY(!request.contains("postData"));
    QCOMPARE(third.value("response").toObject().value("content").toObject().value("text"),
             QJsonValue("no route\n"));
}

void TestHarExport::timesAreMilliseconds() {
    const QJsonObject first = entry(harDocument(samples(), options()), 0);
    QCOMPARE(first.value("startedDateTime").toString(), QStringLiteral("2026-12-06T11:21:30.123Z"));
    QCOMPARE(first.value("time").toDouble(), 2.75);
    const QJsonObject timings = first.value("timings").toObject();
    QCOMPARE(timings.value("send").toDouble(), 0.0);
    QCOMPARE(timings.value("wait").toDouble(), 1.5);
    QCOMPARE(timings.value("receive").toDouble(), 1.25);
}

void TestHarExport::secretsAreMaskedUnlessIncluded() {
    const QByteArray masked = harDocument(samples(), options());
    QVERIFY(!masked.contains("s3cret"));
    QVERIFY(!masked.contains("session=abc"));
    const QJsonObject request = entry(masked, 0).value("request").toObject();
    QCOMPARE(headerValue(request, QStringLiteral("Authorization")), QStringLiteral("[masked]"));
    QCOMPARE(request.value("cookies").toArray(),
             (QJsonArray{QJsonObject{{"name", "session"}, {"value", "[masked]"}},
                         QJsonObject{{"name", "theme"}, {"value", "[masked]"}}}));
    const QJsonObject upstream = entry(masked, 0).value("_upstreamRequest").toObject();
    QCOMPARE(headerValue(upstream, QStringLiteral("X-Forwarded-For")), QStringLiteral("[masked]"));
    QCOMPARE(logOf(masked).value("_secretsIncluded").toBool(), false);

    const QByteArray included = harDocument(samples(), options(HeaderMask::Secrets::Included));
    const QJsonObject response = entry(included, 0).value("response").toObject();
    QCOMPARE(headerValue(entry(included, 0).value("request").toObject(),
                         QStringLiteral("Authorization")),
             QStringLiteral("Bearer s3cret"));
    QCOMPARE(response.value("cookies").toArray(),
             (QJsonArray{QJsonObject{{"name", "session"}, {"value", "def"}},
                         QJsonObject{{"name", "seen"}, {"value", "1"}}}));
    QCOMPARE(logOf(included).value("_secretsIncluded").toBool(), true);
}

QTEST_GUILESS_MAIN(TestHarExport)
#include "tst_harexport.moc"
