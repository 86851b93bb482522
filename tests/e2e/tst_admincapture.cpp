// The admin API's captured traffic (README, "Admin API"): GET /api/requests lists the exchanges
// the gateway holds, with their heads, after an id and in pages; /api/requests/{id} gives one with
// its bodies (text as text, binary as base64); /api/har all of them as HAR 1.2. Credentials are
// masked unless ?secrets=include asks otherwise; a bad parameter is a 400 that names it.
#include "gatewayfixture.h"
#include "harvalidation.h"
#include "rawclient.h"
#include "scriptedbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryFile>
#include <QTest>

class TestAdminCapture final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listsExchangesAfterAnId();
    void pagesWithLimit();
    void oneExchangeCarriesItsBodies();
    void anUnknownIdIs404();
    void aNewStartHoldsOnlyItsOwn();
    void harIsValidAndMasked();
    void badParametersAre400_data();
    void badParametersAre400();

private:
    ParsedResponse get(const QByteArray &target);
    // Sends count requests through the gateway and waits until the admin API holds them.
    void sendThrough(int count, QByteArrayView extraHeaders = {});

    std::unique_ptr<ScriptedBackend> m_backend;
    std::unique_ptr<GatewayFixture> m_gateway;
    GatewayConfig m_config;
    quint16 m_adminPort = 0;
};

namespace {

QJsonObject jsonOf(const ParsedResponse &response) {
    return QJsonDocument::fromJson(response.body.bytes()).object();
}

QList<qint64> idsOf(const QJsonObject &listing) {
    QList<qint64> ids;
    for (const QJsonValue &entry : listing.value("requests").toArray())
        ids.append(entry.toObject().value("id").toInteger());
    return ids;
}

// The value of a field in a head's JSON, empty when absent.
QString headerIn(const QJsonObject &head, const QString &name) {
    for (const QJsonValue &header : head.value("headers").toArray()) {
        if (header.toObject().value("name").toString().compare(name, Qt::CaseInsensitive) == 0)
            return header.toObject().value("value").toString();
    }
    return QString();
}

} // namespace

void TestAdminCapture::initTestCase() {
    QLoggingCategory::setFilterRules(QStringLiteral("gateway.*.info=false"));
}

void TestAdminCapture::init() {
    m_backend = std::make_unique<ScriptedBackend>("b");
    m_backend->setHandler([](const ReceivedRequest &request, BackendReply &reply) {
        reply.headers = {{"Set-Cookie", "session=s3cret"}};
        reply.body = request.target.endsWith("/binary") ? QByteArray("\x89PNG\r\n\x1a\n\xff", 9)
                                                        : QByteArray("{\"ok\":true}");
    });
    m_gateway = std::make_unique<GatewayFixture>();
    m_config = GatewayFixture::singleRouteConfig({m_backend->url()});
    m_config.admin = ListenAddress{QHostAddress::LocalHost, 0};
    m_config.capture.maskHeaders = {"X-Api-Key"};
    QVERIFY(m_gateway->start(m_config));
    QVERIFY(waitUntil([&] { return !m_gateway->controller().lastSnapshot().adminUrl.isEmpty(); },
                      defaultWaitMs));
    m_adminPort = quint16(QUrl(m_gateway->controller().lastSnapshot().adminUrl).port());
}

void TestAdminCapture::cleanup() {
    m_gateway.reset();
    m_backend.reset();
}

ParsedResponse TestAdminCapture::get(const QByteArray &target) {
    return RawClient::exchangeOnce(m_adminPort, RawClient::request("GET", target));
}

void TestAdminCapture::sendThrough(int count, QByteArrayView extraHeaders) {
    const qsizetype before = m_gateway->records().size();
    for (int i = 0; i < count; ++i) {
        const QByteArray target = "/svc/" + QByteArray::number(i);
        QCOMPARE(RawClient::exchangeOnce(m_gateway->port(),
                                         RawClient::request("GET", target, extraHeaders))
                     .status,
                 200);
    }
    // The store admits each exchange as it finishes, before its batch goes out.
    QVERIFY(m_gateway->waitForRecords(before + count));
}

