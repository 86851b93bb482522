#include "config/valueparsers.h"

#include <QTest>

using namespace std::chrono_literals;

class TestValueParsers final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void integer_data();
    void integer();
    void duration_data();
    void duration();
    void byteSize_data();
    void byteSize();
    void byteSizeIsWrittenInItsLargestUnit();
    void listenAddress_data();
    void listenAddress();
    void barePort_data();
    void barePort();
    void targetUrl_data();
    void targetUrl();
    void routePath_data();
    void routePath();
    void probePath_data();
    void probePath();
    void quotedForMessage_data();
    void quotedForMessage();
};

void TestValueParsers::integer_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("value");

    QTest::newRow("zero") << QByteArray("0") << true << qint64(0);
    QTest::newRow("max") << QByteArray("1000") << true << qint64(1000);
    QTest::newRow("min") << QByteArray("-5") << true << qint64(-5);
    QTest::newRow("leading zeros") << QByteArray("007") << true << qint64(7);
    QTest::newRow("above max") << QByteArray("1001") << false << qint64(0);
    QTest::newRow("below min") << QByteArray("-6") << false << qint64(0);
    QTest::newRow("empty") << QByteArray("") << false << qint64(0);
    QTest::newRow("sign only") << QByteArray("-") << false << qint64(0);
    QTest::newRow("plus sign") << QByteArray("+3") << false << qint64(0);
    QTest::newRow("hex") << QByteArray("0x10") << false << qint64(0);
    QTest::newRow("fraction") << QByteArray("1.5") << false << qint64(0);
    QTest::newRow("space") << QByteArray(" 3") << false << qint64(0);
    QTest::newRow("overflow") << QByteArray("99999999999999999999") << false << qint64(0);
}

void TestValueParsers::integer() {
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(qint64, value);

    const Parsed<qint64> parsed = parseInteger(text, -5, 1000);
    QCOMPARE(parsed.value.has_value(), valid);
    if (valid) {
        QCOMPARE(*parsed.value, value);
        QVERIFY(parsed.error.isEmpty());
    } else {
        QVERIFY(parsed.error.startsWith(QStringLiteral("expected an integer in -5..1000, found ")));
    }
}

void TestValueParsers::duration_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("milliseconds"); // -1: rejected

    QTest::newRow("ms") << QByteArray("500ms") << qint64(500);
    QTest::newRow("s") << QByteArray("2s") << qint64(2000);
    QTest::newRow("fraction") << QByteArray("1.5s") << qint64(1500);
    QTest::newRow("m") << QByteArray("1m") << qint64(60000);
    QTest::newRow("h") << QByteArray("1h") << qint64(3600000);
    QTest::newRow("24h is the maximum") << QByteArray("24h") << qint64(86400000);
    QTest::newRow("rounds to ms") << QByteArray("1.0004s") << qint64(1000);
    QTest::newRow("1ms is the minimum") << QByteArray("1ms") << qint64(1);
    QTest::newRow("bare number") << QByteArray("2") << qint64(-1);
    QTest::newRow("zero") << QByteArray("0s") << qint64(-1);
    QTest::newRow("below 1ms") << QByteArray("0.4ms") << qint64(-1);
    QTest::newRow("above 24h") << QByteArray("25h") << qint64(-1);
    QTest::newRow("negative") << QByteArray("-1s") << qint64(-1);
    QTest::newRow("unknown unit") << QByteArray("2d") << qint64(-1);
    QTest::newRow("upper case unit") << QByteArray("2S") << qint64(-1);
    QTest::newRow("space before unit") << QByteArray("2 s") << qint64(-1);
    QTest::newRow("compound") << QByteArray("1m30s") << qint64(-1);
    QTest::newRow("dot without digits") << QByteArray(".5s") << qint64(-1);
    QTest::newRow("two dots") << QByteArray("1.2.3s") << qint64(-1);
    QTest::newRow("unit only") << QByteArray("ms") << qint64(-1);
    QTest::newRow("empty") << QByteArray("") << qint64(-1);
    QTest::newRow("huge") << QByteArray("99999999999999999999999s") << qint64(-1);
}

