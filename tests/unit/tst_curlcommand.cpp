// Copy as curl (inspect/curlcommand.h). The commands are run: /bin/sh runs each one with the
// real curl against a test server on 127.0.0.1, and the server must receive the captured
// request itself: method, target, every header field (order among equal names, duplicates) and
// the body, hostile values included.
#include "inspect/curlcommand.h"
#include "model/capturedheadbuilder.h"
#include "scriptedbackend.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <algorithm>

namespace {

using NamedValues = QList<std::pair<QByteArray, QByteArray>>;

struct Field {
    QByteArray name;
    QByteArray value;
    friend bool operator==(const Field &, const Field &) = default;
};

// Fields without the framing that curl computes, sorted by name (stable, so equal names keep
// their order): curl puts its own fields first and the -H ones after them.
QList<Field> comparable(const QList<Field> &fields) {
    QList<Field> kept;
    for (const Field &field : fields) {
        if (field.name.compare("Content-Length", Qt::CaseInsensitive) != 0 &&
            field.name.compare("Transfer-Encoding", Qt::CaseInsensitive) != 0) {
            kept.append({field.name.toLower(), field.value});
        }
    }
    std::stable_sort(kept.begin(), kept.end(),
                     [](const Field &a, const Field &b) { return a.name < b.name; });
    return kept;
}

QList<Field> fieldsOf(const CapturedHead &head) {
    QList<Field> fields;
    for (const CapturedHead::Field field : head.fields())
        fields.append({field.name.toByteArray(), field.value.toByteArray()});
    return fields;
}

QList<Field> fieldsOf(const HeaderList &headers) {
    QList<Field> fields;
    for (const HeaderList::Field &field : headers.fields())
        fields.append({field.name, field.value});
    return fields;
}

QByteArray text(const QList<Field> &fields) {
    QByteArray lines;
    for (const Field &field : fields)
        lines += field.name + ": " + field.value + '\n';
    return lines;
}

CapturedExchange exchangeOf(const CapturedHead &received, const QByteArray &body) {
    CapturedExchangeParts parts;
    parts.record.id = 1;
    parts.requestReceived = received;
    parts.requestBody = CapturedBody::fromBytes(body, 1 << 20);
    return CapturedExchange(parts);
}

} // namespace

class TestCurlCommand : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void curlSendsTheCapturedRequest_data();
    void curlSendsTheCapturedRequest();
    void toTheInstanceSendsWhatTheGatewayForwarded();
    void anExchangeNeverForwardedHasNoInstanceCommand();
    void copyUrlIsWhereTheCommandSends();
    void aSimpleGetReadsAsTyped();
    void bodiesThatAreNotPlainTextArePipedFromPrintf();
    void secretsStayMaskedUnlessIncluded();
    void theReadmeExampleIsWhatIsMade();

private:
    // Runs command with sh, waiting in the event loop so that the server answers meanwhile.
    void run(const QByteArray &command);

    ScriptedBackend m_server{"server"};
};

void TestCurlCommand::initTestCase() {
    QVERIFY2(QFile::exists(QStringLiteral("/usr/bin/curl")),
             "curl is missing: scripts/install-deps.sh installs it");
}

void TestCurlCommand::run(const QByteArray &command) {
    QProcess shell;
    QSignalSpy finished(&shell, &QProcess::finished);
    shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QString::fromUtf8(command)});
    QVERIFY(finished.wait(30000));
    QVERIFY2(shell.exitStatus() == QProcess::NormalExit && shell.exitCode() == 0,
             QByteArray(command + "\n" + shell.readAllStandardError()).constData());
}

