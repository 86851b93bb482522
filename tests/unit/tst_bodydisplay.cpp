// Body display helpers (inspect/bodydisplay.h): the kind of a body from its Content-Type, or
// from its bytes when the type is missing or generic, and the text shown for each kind.
#include "inspect/bodydisplay.h"

#include <QTest>

Q_DECLARE_METATYPE(BodyKind)

class TestBodyDisplay : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mediaTypeAndCharset_data();
    void mediaTypeAndCharset();
    void kindFromTypeOrBytes_data();
    void kindFromTypeOrBytes();
    void prettyJsonKeepsOrderAndNumbers();
    void prettyJsonLeavesInvalidJsonAlone();
    void formFieldsAreDecodedOnePerLine();
    void textIsDecodedInItsCharset();
    void hexDumpIsHexdumpsCanonicalLayout();
};

void TestBodyDisplay::mediaTypeAndCharset_data() {
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("charset");
    QTest::newRow("plain") << QByteArray("application/json") << QByteArray("application/json")
                           << QByteArray();
    QTest::newRow("charset") << QByteArray("Text/HTML; Charset=ISO-8859-1")
                             << QByteArray("text/html") << QByteArray("iso-8859-1");
    QTest::newRow("quoted, after another parameter")
        << QByteArray("text/plain; format=flowed; charset=\"utf-8\"") << QByteArray("text/plain")
        << QByteArray("utf-8");
    QTest::newRow("empty") << QByteArray() << QByteArray() << QByteArray();
}

void TestBodyDisplay::mediaTypeAndCharset() {
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, charset);
    const MediaType media = parseMediaType(contentType);
    QCOMPARE(media.type, type);
    QCOMPARE(media.charset, charset);
}

void TestBodyDisplay::kindFromTypeOrBytes_data() {
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<BodyKind>("kind");
    const QByteArray png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    QTest::newRow("empty") << QByteArray("application/json") << QByteArray() << BodyKind::Empty;
    QTest::newRow("json") << QByteArray("application/json") << QByteArray("{\"a\":1}")
                          << BodyKind::Json;
    QTest::newRow("problem+json") << QByteArray("application/problem+json") << QByteArray("{}")
                                  << BodyKind::Json;
    QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded")
                          << QByteArray("a=1&b=2") << BodyKind::Form;
    QTest::newRow("html") << QByteArray("text/html; charset=utf-8") << QByteArray("<p>hi</p>")
                          << BodyKind::Text;
    QTest::newRow("svg is xml") << QByteArray("image/svg+xml") << QByteArray("<svg/>")
                                << BodyKind::Image;
    QTest::newRow("xml") << QByteArray("application/xml") << QByteArray("<a/>") << BodyKind::Text;
    QTest::newRow("png") << QByteArray("image/png") << png << BodyKind::Image;
    QTest::newRow("pdf") << QByteArray("application/pdf") << QByteArray("%PDF-1.7\n\x00\xff", 11)
                         << BodyKind::Binary;
    QTest::newRow("unknown type, text bytes")
        << QByteArray("application/x-custom") << QByteArray("hello") << BodyKind::Text;
    QTest::newRow("no type, json bytes")
        << QByteArray() << QByteArray(" [1, 2] ") << BodyKind::Json;
    QTest::newRow("octet-stream, png bytes")
        << QByteArray("application/octet-stream") << png << BodyKind::Image;
    QTest::newRow("no type, jpeg")
        << QByteArray() << QByteArray("\xff\xd8\xff\xe0") << BodyKind::Image;
    QTest::newRow("no type, gif") << QByteArray() << QByteArray("GIF89a...") << BodyKind::Image;
    QTest::newRow("no type, webp")
        << QByteArray() << QByteArray("RIFF\x10\0\0\0WEBPVP8 ", 16) << BodyKind::Image;
    QTest::newRow("no type, text")
        << QByteArray() << QByteArray("just words\r\n") << BodyKind::Text;
    QTest::newRow("no type, binary")
        << QByteArray() << QByteArray("\x00\x01\x02", 3) << BodyKind::Binary;
    QTest::newRow("no type, braces but not json")
        << QByteArray() << QByteArray("{not json}") << BodyKind::Text;
    QTest::newRow("text/plain holding json")
        << QByteArray("text/plain") << QByteArray("{\"a\":[]}") << BodyKind::Json;
}

void TestBodyDisplay::kindFromTypeOrBytes() {
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, bytes);
    QFETCH(BodyKind, kind);
    QCOMPARE(classifyBody(contentType, bytes), kind);
}

void TestBodyDisplay::prettyJsonKeepsOrderAndNumbers() {
    const QByteArray json =
        R"({"z":1,"a":[12345678901234567890,1.50,{}],"s":"a,b:{c}\"d\"","e":[],"n":null})";
    QCOMPARE(prettyJson(json), QByteArray("{\n"
                                          "  \"z\": 1,\n"
                                          "  \"a\": [\n"
                                          "    12345678901234567890,\n"
                                          "    1.50,\n"
                                          "    {}\n"
                                          "  ],\n"
                                          "  \"s\": \"a,b:{c}\\\"d\\\"\",\n"
                                          "  \"e\": [],\n"
                                          "  \"n\": null\n"
                                          "}"));
    QCOMPARE(prettyJson("[ ]"), QByteArray("[]"));
    QCOMPARE(prettyJson(" {\n \"a\" :\t1 } "), QByteArray("{\n  \"a\": 1\n}"));
}

void TestBodyDisplay::prettyJsonLeavesInvalidJsonAlone() {
    QCOMPARE(prettyJson("{\"a\":"), QByteArray("{\"a\":"));
}

void TestBodyDisplay::formFieldsAreDecodedOnePerLine() {
    QCOMPARE(prettyForm("name=J%C3%BCrgen+M&tag=a&tag=b&flag&empty="),
             QStringLiteral("name = Jürgen M\ntag = a\ntag = b\nflag\nempty = "));
}

void TestBodyDisplay::textIsDecodedInItsCharset() {
    QCOMPARE(decodedText("caf\xe9", "iso-8859-1"), QStringLiteral("café"));
    QCOMPARE(decodedText("caf\xc3\xa9", ""), QStringLiteral("café"));
    QCOMPARE(decodedText("caf\xc3\xa9", "no-such-charset"), QStringLiteral("café"));
}

void TestBodyDisplay::hexDumpIsHexdumpsCanonicalLayout() {
    const QByteArray png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20);
    QCOMPARE(hexDump(png, 1024),
             QStringLiteral("00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  "
                            "|.PNG........IHDR|\n"
                            "00000010  00 00 00 10                                       "
                            "|....|\n"));
    QCOMPARE(hexDump(png, 16).count(QLatin1Char('\n')), 1);
    QCOMPARE(hexDump({}, 16), QString());
}

QTEST_GUILESS_MAIN(TestBodyDisplay)
#include "tst_bodydisplay.moc"