void TestValueParsers::duration() {
    QFETCH(QByteArray, text);
    QFETCH(qint64, milliseconds);

    const Parsed<Milliseconds> parsed = parseDuration(text);
    if (milliseconds < 0) {
        QVERIFY(!parsed.value);
        QVERIFY(parsed.error.startsWith(QStringLiteral("expected a duration")));
        QVERIFY(parsed.error.endsWith(QStringLiteral("found \"") + QString::fromLatin1(text) +
                                      QLatin1Char('"')));
    } else {
        QCOMPARE(parsed.value, Milliseconds(milliseconds));
    }
}

void TestValueParsers::byteSize_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("bytes"); // -1: rejected

    QTest::newRow("bare bytes") << QByteArray("65536") << qint64(65536);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("KiB") << QByteArray("512KiB") << qint64(512 * 1024);
    QTest::newRow("MiB") << QByteArray("1MiB") << qint64(1 << 20);
    QTest::newRow("GiB, the maximum") << QByteArray("1GiB") << (qint64(1) << 30);
    QTest::newRow("over the maximum") << QByteArray("1025MiB") << qint64(-1);
    QTest::newRow("decimal unit") << QByteArray("1MB") << qint64(-1);
    QTest::newRow("nginx's m") << QByteArray("1m") << qint64(-1);
    QTest::newRow("lower-case unit") << QByteArray("1mib") << qint64(-1);
    QTest::newRow("fraction") << QByteArray("1.5MiB") << qint64(-1);
    QTest::newRow("negative") << QByteArray("-1") << qint64(-1);
    QTest::newRow("space before the unit") << QByteArray("1 MiB") << qint64(-1);
    QTest::newRow("unit alone") << QByteArray("MiB") << qint64(-1);
    QTest::newRow("too many digits") << QByteArray("9999999999999GiB") << qint64(-1);
}

void TestValueParsers::byteSize() {
    QFETCH(QByteArray, text);
    QFETCH(qint64, bytes);

    const Parsed<qint64> parsed = parseByteSize(text, 0, qint64(1) << 30);
    if (bytes < 0) {
        QVERIFY(!parsed.value);
        QCOMPARE(parsed.error, QStringLiteral("expected a size such as 512KiB, 1MiB or 64MiB (or "
                                              "bytes without a unit) from 0 to 1GiB, found \"") +
                                   QString::fromLatin1(text) + QLatin1Char('"'));
    } else {
        QCOMPARE(parsed.value, bytes);
    }
}

void TestValueParsers::byteSizeIsWrittenInItsLargestUnit() {
    QCOMPARE(formatByteSize(qint64(64) << 20), QStringLiteral("64MiB"));
    QCOMPARE(formatByteSize(1536 * 1024), QStringLiteral("1536KiB"));
    QCOMPARE(formatByteSize(qint64(2) << 30), QStringLiteral("2GiB"));
    QCOMPARE(formatByteSize(1000), QStringLiteral("1000"));
    QCOMPARE(formatByteSize(0), QStringLiteral("0"));
}

void TestValueParsers::listenAddress_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("normalized"); // ListenAddress::toString(); empty: rejected

    QTest::newRow("ipv4") << QByteArray("127.0.0.1:8080") << QStringLiteral("127.0.0.1:8080");
    QTest::newRow("any ipv4") << QByteArray("0.0.0.0:80") << QStringLiteral("0.0.0.0:80");
    QTest::newRow("ipv6") << QByteArray("[::1]:9000") << QStringLiteral("[::1]:9000");
    QTest::newRow("any ipv6") << QByteArray("[::]:9000") << QStringLiteral("[::]:9000");
    QTest::newRow("localhost") << QByteArray("localhost:8080") << QStringLiteral("127.0.0.1:8080");
    QTest::newRow("port 0") << QByteArray("127.0.0.1:0") << QStringLiteral("127.0.0.1:0");
    QTest::newRow("max port") << QByteArray("127.0.0.1:65535") << QStringLiteral("127.0.0.1:65535");
    QTest::newRow("port too big") << QByteArray("127.0.0.1:65536") << QString();
    QTest::newRow("no address") << QByteArray(":8080") << QString();
    QTest::newRow("no port") << QByteArray("127.0.0.1") << QString();
    QTest::newRow("empty port") << QByteArray("127.0.0.1:") << QString();
    QTest::newRow("ipv6 without brackets") << QByteArray("::1:8080") << QString();
    QTest::newRow("ipv4 in brackets") << QByteArray("[127.0.0.1]:8080") << QString();
    QTest::newRow("unclosed bracket") << QByteArray("[::1:8080") << QString();
    QTest::newRow("bracket without port") << QByteArray("[::1]") << QString();
    QTest::newRow("host name") << QByteArray("example.com:8080") << QString();
    QTest::newRow("bad ipv4") << QByteArray("300.1.1.1:8080") << QString();
    QTest::newRow("empty") << QByteArray("") << QString();
}

