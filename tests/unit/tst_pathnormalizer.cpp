#include "routing/pathnormalizer.h"

#include <QTest>

class TestPathNormalizer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void splitRequestTarget_data();
    void splitRequestTarget();
    void removeDotSegments_data();
    void removeDotSegments();
    void decodeUnreservedCharacters_data();
    void decodeUnreservedCharacters();
    void normalizePath_data();
    void normalizePath();
    void isNormalizedPath_data();
    void isNormalizedPath();
};

void TestPathNormalizer::splitRequestTarget_data() {
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("query");

    QTest::newRow("no query") << QByteArray("/a/b") << QByteArray("/a/b") << QByteArray();
    QTest::newRow("query") << QByteArray("/a?q=1") << QByteArray("/a") << QByteArray("?q=1");
    QTest::newRow("empty query kept") << QByteArray("/a?") << QByteArray("/a") << QByteArray("?");
    QTest::newRow("first question mark splits")
        << QByteArray("/a?b?c") << QByteArray("/a") << QByteArray("?b?c");
    QTest::newRow("slash in query")
        << QByteArray("/a?next=/b/../c") << QByteArray("/a") << QByteArray("?next=/b/../c");
    QTest::newRow("empty") << QByteArray() << QByteArray() << QByteArray();
}

void TestPathNormalizer::splitRequestTarget() {
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, query);

    const RequestTargetParts parts = ::splitRequestTarget(target);
    QCOMPARE(parts.path.toByteArray(), path);
    QCOMPARE(parts.query.toByteArray(), query);
}

void TestPathNormalizer::removeDotSegments_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");

    // RFC 3986 §5.2.4 and §5.4 examples, absolute paths.
    QTest::newRow("rfc 5.2.4 first") << QByteArray("/a/b/c/./../../g") << QByteArray("/a/g");
    QTest::newRow("rfc parent at end") << QByteArray("/a/b/c/..") << QByteArray("/a/b/");
    QTest::newRow("rfc current at end") << QByteArray("/a/b/c/.") << QByteArray("/a/b/c/");
    QTest::newRow("rfc above root") << QByteArray("/../g") << QByteArray("/g");
    QTest::newRow("rfc far above root") << QByteArray("/a/../../../g") << QByteArray("/g");
    QTest::newRow("rfc dot dot alone") << QByteArray("/..") << QByteArray("/");
    QTest::newRow("rfc dot alone") << QByteArray("/.") << QByteArray("/");
    QTest::newRow("rfc current in middle") << QByteArray("/a/./b") << QByteArray("/a/b");
    QTest::newRow("rfc g.. is a name") << QByteArray("/a/g..") << QByteArray("/a/g..");
    QTest::newRow("rfc ..g is a name") << QByteArray("/a/..g") << QByteArray("/a/..g");
    QTest::newRow("rfc .g is a name") << QByteArray("/a/.g") << QByteArray("/a/.g");
    QTest::newRow("three dots is a name") << QByteArray("/a/.../b") << QByteArray("/a/.../b");
    QTest::newRow("escape the route") << QByteArray("/service-a/../admin") << QByteArray("/admin");
    QTest::newRow("parent of empty segment") << QByteArray("/a//../b") << QByteArray("/a/b");

    // Nothing else changes.
    QTest::newRow("root") << QByteArray("/") << QByteArray("/");
    QTest::newRow("plain") << QByteArray("/a/b") << QByteArray("/a/b");
    QTest::newRow("trailing slash kept") << QByteArray("/a/b/") << QByteArray("/a/b/");
    QTest::newRow("empty segments kept") << QByteArray("//a//b") << QByteArray("//a//b");
    QTest::newRow("other escapes kept") << QByteArray("/a%2Fb/%41") << QByteArray("/a%2Fb/%41");
    QTest::newRow("not absolute") << QByteArray("*") << QByteArray("*");
    QTest::newRow("relative untouched") << QByteArray("a/../b") << QByteArray("a/../b");
    QTest::newRow("empty") << QByteArray() << QByteArray();

    // Percent-encoded dots count as dots; the segment is dropped, not decoded.
    QTest::newRow("%2e%2e") << QByteArray("/service-a/%2e%2e/admin") << QByteArray("/admin");
    QTest::newRow("%2E%2E") << QByteArray("/service-a/%2E%2E/admin") << QByteArray("/admin");
    QTest::newRow(".%2e") << QByteArray("/service-a/.%2e/admin") << QByteArray("/admin");
    QTest::newRow("%2e.") << QByteArray("/service-a/%2e./admin") << QByteArray("/admin");
    QTest::newRow("%2e") << QByteArray("/a/%2e/b") << QByteArray("/a/b");
    QTest::newRow("%2e%2e at end") << QByteArray("/a/b/%2e%2e") << QByteArray("/a/");
    QTest::newRow("%2e%2e%2e is a name")
        << QByteArray("/a/%2e%2e%2e") << QByteArray("/a/%2e%2e%2e");
    QTest::newRow("truncated escape is a name") << QByteArray("/a/%2") << QByteArray("/a/%2");
    QTest::newRow("%2f is not a separator")
        << QByteArray("/a/..%2fadmin") << QByteArray("/a/..%2fadmin");
}