void TestAdminCapture::listsExchangesAfterAnId() {
    sendThrough(3);
    const ParsedResponse all = get("/api/requests");
    QCOMPARE(all.status, 200);
    const QList<qint64> ids = idsOf(jsonOf(all));
    QCOMPARE(ids.size(), 3);
    QVERIFY(std::is_sorted(ids.cbegin(), ids.cend()));
    const QJsonObject first = jsonOf(all).value("requests").toArray().first().toObject();
    QCOMPARE(first.value("target").toString(), QStringLiteral("/svc/0"));
    QCOMPARE(first.value("status").toInt(), 200);
    QCOMPARE(first.value("request").toObject().value("received").toObject().value("target"),
             QStringLiteral("/svc/0"));
    QVERIFY(headerIn(first.value("request").toObject().value("sent").toObject(), "Via")
                .startsWith("1.1 gateway-console-"));
    // Heads and sizes only in the list.
    const QJsonObject body = first.value("response").toObject().value("body").toObject();
    QCOMPARE(body.value("size").toInteger(), 11);
    QVERIFY(!body.contains("data"));
    QCOMPARE(jsonOf(all).value("capture").toObject().value("held").toInt(), 3);

    const ParsedResponse after = get("/api/requests?since=" + QByteArray::number(ids.first()));
    QCOMPARE(idsOf(jsonOf(after)), ids.mid(1));
    QVERIFY(idsOf(jsonOf(get("/api/requests?since=" + QByteArray::number(ids.last())))).isEmpty());
}

void TestAdminCapture::pagesWithLimit() {
    sendThrough(3);
    const QJsonObject page = jsonOf(get("/api/requests?limit=2"));
    QCOMPARE(idsOf(page).size(), 2);
    QCOMPARE(page.value("more").toBool(), true);
    const QJsonObject rest =
        jsonOf(get("/api/requests?limit=2&since=" + QByteArray::number(idsOf(page).last())));
    QCOMPARE(idsOf(rest).size(), 1);
    QCOMPARE(rest.value("more").toBool(), false);
}

void TestAdminCapture::oneExchangeCarriesItsBodies() {
    QCOMPARE(RawClient::exchangeOnce(m_gateway->port(),
                                     RawClient::request("GET", "/svc/text",
                                                        "Authorization: Bearer t0ken\r\n"
                                                        "X-Api-Key: k3y\r\n"))
                 .status,
             200);
    QCOMPARE(
        RawClient::exchangeOnce(m_gateway->port(), RawClient::request("GET", "/svc/binary")).status,
        200);
    QVERIFY(m_gateway->waitForRecords(2));
    const QList<qint64> ids = idsOf(jsonOf(get("/api/requests")));
    QCOMPARE(ids.size(), 2);

    const ParsedResponse text = get("/api/requests/" + QByteArray::number(ids.at(0)));
    QCOMPARE(text.status, 200);
    const QJsonObject exchange = jsonOf(text);
    const QJsonObject responseBody = exchange.value("response").toObject().value("body").toObject();
    QCOMPARE(responseBody.value("encoding").toString(), QStringLiteral("utf-8"));
    QCOMPARE(responseBody.value("data").toString(), QStringLiteral("{\"ok\":true}"));
    QCOMPARE(responseBody.value("truncated").toBool(true), false);
    // Masked: the built-in names and the config's capture.mask_headers.
    const QJsonObject received = exchange.value("request").toObject().value("received").toObject();
    QCOMPARE(headerIn(received, "Authorization"), QStringLiteral("[masked]"));
    QCOMPARE(headerIn(received, "X-Api-Key"), QStringLiteral("[masked]"));
    const QJsonObject responseSent = exchange.value("response").toObject().value("sent").toObject();
    QCOMPARE(headerIn(responseSent, "Set-Cookie"), QStringLiteral("[masked]"));
    QVERIFY(!text.body.bytes().contains("t0ken"));
    QVERIFY(!text.body.bytes().contains("k3y"));

    const QJsonObject binary = jsonOf(get("/api/requests/" + QByteArray::number(ids.at(1))))
                                   .value("response")
                                   .toObject()
                                   .value("body")
                                   .toObject();
    QCOMPARE(binary.value("encoding").toString(), QStringLiteral("base64"));
    QCOMPARE(QByteArray::fromBase64(binary.value("data").toString().toLatin1()),
             QByteArray("\x89PNG\r\n\x1a\n\xff", 9));
}