void TestValueParsers::listenAddress() {
    QFETCH(QByteArray, text);
    QFETCH(QString, normalized);

    const Parsed<ListenAddress> parsed = parseListenAddress(text);
    if (normalized.isEmpty()) {
        QVERIFY(!parsed.value);
        QVERIFY(!parsed.error.isEmpty());
    } else {
        QVERIFY2(parsed.value, qPrintable(parsed.error));
        QCOMPARE(parsed.value->toString(), normalized);
    }
}

void TestValueParsers::barePort_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("port"); // -1: rejected

    QTest::newRow("number") << QByteArray("8080") << 8080;
    QTest::newRow("go style") << QByteArray(":8080") << 8080;
    QTest::newRow("zero") << QByteArray("0") << 0;
    QTest::newRow("too big") << QByteArray("65536") << -1;
    QTest::newRow("negative") << QByteArray("-1") << -1;
    QTest::newRow("with address") << QByteArray("127.0.0.1:8080") << -1;
    QTest::newRow("colon only") << QByteArray(":") << -1;
}

void TestValueParsers::barePort() {
    QFETCH(QByteArray, text);
    QFETCH(int, port);

    const Parsed<quint16> parsed = parseBarePort(text);
    if (port < 0) {
        QVERIFY(!parsed.value);
        QVERIFY(parsed.error.startsWith(QStringLiteral("expected a port in 0..65535")));
    } else {
        QCOMPARE(parsed.value, std::optional<quint16>(port));
    }
}

void TestValueParsers::targetUrl_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("errorStart"); // empty: accepted

    QTest::newRow("host and port") << QByteArray("http://127.0.0.1:8081") << QString();
    QTest::newRow("name without port") << QByteArray("http://backend.local") << QString();
    QTest::newRow("ipv6") << QByteArray("http://[::1]:8081") << QString();
    QTest::newRow("base path") << QByteArray("http://127.0.0.1:8081/api/") << QString();
    QTest::newRow("upper case scheme") << QByteArray("HTTP://127.0.0.1:8081") << QString();
    QTest::newRow("https") << QByteArray("https://127.0.0.1:8443")
                           << QStringLiteral("https is not supported");
    QTest::newRow("ftp") << QByteArray("ftp://127.0.0.1") << QStringLiteral("expected an http://");
    QTest::newRow("no scheme") << QByteArray("127.0.0.1:8081")
                               << QStringLiteral("expected an http://");
    QTest::newRow("no host") << QByteArray("http://:8081") << QStringLiteral("the URL has no host");
    QTest::newRow("nothing after scheme")
        << QByteArray("http://") << QStringLiteral("the URL has no host");
    QTest::newRow("empty brackets")
        << QByteArray("http://[]:80") << QStringLiteral("the URL has no host");
    QTest::newRow("port 0") << QByteArray("http://h:0") << QStringLiteral("expected a port in 1..");
    QTest::newRow("port too big") << QByteArray("http://h:70000")
                                  << QStringLiteral("expected a port in 1..65535, found \"70000\"");
    QTest::newRow("empty port") << QByteArray("http://h:/") << QStringLiteral("expected a port");
    QTest::newRow("user info") << QByteArray("http://user@h:80")
                               << QStringLiteral("expected an http://");
    QTest::newRow("query") << QByteArray("http://h:80/?a=1")
                           << QStringLiteral("expected an http://");
    QTest::newRow("fragment") << QByteArray("http://h:80/#x")
                              << QStringLiteral("expected an http://");
    QTest::newRow("space in host")
        << QByteArray("http://a b:80") << QStringLiteral("expected an http://");
}

