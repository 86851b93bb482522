// Undoing and applying content codings for display and HAR (inspect/contentcoding.h): gzip,
// deflate in both the zlib format and raw, bodies cut at the capture limit, and output bounded
// so that a small body cannot inflate without end.
#include "inspect/contentcoding.h"

#include <QTest>

Q_DECLARE_METATYPE(DecodedContent::Status)

namespace {

const QByteArray text = QByteArray("The quick brown fox jumps over the lazy dog. ").repeated(50);

// A raw deflate stream: the zlib format without its 2-byte header and 4-byte Adler-32 trailer
// (RFC 1950 §2.2), as some servers send "deflate".
QByteArray rawDeflate(const QByteArray &bytes) {
    const QByteArray zlibFormat = encodeContent(bytes, ContentCoding::Deflate);
    return zlibFormat.sliced(2, zlibFormat.size() - 6);
}

} // namespace

class TestContentCoding : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrips_data();
    void roundTrips();
    void gzipIsTheGzipFormat();
    void readsRawDeflateToo();
    void aCutStreamDecodesAsFarAsItGoes();
    void outputStopsAtTheMaximum();
    void garbageFails();
    void otherCodingsAreNotDecoded();
    void identityIsTheBytesThemselves();
};

void TestContentCoding::roundTrips_data() {
    QTest::addColumn<ContentCoding>("coding");
    QTest::newRow("gzip") << ContentCoding::Gzip;
    QTest::newRow("deflate") << ContentCoding::Deflate;
}

void TestContentCoding::roundTrips() {
    QFETCH(ContentCoding, coding);
    const QByteArray encoded = encodeContent(text, coding);
    QVERIFY(encoded.size() < text.size());
    const DecodedContent decoded = decodeContent(encoded, coding, 1 << 20);
    QCOMPARE(decoded.status, DecodedContent::Status::Decoded);
    QCOMPARE(decoded.bytes, text);
}

void TestContentCoding::gzipIsTheGzipFormat() {
    const QByteArray encoded = encodeContent("x", ContentCoding::Gzip);
    QCOMPARE(encoded.first(2), QByteArray("\x1f\x8b")); // RFC 1952 §2.3.1, ID1 ID2
}

void TestContentCoding::readsRawDeflateToo() {
    const DecodedContent decoded = decodeContent(rawDeflate(text), ContentCoding::Deflate, 1 << 20);
    QCOMPARE(decoded.status, DecodedContent::Status::Decoded);
    QCOMPARE(decoded.bytes, text);
}

void TestContentCoding::aCutStreamDecodesAsFarAsItGoes() {
    const QByteArray random = [] {
        QByteArray bytes;
        quint32 state = 1;
        for (int i = 0; i < 20000; ++i) {
            state = state * 1664525 + 1013904223; // incompressible enough to need many blocks
            bytes += char(state >> 24);
        }
        return bytes;
    }();
    const QByteArray encoded = encodeContent(random, ContentCoding::Gzip);
    const DecodedContent decoded =
        decodeContent(encoded.first(encoded.size() / 2), ContentCoding::Gzip, 1 << 20);
    QCOMPARE(decoded.status, DecodedContent::Status::Partial);
    QVERIFY(!decoded.bytes.isEmpty());
    QVERIFY(random.startsWith(decoded.bytes));
}

void TestContentCoding::outputStopsAtTheMaximum() {
    const QByteArray bomb = encodeContent(QByteArray(4 << 20, '\0'), ContentCoding::Gzip);
    QVERIFY(bomb.size() < 8192);
    const DecodedContent decoded = decodeContent(bomb, ContentCoding::Gzip, 100000);
    QCOMPARE(decoded.status, DecodedContent::Status::TooLarge);
    QCOMPARE(decoded.bytes.size(), 100000);
}

void TestContentCoding::garbageFails() {
    for (const ContentCoding coding : {ContentCoding::Gzip, ContentCoding::Deflate}) {
        const DecodedContent decoded = decodeContent("not compressed at all", coding, 1000);
        QCOMPARE(decoded.status, DecodedContent::Status::Failed);
        QVERIFY(decoded.bytes.isEmpty());
    }
}

void TestContentCoding::otherCodingsAreNotDecoded() {
    QCOMPARE(decodeContent("abc", ContentCoding::Other, 1000).status,
             DecodedContent::Status::Unsupported);
}

void TestContentCoding::identityIsTheBytesThemselves() {
    QCOMPARE(decodeContent("abc", ContentCoding::Identity, 1000).bytes, QByteArray("abc"));
    const DecodedContent cut = decodeContent("abcdef", ContentCoding::Identity, 4);
    QCOMPARE(cut.status, DecodedContent::Status::TooLarge);
    QCOMPARE(cut.bytes, QByteArray("abcd"));
    QCOMPARE(encodeContent("abc", ContentCoding::Identity), QByteArray("abc"));
}

QTEST_GUILESS_MAIN(TestContentCoding)
#include "tst_contentcoding.moc"
