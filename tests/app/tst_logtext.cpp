// The access log's value writers (app/logtext.h): JSON strings escaped as RFC 8259 section 7
// asks and kept valid for any bytes (README, "Access log"), durations in milliseconds.
#include "logtext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

QByteArray jsonOf(QByteArrayView utf8) {
    QByteArray out;
    appendJsonString(out, utf8);
    return out;
}

QByteArray jsonOfText(const QString &text) {
    QByteArray out;
    appendJsonString(out, text);
    return out;
}

// The string a JSON parser reads back from a written string value.
QString parsedBack(const QByteArray &jsonString) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + jsonString + ']', &error);
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("<not JSON: %1>").arg(error.errorString());
    return document.array().first().toString();
}

} // namespace

class TestLogText final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void escapesBytes_data();
    void escapesBytes();
    void everyByteParsesBack();
    void invalidUtf8ReadsAsQStringDoes_data();
    void invalidUtf8ReadsAsQStringDoes();
    void escapesUtf16();
    void utf8WithoutEscapes();
    void millis_data();
    void millis();
};

void TestLogText::escapesBytes_data() {
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("plain") << QByteArray("/svc/x?a=1") << QByteArray(R"("/svc/x?a=1")");
    QTest::newRow("empty") << QByteArray() << QByteArray(R"("")");
    QTest::newRow("quote and backslash") << QByteArray(R"(a"b\c)") << QByteArray(R"("a\"b\\c")");
    QTest::newRow("short escapes") << QByteArray("\b\f\n\r\t") << QByteArray(R"("\b\f\n\r\t")");
    QTest::newRow("other control bytes")
        << QByteArray("\x01\x1f", 2) << QByteArray(R"("\u0001\u001f")");
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArray(R"("a\u0000b")");
    QTest::newRow("DEL as it is") << QByteArray("\x7f") << QByteArray("\"\x7f\"");
    QTest::newRow("UTF-8 as it is") << QByteArray("/ü/日本/😀") << QByteArray("\"/ü/日本/😀\"");
    QTest::newRow("stray continuation byte")
        << QByteArray("a\x80z") << QByteArray("\"a\xEF\xBF\xBDz\"");
    QTest::newRow("overlong slash")
        << QByteArray("\xC0\xAF") << QByteArray("\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    QTest::newRow("encoded surrogate")
        << QByteArray("\xED\xA0\x80") << QByteArray("\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    QTest::newRow("truncated at the end")
        << QByteArray("x\xE2\x82") << QByteArray("\"x\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

void TestLogText::escapesBytes() {
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, json);
    QCOMPARE(jsonOf(value), json);
}

// Any byte, alone or in a long run, gives a string a parser takes.
void TestLogText::everyByteParsesBack() {
    QByteArray all;
    for (int byte = 0; byte < 256; ++byte)
        all.append(char(byte));
    const QString parsed = parsedBack(jsonOf(all));
    QVERIFY2(!parsed.startsWith(QLatin1String("<not JSON")), qPrintable(parsed));
    QCOMPARE(parsed, QString::fromUtf8(all));
    const QByteArray longPath = '/' + QByteArray(100000, 'a') + "\"\\\n\xFF";
    QCOMPARE(parsedBack(jsonOf(longPath)), QString::fromUtf8(longPath));
}

void TestLogText::invalidUtf8ReadsAsQStringDoes_data() {
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("lone lead byte") << QByteArray("a\xC3(b");
    QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80");
    QTest::newRow("overlong three bytes") << QByteArray("\xE0\x80\xAF");
    QTest::newRow("Latin-1 host") << QByteArray("caf\xE9.example");
    QTest::newRow("mixed") << QByteArray("\xF0\x9F\x98\x80\xFF\xE6\x97\xA5\xC3");
}

// One U+FFFD per byte that is not part of a valid sequence, as QString::fromUtf8 reads it.
void TestLogText::invalidUtf8ReadsAsQStringDoes() {
    QFETCH(QByteArray, value);
    QCOMPARE(parsedBack(jsonOf(value)), QString::fromUtf8(value));
}

void TestLogText::escapesUtf16() {
    QCOMPARE(jsonOfText(QStringLiteral("route \"a\"\\\n")), QByteArray(R"("route \"a\"\\\n")"));
    QCOMPARE(jsonOfText(QStringLiteral("日本😀é")), QByteArray("\"日本😀é\""));
    QString lone = QStringLiteral("a");
    lone.append(QChar(0xD800)).append(QLatin1Char('b'));
    QCOMPARE(jsonOfText(lone), QByteArray("\"a\xEF\xBF\xBD"
                                          "b\""));
}

void TestLogText::utf8WithoutEscapes() {
    QByteArray out;
    appendUtf8(out, QStringLiteral("a\"b 日本😀"));
    QCOMPARE(out, QStringLiteral("a\"b 日本😀").toUtf8());
}

void TestLogText::millis_data() {
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("zero") << qint64(0) << QByteArray("0.00ms");
    QTest::newRow("README") << qint64(2104) << QByteArray("2.10ms");
    QTest::newRow("rounds down") << qint64(1244) << QByteArray("1.24ms");
    // A double would hold 1.2449999… and round down.
    QTest::newRow("half rounds up") << qint64(1245) << QByteArray("1.25ms");
    QTest::newRow("tie a double holds exactly") << qint64(125) << QByteArray("0.13ms");
    QTest::newRow("seconds") << qint64(12345678) << QByteArray("12345.68ms");
    QTest::newRow("carries into the integer") << qint64(999995) << QByteArray("1000.00ms");
}

void TestLogText::millis() {
    QFETCH(qint64, micros);
    QFETCH(QByteArray, text);
    QByteArray out;
    appendMillis(out, micros);
    QCOMPARE(out, text);
}

QTEST_GUILESS_MAIN(TestLogText)
#include "tst_logtext.moc"