void TestCurlCommand::curlSendsTheCapturedRequest_data() {
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("versionMinor");
    QTest::addColumn<NamedValues>("headers");
    QTest::addColumn<QByteArray>("body");

    const NamedValues browser = {{"User-Agent", "Mozilla/5.0"}, {"Accept", "*/*"}};
    QTest::newRow("GET with a query")
        << QByteArray("GET") << QByteArray("/search?q=a%20b&n=1") << 1 << browser << QByteArray();
    QTest::newRow("no User-Agent or Accept")
        << QByteArray("GET") << QByteArray("/bare") << 1 << NamedValues{} << QByteArray();
    QTest::newRow("another Host") << QByteArray("GET") << QByteArray("/h") << 1
                                  << NamedValues{{"Host", "api.example.test"}} << QByteArray();
    QTest::newRow("hostile header values")
        << QByteArray("GET") << QByteArray("/q?x='$(id)'&y=`id`&z=$HOME") << 1
        << NamedValues{{"X-Quote", "it's \"quoted\" \\ back"},
                       {"X-Shell", "$(touch /tmp/pwned) `id` ${HOME}; rm -rf x"},
                       {"X-Dup", "first"},
                       {"X-Unicode", "grüße 日本"},
                       {"X-Latin1", "caf\xe9"},
                       {"X-Dup", "second"},
                       {"X-Empty", ""}}
        << QByteArray();
    QTest::newRow("dot segments and brackets kept")
        << QByteArray("GET") << QByteArray("/a/./b/../c?list[]={1}") << 1 << NamedValues{}
        << QByteArray();
    QTest::newRow("POST JSON") << QByteArray("POST") << QByteArray("/items") << 1
                               << NamedValues{{"Content-Type", "application/json"},
                                              {"Content-Length", "27"}}
                               << QByteArray(R"({"name":"O'Brien","n":"$x"})");
    QTest::newRow("PUT text with newlines and quotes")
        << QByteArray("PUT") << QByteArray("/doc") << 1
        << NamedValues{{"Content-Type", "text/plain; charset=utf-8"}}
        << QByteArray("line 1\nit's `two`\n\n$(three)\n");
    QTest::newRow("chunked upload becomes a length")
        << QByteArray("POST") << QByteArray("/upload") << 1
        << NamedValues{{"Transfer-Encoding", "chunked"},
                       {"Content-Type", "application/octet-stream"}}
        << QByteArray("streamed");
    QTest::newRow("body without Content-Type")
        << QByteArray("POST") << QByteArray("/raw") << 1 << NamedValues{} << QByteArray("a=1");
    QTest::newRow("body starting with @")
        << QByteArray("POST") << QByteArray("/at") << 1
        << NamedValues{{"Content-Type", "text/plain"}} << QByteArray("@/etc/passwd");
    QTest::newRow("binary body") << QByteArray("POST") << QByteArray("/bin") << 1
                                 << NamedValues{{"Content-Type", "image/png"}}
                                 << QByteArrayLiteral("\x89PNG\r\n\x1a\n\0\0\0\rIHDR%s\\\xff\n");
    QTest::newRow("CRLF and escape sequences in a body")
        << QByteArray("POST") << QByteArray("/term") << 1
        << NamedValues{{"Content-Type", "text/plain"}} << QByteArray("a\r\nb\x1b[201~c\n");
    QTest::newRow("GET with a body")
        << QByteArray("GET") << QByteArray("/get-body") << 1
        << NamedValues{{"Content-Type", "text/plain"}} << QByteArray("odd but legal");
    QTest::newRow("DELETE") << QByteArray("DELETE") << QByteArray("/items/7") << 1 << NamedValues{}
                            << QByteArray();
    QTest::newRow("HEAD") << QByteArray("HEAD") << QByteArray("/head") << 1 << NamedValues{}
                          << QByteArray();
    QTest::newRow("POST without a body") << QByteArray("POST") << QByteArray("/empty") << 1
                                         << NamedValues{{"Content-Length", "0"}} << QByteArray();
    QTest::newRow("HTTP/1.0") << QByteArray("GET") << QByteArray("/old") << 0 << NamedValues{}
                              << QByteArray();
}

void TestCurlCommand::curlSendsTheCapturedRequest() {
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(int, versionMinor);
    QFETCH(NamedValues, headers);
    QFETCH(QByteArray, body);

    const QByteArray authority = "127.0.0.1:" + QByteArray::number(m_server.port());
    if (!std::any_of(headers.cbegin(), headers.cend(),
                     [](const auto &field) { return field.first == "Host"; })) {
        headers.prepend({"Host", authority});
    }
    CapturedHeadBuilder builder;
    builder.requestLine(method, target, 1, versionMinor);
    for (const auto &[name, value] : headers)
        builder.field(name, value);
    const CapturedHead head = builder.build();

    const qsizetype before = m_server.requests().size();
    const CurlCommand curl("http://" + authority, HeaderMask());
    const std::optional<QByteArray> command =
        curl.command(exchangeOf(head, body), CurlCommand::Destination::Gateway);
    QVERIFY(command);
    run(*command);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_server.waitForRequests(before + 1));

    const ReceivedRequest &received = m_server.requests().at(before);
    QCOMPARE(received.method, method);
    QCOMPARE(received.target, target);
    QCOMPARE(received.versionMinor, versionMinor);
    QCOMPARE(text(comparable(fieldsOf(received.headers))), text(comparable(fieldsOf(head))));
    QCOMPARE(received.body.bytes(), body);
    if (!body.isEmpty())
        QCOMPARE(received.headers.value("Content-Length"), QByteArray::number(body.size()));
}

