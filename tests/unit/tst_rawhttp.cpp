// Copy as raw HTTP (inspect/rawhttp.h): the start line, the fields as they were (masked ones
// masked), an empty line and the body's bytes.
#include "inspect/rawhttp.h"

#include <QTest>

class TestRawHttp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesARequest();
    void writesAResponseWithItsReason();
    void masksSecretsUnlessIncluded();
};

void TestRawHttp::writesARequest() {
    CapturedHead head;
    head.method = "POST";
    head.target = "/api/items?x=1";
    head.headers = {
        {"Host", "example.test"}, {"X-Dup", "1"}, {"X-Dup", "2"}, {"Content-Length", "7"}};
    QCOMPARE(rawHttp(head, CapturedBody::fromBytes("{\"a\":1}", 100), HeaderMask()),
             QByteArray("POST /api/items?x=1 HTTP/1.1\r\n"
                        "Host: example.test\r\n"
                        "X-Dup: 1\r\n"
                        "X-Dup: 2\r\n"
                        "Content-Length: 7\r\n"
                        "\r\n"
                        "{\"a\":1}"));
}

void TestRawHttp::writesAResponseWithItsReason() {
    CapturedHead head;
    head.status = 404;
    head.reason = "Not Found";
    head.versionMinor = 0;
    head.headers = {{"Content-Length", "0"}};
    QCOMPARE(rawHttp(head, {}, HeaderMask()),
             QByteArray("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
}

void TestRawHttp::masksSecretsUnlessIncluded() {
    CapturedHead head;
    head.method = "GET";
    head.target = "/";
    head.headers = {{"Authorization", "Bearer abc"}};
    QVERIFY(rawHttp(head, {}, HeaderMask()).contains("Authorization: [masked]\r\n"));
    QVERIFY(rawHttp(head, {}, HeaderMask(HeaderMask::Secrets::Included))
                .contains("Authorization: Bearer abc\r\n"));
}

QTEST_GUILESS_MAIN(TestRawHttp)
#include "tst_rawhttp.moc"