void TestValueParsers::targetUrl() {
    QFETCH(QByteArray, text);
    QFETCH(QString, errorStart);

    const Parsed<QUrl> parsed = parseTargetUrl(text);
    if (errorStart.isEmpty()) {
        QVERIFY2(parsed.value, qPrintable(parsed.error));
        QCOMPARE(parsed.value->scheme(), QStringLiteral("http"));
        QVERIFY(!parsed.value->host().isEmpty());
    } else {
        QVERIFY(!parsed.value);
        QVERIFY2(parsed.error.startsWith(errorStart), qPrintable(parsed.error));
    }
}

void TestValueParsers::routePath_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("normalized"); // empty: rejected

    QTest::newRow("root") << QByteArray("/") << QByteArray("/");
    QTest::newRow("prefix") << QByteArray("/service-a") << QByteArray("/service-a");
    QTest::newRow("trailing slash") << QByteArray("/service-a/") << QByteArray("/service-a");
    QTest::newRow("nested") << QByteArray("/api/v1/") << QByteArray("/api/v1");
    QTest::newRow("dots inside a segment") << QByteArray("/a..b/.c") << QByteArray("/a..b/.c");
    QTest::newRow("no leading slash") << QByteArray("service-a") << QByteArray();
    QTest::newRow("empty") << QByteArray("") << QByteArray();
    QTest::newRow("double slash") << QByteArray("//") << QByteArray();
    QTest::newRow("empty segment") << QByteArray("/a//b") << QByteArray();
    QTest::newRow("dot segment") << QByteArray("/a/./b") << QByteArray();
    QTest::newRow("dot-dot segment") << QByteArray("/a/..") << QByteArray();
    QTest::newRow("query") << QByteArray("/a?x=1") << QByteArray();
    QTest::newRow("fragment") << QByteArray("/a#x") << QByteArray();
    QTest::newRow("space") << QByteArray("/a b") << QByteArray();
    QTest::newRow("control") << QByteArray("/a\tb") << QByteArray();
}

void TestValueParsers::routePath() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, normalized);

    const Parsed<QByteArray> parsed = parseRoutePath(text);
    if (normalized.isEmpty()) {
        QVERIFY(!parsed.value);
        QVERIFY(parsed.error.startsWith(QStringLiteral("expected a path")));
    } else {
        QCOMPARE(parsed.value, std::optional<QByteArray>(normalized));
    }
}

void TestValueParsers::probePath_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");

    QTest::newRow("path") << QByteArray("/healthz") << true;
    QTest::newRow("query") << QByteArray("/health?full=1") << true;
    QTest::newRow("no slash") << QByteArray("healthz") << false;
    QTest::newRow("fragment") << QByteArray("/h#x") << false;
    QTest::newRow("space") << QByteArray("/h x") << false;
}

void TestValueParsers::probePath() {
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);

    const Parsed<QByteArray> parsed = parseProbePath(text);
    QCOMPARE(parsed.value.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed.value, text);
}

void TestValueParsers::quotedForMessage_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("quoted");

    QTest::newRow("plain") << QByteArray("abc") << QStringLiteral("\"abc\"");
    QTest::newRow("control and quote")
        << QByteArray("a\n\"\x01") << QStringLiteral("\"a\\x0a\\x22\\x01\"");
    QTest::newRow("non-ascii") << QByteArray("\xc3\xa9") << QStringLiteral("\"\\xc3\\xa9\"");
    QTest::newRow("long") << QByteArray(70, 'x')
                          << QStringLiteral("\"") + QString(60, QLatin1Char('x')) +
                                 QStringLiteral("...\"");
}

void TestValueParsers::quotedForMessage() {
    QFETCH(QByteArray, text);
    QFETCH(QString, quoted);

    QCOMPARE(::quotedForMessage(text), quoted);
}

QTEST_GUILESS_MAIN(TestValueParsers)
#include "tst_valueparsers.moc"