void TestCurlCommand::toTheInstanceSendsWhatTheGatewayForwarded() {
    CapturedExchangeParts parts;
    parts.record.id = 2;
    parts.record.backendUrl = m_server.url().toEncoded() + "/base";
    parts.requestReceived = CapturedHeadBuilder()
                                .requestLine("POST", "/api/orders?x=1")
                                .fields({{"Host", "gateway.test"}, {"Content-Type", "text/plain"}})
                                .build();
    parts.requestSent = CapturedHeadBuilder()
                            .requestLine("POST", "/base/orders?x=1")
                            .fields(parts.requestReceived)
                            .fields({{"X-Forwarded-For", "127.0.0.1"},
                                     {"Via", "1.1 gateway-console-0123456789abcdef"}})
                            .build();
    parts.requestBody = CapturedBody::fromBytes("order", 100);
    const CapturedExchange exchange(parts);

    const qsizetype before = m_server.requests().size();
    const CurlCommand curl("http://127.0.0.1:1", HeaderMask());
    const std::optional<QByteArray> command =
        curl.command(exchange, CurlCommand::Destination::Instance);
    QVERIFY(command);
    run(*command);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_server.waitForRequests(before + 1));
    const ReceivedRequest &received = m_server.requests().at(before);
    QCOMPARE(received.target, QByteArray("/base/orders?x=1"));
    QCOMPARE(text(comparable(fieldsOf(received.headers))),
             text(comparable(fieldsOf(parts.requestSent))));
    QCOMPARE(received.body.bytes(), QByteArray("order"));
}

void TestCurlCommand::anExchangeNeverForwardedHasNoInstanceCommand() {
    const CapturedHead head = CapturedHeadBuilder().requestLine("GET", "/nowhere").build();
    const CurlCommand curl("http://127.0.0.1:8080", HeaderMask());
    QVERIFY(!curl.command(exchangeOf(head, {}), CurlCommand::Destination::Instance));
    QVERIFY(curl.command(exchangeOf(head, {}), CurlCommand::Destination::Gateway));
}

void TestCurlCommand::copyUrlIsWhereTheCommandSends() {
    CapturedExchangeParts parts;
    parts.record.backendUrl = "http://127.0.0.1:8082/base";
    parts.requestReceived = CapturedHeadBuilder().requestLine("GET", "/api/x?y=1").build();
    parts.requestSent = CapturedHeadBuilder().requestLine("GET", "/base/x?y=1").build();
    const CurlCommand curl("http://127.0.0.1:8080", HeaderMask());
    QCOMPARE(curl.url(CapturedExchange(parts), CurlCommand::Destination::Gateway),
             QByteArray("http://127.0.0.1:8080/api/x?y=1"));
    QCOMPARE(curl.url(CapturedExchange(parts), CurlCommand::Destination::Instance),
             QByteArray("http://127.0.0.1:8082/base/x?y=1"));
    parts.requestReceived =
        CapturedHeadBuilder().requestLine("GET", "http://elsewhere.test/z").build();
    QCOMPARE(curl.url(CapturedExchange(parts), CurlCommand::Destination::Gateway),
             QByteArray("http://elsewhere.test/z"));
    parts.requestSent = {};
    QCOMPARE(curl.url(CapturedExchange(parts), CurlCommand::Destination::Instance), std::nullopt);
}

