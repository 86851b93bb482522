#include "inspector/sessionfileactions.h"

#include "capturedsamples.h"
#include "common/instancecolors.h"
#include "inspector/capturelog.h"
#include "inspector/logrowsexport.h"
#include "requestlog/requestlogfilter.h"
#include "requestlog/requestlogmodel.h"

#include "inspect/harimport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

// File → Export as HAR…, Export Log as CSV… / JSON Lines… and Open HAR… (README, "Inspecting
// traffic"): the files written from the log's rows, all or filtered, masked unless asked, read
// back; and what a bad file or an unwritable path says.
class TestSessionFileActions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void harHoldsTheCapturedRowsMaskedByDefault();
    void harWithSecretsHoldsTheRealValues();
    void filteredRowsOnly();
    void csvAndJsonLinesHoldEveryRow();
    void harReadsBackAsItWasWritten();
    void badHarFileSaysWhyNamingTheFile();
    void unwritablePathSaysWhyNamingTheFile();

private:
    QByteArray read(const QString &name) const;

    QTemporaryDir *m_dir = nullptr;
    InstanceColors m_colors;
    RequestLogModel *m_log = nullptr;
    RequestLogFilter *m_filter = nullptr;
    CaptureLog *m_captures = nullptr;
    QWidget *m_window = nullptr;
    SessionFileActions *m_actions = nullptr;
};

void TestSessionFileActions::init() {
    m_dir = new QTemporaryDir;
    m_log = new RequestLogModel(m_colors);
    m_filter = new RequestLogFilter(*m_log);
    m_captures = new CaptureLog;
    m_window = new QWidget;
    m_actions = new SessionFileActions(*m_window);
    m_actions->setLog(*m_log, *m_filter, *m_captures);
    m_actions->setGatewayOrigin(QStringLiteral("http://127.0.0.1:8080"));
    const QList<CapturedExchange> exchanges = {CapturedSamples::forwardedOrder(),
                                               CapturedSamples::truncatedImage(),
                                               CapturedSamples::noRoute()};
    QList<RequestRecord> records;
    for (const CapturedExchange &exchange : exchanges)
        records.append(exchange.record());
    // A row whose exchange was not captured: in the CSV, not in the HAR.
    RequestRecord uncaptured = records.constLast();
    uncaptured.id = 45;
    uncaptured.target = "/plain, \"quoted\"";
    records.append(uncaptured);
    m_log->appendRecords(records);
    m_captures->addCaptures(exchanges);
}

void TestSessionFileActions::cleanup() {
    delete m_actions;
    delete m_window;
    delete m_captures;
    delete m_filter;
    delete m_log;
    delete m_dir;
}