void TestPathNormalizer::removeDotSegments() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);

    QCOMPARE(::removeDotSegments(input), expected);
}

void TestPathNormalizer::decodeUnreservedCharacters_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("none") << QByteArray("/a/b") << QByteArray("/a/b");
    QTest::newRow("letters") << QByteArray("/%61dmin/%41") << QByteArray("/admin/A");
    QTest::newRow("marks") << QByteArray("/%2D%2e%5F%7e%30") << QByteArray("/-._~0");
    QTest::newRow("slash stays") << QByteArray("/a%2Fb%2fc") << QByteArray("/a%2Fb%2fc");
    QTest::newRow("percent stays, no double decoding")
        << QByteArray("/%252e") << QByteArray("/%252e");
    QTest::newRow("reserved and 8-bit stay")
        << QByteArray("/%3F%20%C3%A9") << QByteArray("/%3F%20%C3%A9");
    QTest::newRow("bad hex stays") << QByteArray("/%zz%4") << QByteArray("/%zz%4");
    QTest::newRow("stray percent before escape") << QByteArray("/%%41") << QByteArray("/%A");
    QTest::newRow("at end") << QByteArray("/a%62") << QByteArray("/ab");
}

void TestPathNormalizer::decodeUnreservedCharacters() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);

    QCOMPARE(::decodeUnreservedCharacters(input), expected);
}

void TestPathNormalizer::normalizePath_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << QByteArray("/service-a/x") << QByteArray("/service-a/x");
    QTest::newRow("encoded letters then dots")
        << QByteArray("/service-a/%2E%2e/%61dmin") << QByteArray("/admin");
    QTest::newRow("encoded dot segment built from escapes")
        << QByteArray("/a/b/%2e%2E/c") << QByteArray("/a/c");
    QTest::newRow("encoded slash is not a segment break")
        << QByteArray("/a/..%2F..%2Fetc") << QByteArray("/a/..%2F..%2Fetc");
}

void TestPathNormalizer::normalizePath() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);

    QCOMPARE(::normalizePath(input), expected);
}

// The Router matches a path for which this holds as it came, without normalizing a copy: it
// must never hold for a path that normalizing would change. It may be false for one it would
// not (a name starting with a dot, an escape that stays), which only costs the copy.
void TestPathNormalizer::isNormalizedPath_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("normalized");

    QTest::newRow("plain") << QByteArray("/service-a/x") << true;
    QTest::newRow("root") << QByteArray("/") << true;
    QTest::newRow("empty segments and trailing slash") << QByteArray("//a//b/") << true;
    QTest::newRow("dot inside a name") << QByteArray("/a/b.c/d..") << true;
    QTest::newRow("dot segment") << QByteArray("/service-a/../admin") << false;
    QTest::newRow("current segment at end") << QByteArray("/a/.") << false;
    QTest::newRow("encoded dot segment") << QByteArray("/a/%2e%2e/b") << false;
    QTest::newRow("encoded letter") << QByteArray("/%61dmin") << false;
    QTest::newRow("escape that stays") << QByteArray("/a%2Fb") << false;
    QTest::newRow("name starting with a dot") << QByteArray("/a/.g") << false;
}

void TestPathNormalizer::isNormalizedPath() {
    QFETCH(QByteArray, path);
    QFETCH(bool, normalized);

    QCOMPARE(::isNormalizedPath(path), normalized);
    if (normalized)
        QCOMPARE(::normalizePath(path), path);
}

QTEST_GUILESS_MAIN(TestPathNormalizer)
#include "tst_pathnormalizer.moc"