void TestCurlCommand::aSimpleGetReadsAsTyped() {
    const CapturedHead head = CapturedHeadBuilder()
                                  .requestLine("GET", "/api/users?page=2")
                                  .fields({{"Host", "127.0.0.1:8080"},
                                           {"User-Agent", "curl/8.5.0"},
                                           {"Accept", "application/json"}})
                                  .build();
    const CurlCommand curl("http://127.0.0.1:8080", HeaderMask());
    QCOMPARE(*curl.command(exchangeOf(head, {}), CurlCommand::Destination::Gateway),
             QByteArray("curl \\\n"
                        "  --path-as-is \\\n"
                        "  'http://127.0.0.1:8080/api/users?page=2' \\\n"
                        "  -H 'User-Agent: curl/8.5.0' \\\n"
                        "  -H 'Accept: application/json'"));
}

void TestCurlCommand::bodiesThatAreNotPlainTextArePipedFromPrintf() {
    const CapturedHead head =
        CapturedHeadBuilder()
            .requestLine("POST", "/bin")
            .fields({{"Host", "127.0.0.1:8080"}, {"Content-Type", "application/octet-stream"}})
            .build();
    const CurlCommand curl("http://127.0.0.1:8080", HeaderMask());
    const QByteArray command =
        *curl.command(exchangeOf(head, QByteArray("\0\x01", 2)), CurlCommand::Destination::Gateway);
    QVERIFY(command.startsWith("printf '\\000\\001' | curl"));
    QVERIFY(command.endsWith("--data-binary @-"));
}

void TestCurlCommand::secretsStayMaskedUnlessIncluded() {
    const CapturedHead head =
        CapturedHeadBuilder()
            .requestLine("GET", "/me")
            .fields({{"Authorization", "Bearer s3cret"}, {"Cookie", "session=abc"}})
            .build();
    const CapturedExchange exchange = exchangeOf(head, {});
    const QByteArray masked = *CurlCommand("http://127.0.0.1:8080", HeaderMask())
                                   .command(exchange, CurlCommand::Destination::Gateway);
    QVERIFY(masked.contains("-H 'Authorization: [masked]'"));
    QVERIFY(masked.contains("-H 'Cookie: [masked]'"));
    QVERIFY(!masked.contains("s3cret"));
    const QByteArray included =
        *CurlCommand("http://127.0.0.1:8080", HeaderMask(HeaderMask::Secrets::Included))
             .command(exchange, CurlCommand::Destination::Gateway);
    QVERIFY(included.contains("-H 'Authorization: Bearer s3cret'"));
}

void TestCurlCommand::theReadmeExampleIsWhatIsMade() {
    const CapturedHead head = CapturedHeadBuilder()
                                  .requestLine("PUT", "/api/items/7")
                                  .fields({{"Host", "127.0.0.1:8080"},
                                           {"Content-Type", "application/json"},
                                           {"Content-Length", "19"}})
                                  .build();
    const CurlCommand curl("http://127.0.0.1:8080", HeaderMask());
    QCOMPARE(*curl.command(exchangeOf(head, "{\"name\":\"O'Brien\"}"),
                           CurlCommand::Destination::Gateway),
             QByteArray("curl \\\n"
                        "  -X PUT \\\n"
                        "  --path-as-is \\\n"
                        "  'http://127.0.0.1:8080/api/items/7' \\\n"
                        "  -H 'Content-Type: application/json' \\\n"
                        "  -H 'User-Agent:' \\\n"
                        "  -H 'Accept:' \\\n"
                        "  -H 'Expect:' \\\n"
                        "  --data-binary '{\"name\":\"O'\\''Brien\"}'"));
}

QTEST_GUILESS_MAIN(TestCurlCommand)
#include "tst_curlcommand.moc"