QByteArray TestSessionFileActions::read(const QString &name) const {
    QFile file(m_dir->filePath(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestSessionFileActions::harHoldsTheCapturedRowsMaskedByDefault() {
    qsizetype written = 0;
    QCOMPARE(m_actions->exportTo(SessionFileActions::Format::Har, m_dir->filePath("all.har"),
                                 SessionFileActions::Rows::All, HeaderMask::Secrets::Masked,
                                 &written),
             QString());
    QCOMPARE(written, 3);
    const QByteArray har = read("all.har");
    const QJsonArray entries = QJsonDocument::fromJson(har)["log"]["entries"].toArray();
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries[0]["_id"].toString(), QStringLiteral("42"));
    QVERIFY(har.contains("[masked]"));
    QVERIFY(!har.contains("s3cret"));
    QCOMPARE(QJsonDocument::fromJson(har)["log"]["_secretsIncluded"].toBool(), false);
}

void TestSessionFileActions::harWithSecretsHoldsTheRealValues() {
    QCOMPARE(m_actions->exportTo(SessionFileActions::Format::Har, m_dir->filePath("s.har"),
                                 SessionFileActions::Rows::All, HeaderMask::Secrets::Included),
             QString());
    const QByteArray har = read("s.har");
    QVERIFY(har.contains("Bearer s3cret"));
    QCOMPARE(QJsonDocument::fromJson(har)["log"]["_secretsIncluded"].toBool(), true);
}

void TestSessionFileActions::filteredRowsOnly() {
    m_filter->setFilterText(QStringLiteral("status:404"));
    qsizetype written = 0;
    QCOMPARE(m_actions->exportTo(SessionFileActions::Format::Har, m_dir->filePath("f.har"),
                                 SessionFileActions::Rows::Filtered, HeaderMask::Secrets::Masked,
                                 &written),
             QString());
    QCOMPARE(written, 1);
    const QJsonArray entries = QJsonDocument::fromJson(read("f.har"))["log"]["entries"].toArray();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries[0]["_id"].toString(), QStringLiteral("44"));

    QCOMPARE(m_actions->exportTo(SessionFileActions::Format::Csv, m_dir->filePath("f.csv"),
                                 SessionFileActions::Rows::Filtered, HeaderMask::Secrets::Masked,
                                 &written),
             QString());
    QCOMPARE(written, 2); // the captured 404 and the row without a capture
    QCOMPARE(read("f.csv").count("\r\n"), 3);
}

void TestSessionFileActions::csvAndJsonLinesHoldEveryRow() {
    QCOMPARE(m_actions->exportTo(SessionFileActions::Format::Csv, m_dir->filePath("log.csv"),
                                 SessionFileActions::Rows::All),
             QString());
    const QList<QByteArray> lines = read("log.csv").split('\n');
    QCOMPARE(lines.size(), 6); // header, four rows, and the empty rest after the last CRLF
    QCOMPARE(lines[0], QByteArray("id,time,client,method,path,route,instance,instance_url,"
                                  "upstream_path,status,outcome,bytes_in,bytes_out,ttfb_ms,"
                                  "total_ms,attempts,reason\r"));
    QVERIFY2(lines[1].startsWith("42,2026-12-06T11:21:30.123Z,127.0.0.1,POST,"
                                 "/api/orders?id=7&q=a%20b,api,orders-b,http://127.0.0.1:8082,"
                                 "/orders?id=7&q=a%20b,201,ok,22,"),
             lines[1].constData());
    QVERIFY2(lines[4].startsWith("45,2026-12-06T11:21:32.000Z,,GET,\"/plain, \"\"quoted\"\"\",,,,,"
                                 "404,no_route,"),
             lines[4].constData());

    QCOMPARE(m_actions->exportTo(SessionFileActions::Format::JsonLines,
                                 m_dir->filePath("log.jsonl"), SessionFileActions::Rows::All),
             QString());
    const QList<QByteArray> json = read("log.jsonl").split('\n');
    QCOMPARE(json.size(), 5);
    QVERIFY2(
        json[0].startsWith(R"({"id":"42","time":"2026-12-06T11:21:30.123Z","client":"127.0.0.1",)"
                           R"("method":"POST","path":"/api/orders?id=7&q=a%20b","route":"api",)"),
        json[0].constData());
    const QJsonObject first = QJsonDocument::fromJson(json[0]).object();
    QCOMPARE(first["status"].toInt(), 201);
    QCOMPARE(first["ttfb_ms"].toDouble(), 1.5);
    QCOMPARE(first["attempts"].toInt(), 2);
    QCOMPARE(QJsonDocument::fromJson(json[3]).object()["path"].toString(),
             QStringLiteral("/plain, \"quoted\""));
}

void TestSessionFileActions::harReadsBackAsItWasWritten() {
    const QString path = m_dir->filePath("session.har");
    QCOMPARE(m_actions->exportTo(SessionFileActions::Format::Har, path,
                                 SessionFileActions::Rows::All, HeaderMask::Secrets::Included),
             QString());
    QSignalSpy opened(m_actions, &SessionFileActions::harOpened);
    QCOMPARE(m_actions->openHar(path), QString());
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.first().at(0).toString(), path);
    const auto exchanges = opened.first().at(1).value<QList<CapturedExchange>>();
    QCOMPARE(exchanges.size(), 3);
    QCOMPARE(exchanges[0].requestReceived(), CapturedSamples::forwardedOrder().requestReceived());
    QCOMPARE(exchanges[2].record().outcome, Outcome::NoRoute);
}

void TestSessionFileActions::badHarFileSaysWhyNamingTheFile() {
    QSignalSpy opened(m_actions, &SessionFileActions::harOpened);
    const QString missing = m_dir->filePath("missing.har");
    QVERIFY2(
        m_actions->openHar(missing).startsWith(QStringLiteral("Could not read %1: ").arg(missing)),
        qPrintable(m_actions->openHar(missing)));

    const QString bad = m_dir->filePath("bad.har");
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"log":{"entries":[{"request":{"url":5}}]}})");
    file.close();
    const QString error = m_actions->openHar(bad);
    QVERIFY2(
        error.startsWith(QStringLiteral("%1 is not a HAR file this window can read: ").arg(bad)),
        qPrintable(error));
    QCOMPARE(opened.count(), 0);
}

void TestSessionFileActions::unwritablePathSaysWhyNamingTheFile() {
    const QString path = m_dir->filePath("no-such-dir/out.har");
    const QString error =
        m_actions->exportTo(SessionFileActions::Format::Har, path, SessionFileActions::Rows::All);
    QVERIFY2(error.startsWith(QStringLiteral("Could not write %1: ").arg(path)), qPrintable(error));
}

QTEST_MAIN(TestSessionFileActions)
#include "tst_sessionfileactions.moc"