void TestAdminCapture::anUnknownIdIs404() {
    sendThrough(1);
    const ParsedResponse missing = get("/api/requests/999");
    QCOMPARE(missing.status, 404);
    QVERIFY2(jsonOf(missing).value("error").toString().contains("999"),
             missing.body.bytes().constData());
}

// Request ids start again with each start: the previous run's exchanges go with it.
void TestAdminCapture::aNewStartHoldsOnlyItsOwn() {
    sendThrough(2);
    QVERIFY(m_gateway->stop(std::chrono::milliseconds(0)));
    QVERIFY(m_gateway->start(m_config));
    sendThrough(1);
    const QJsonObject listing = jsonOf(get("/api/requests"));
    QCOMPARE(idsOf(listing), QList<qint64>{1});
    QCOMPARE(listing.value("requests").toArray().first().toObject().value("target").toString(),
             QStringLiteral("/svc/0"));
}

void TestAdminCapture::harIsValidAndMasked() {
    sendThrough(2, "Authorization: Bearer t0ken\r\n");
    const ParsedResponse masked = get("/api/har");
    QCOMPARE(masked.status, 200);
    QCOMPARE(QJsonDocument::fromJson(masked.body.bytes())
                 .object()
                 .value("log")
                 .toObject()
                 .value("entries")
                 .toArray()
                 .size(),
             2);
    QVERIFY(!masked.body.bytes().contains("t0ken"));
    QVERIFY(!masked.body.bytes().contains("s3cret"));
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(masked.body.bytes());
    QVERIFY(file.flush());
    const QByteArray errors = harValidationErrors(file.fileName());
    QVERIFY2(errors.isEmpty(), errors.constData());

    const ParsedResponse included = get("/api/har?secrets=include");
    QCOMPARE(included.status, 200);
    QVERIFY(included.body.bytes().contains("t0ken"));
}

void TestAdminCapture::badParametersAre400_data() {
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("named");
    QTest::newRow("since not a number") << QByteArray("/api/requests?since=x") << "since";
    QTest::newRow("since negative") << QByteArray("/api/requests?since=-1") << "since";
    QTest::newRow("limit 0") << QByteArray("/api/requests?limit=0") << "limit";
    QTest::newRow("limit too large") << QByteArray("/api/requests?limit=1001") << "limit";
    QTest::newRow("unknown parameter") << QByteArray("/api/requests?sinse=1") << "sinse";
    QTest::newRow("id not a number") << QByteArray("/api/requests/abc") << "id";
    QTest::newRow("secrets other") << QByteArray("/api/har?secrets=yes") << "secrets";
    QTest::newRow("har unknown parameter") << QByteArray("/api/har?mask=no") << "mask";
}

void TestAdminCapture::badParametersAre400() {
    QFETCH(QByteArray, target);
    QFETCH(QString, named);
    const ParsedResponse response = get(target);
    QCOMPARE(response.status, 400);
    const QString error = jsonOf(response).value("error").toString();
    QVERIFY2(error.contains(named), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestAdminCapture)
#include "tst_admincapture.moc"
