// Copy as raw HTTP (inspect/rawhttp.h): the start line, the fields as they were (masked ones
// masked), an empty line and the body's bytes.
#include "inspect/rawhttp.h"
#include "model/capturedheadbuilder.h"

#include <QTest>

class TestRawHttp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesARequest();
    void writesAResponseWithItsReason();
    void masksSecretsUnlessIncluded();
};

void TestRawHttp::writesARequest() {
    const CapturedHead head =
        CapturedHeadBuilder()
            .requestLine("POST", "/api/items?x=1")
            .fields(
                {{"Host", "example.test"}, {"X-Dup", "1"}, {"X-Dup", "2"}, {"Content-Length", "7"}})
            .build();
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
    const CapturedHead head = CapturedHeadBuilder()
                                  .statusLine(404, "Not Found", 1, 0)
                                  .field("Content-Length", "0")
                                  .build();
    QCOMPARE(rawHttp(head, {}, HeaderMask()),
             QByteArray("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
}

void TestRawHttp::masksSecretsUnlessIncluded() {
    const CapturedHead head =
        CapturedHeadBuilder().requestLine("GET", "/").field("Authorization", "Bearer abc").build();
    QVERIFY(rawHttp(head, {}, HeaderMask()).contains("Authorization: [masked]\r\n"));
    QVERIFY(rawHttp(head, {}, HeaderMask(HeaderMask::Secrets::Included))
                .contains("Authorization: Bearer abc\r\n"));
}

QTEST_GUILESS_MAIN(TestRawHttp)
#include "tst_rawhttp.moc"
