// A captured head (model/capturedhead.h, model/capturedheadbuilder.h): one buffer with the
// start line's parts and each field as spans into it. Heads keep the wire's fields in order with
// duplicates and the names' spelling; a head read from text and one built from the same parts
// are equal; readers see the same values whichever way the head was made.
#include "capturedsamples.h"
#include "model/capturedhead.h"
#include "model/capturedheadbuilder.h"
#include "model/heapbytes.h"

#include <QTest>

using CapturedSamples::Fields;
using CapturedSamples::fieldsOf;

namespace {

CapturedHead responseHead(const Fields &fields) {
    CapturedHeadBuilder builder;
    builder.statusLine(200, "OK");
    for (const auto &[name, value] : fields)
        builder.field(name, value);
    return builder.build();
}

} // namespace

class TestCapturedHead : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fieldsKeepOrderAndDuplicates();
    void contentCodingComesFromContentEncoding_data();
    void contentCodingComesFromContentEncoding();
    void aHeadThatWasNeverThereIsNotPresent();
    void readsARequestHeadFromItsText();
    void readsAResponseHeadFromItsText();
    void spansAreRightForRepeatedNamesAndEmptyValues();
    void keepsObsTextBytes();
    void stopsAtTheEmptyLine();
    void builtEqualsReadFromTheSameText_data();
    void builtEqualsReadFromTheSameText();
    void spacingDoesNotMakeHeadsDifferent();
    void differentFieldsMakeHeadsDifferent();
    void moreFieldsThanHeldInlineStayInOrder();
    void copiesAreIndependentOfTheBuilder();
    void anExpectedSizeChangesNothingButAllocations_data();
    void anExpectedSizeChangesNothingButAllocations();
    void allocatedBytesHoldTheTextAndTheFields();
    void headsEndedInOneBufferShareIt();
    void aHeadNeverWrittenHoldsNoBuffer();
    void fieldsWithinATextBecomeSpansIntoItsCopy();
};

void TestCapturedHead::fieldsKeepOrderAndDuplicates() {
    const CapturedHead head = responseHead(
        {{"Set-Cookie", "a=1"}, {"Content-Type", "text/plain"}, {"set-cookie", "b=2"}});
    QCOMPARE(head.value("SET-COOKIE"), QByteArrayView("a=1"));
    QCOMPARE(head.values("Set-Cookie"), (QList<QByteArrayView>{"a=1", "b=2"}));
    QCOMPARE(head.value("Content-Length"), std::nullopt);
    QCOMPARE(head.fieldCount(), 3);
    QCOMPARE(head.name(2), QByteArrayView("set-cookie")); // the spelling as sent
    QCOMPARE(head.value(2), QByteArrayView("b=2"));
    QCOMPARE(head.versionText(), QByteArray("HTTP/1.1"));
}

void TestCapturedHead::contentCodingComesFromContentEncoding_data() {
    QTest::addColumn<Fields>("fields");
    QTest::addColumn<ContentCoding>("coding");
    QTest::newRow("none") << Fields{} << ContentCoding::Identity;
    QTest::newRow("identity") << Fields{{"Content-Encoding", "identity"}}
                              << ContentCoding::Identity;
    QTest::newRow("gzip") << Fields{{"content-encoding", " GZIP "}} << ContentCoding::Gzip;
    QTest::newRow("x-gzip") << Fields{{"Content-Encoding", "x-gzip"}} << ContentCoding::Gzip;
    QTest::newRow("deflate") << Fields{{"Content-Encoding", "deflate"}} << ContentCoding::Deflate;
    QTest::newRow("br") << Fields{{"Content-Encoding", "br"}} << ContentCoding::Other;
    QTest::newRow("two codings in one field")
        << Fields{{"Content-Encoding", "gzip, deflate"}} << ContentCoding::Other;
    QTest::newRow("two fields") << Fields{{"Content-Encoding", "gzip"},
                                          {"Content-Encoding", "gzip"}}
                                << ContentCoding::Other;
}

void TestCapturedHead::contentCodingComesFromContentEncoding() {
    QFETCH(Fields, fields);
    QFETCH(ContentCoding, coding);
    QCOMPARE(responseHead(fields).contentCoding(), coding);
}

void TestCapturedHead::aHeadThatWasNeverThereIsNotPresent() {
    QVERIFY(!CapturedHead().isPresent());
    QVERIFY(!CapturedHead::fromText({}).isPresent());
    QVERIFY(CapturedHeadBuilder().requestLine("GET", "/").build().isPresent());
    QVERIFY(responseHead({}).isPresent());
}

void TestCapturedHead::readsARequestHeadFromItsText() {
    const CapturedHead head =
        CapturedHead::fromText("PATCH /a/b?c=1 HTTP/1.0\r\nHost: example.test\r\nX-Empty:\r\n");
    QCOMPARE(head.method(), QByteArrayView("PATCH"));
    QCOMPARE(head.target(), QByteArrayView("/a/b?c=1"));
    QCOMPARE(head.versionMajor(), 1);
    QCOMPARE(head.versionMinor(), 0);
    QCOMPARE(head.status(), 0);
    QVERIFY(head.reason().isEmpty());
    QCOMPARE(fieldsOf(head), (Fields{{"Host", "example.test"}, {"X-Empty", ""}}));
}

void TestCapturedHead::readsAResponseHeadFromItsText() {
    const CapturedHead head =
        CapturedHead::fromText("HTTP/1.1 404 Not Found Here\r\nContent-Length: 0\r\n");
    QCOMPARE(head.status(), 404);
    QCOMPARE(head.reason(), QByteArrayView("Not Found Here"));
    QVERIFY(head.method().isEmpty());
    QCOMPARE(head.versionText(), QByteArray("HTTP/1.1"));
    QCOMPARE(head.value("content-length"), QByteArrayView("0"));

    const CapturedHead noReason = CapturedHead::fromText("HTTP/1.1 204\r\n");
    QCOMPARE(noReason.status(), 204);
    QVERIFY(noReason.reason().isEmpty());
}

void TestCapturedHead::spansAreRightForRepeatedNamesAndEmptyValues() {
    const CapturedHead head = CapturedHead::fromText("HTTP/1.1 200 OK\r\n"
                                                     "Set-Cookie: a=1\r\n"
                                                     "Empty:\r\n"
                                                     "set-cookie:b=2\r\n"
                                                     "Spaced:   \r\n"
                                                     "Set-Cookie:  c=3  \r\n");
    QCOMPARE(fieldsOf(head), (Fields{{"Set-Cookie", "a=1"},
                                     {"Empty", ""},
                                     {"set-cookie", "b=2"},
                                     {"Spaced", ""},
                                     {"Set-Cookie", "c=3"}}));
    QCOMPARE(head.values("SET-COOKIE"), (QList<QByteArrayView>{"a=1", "b=2", "c=3"}));
    QCOMPARE(head.value("empty"), QByteArrayView(""));
    QVERIFY(head.value("empty").has_value());
}

void TestCapturedHead::keepsObsTextBytes() {
    const QByteArray value = "caf\xc3\xa9 \xff\x80 end";
    const CapturedHead read =
        CapturedHead::fromText(QByteArray("GET / HTTP/1.1\r\nX-Note: " + value + "\r\n"));
    QCOMPARE(read.value("X-Note"), QByteArrayView(value));
    const CapturedHead built =
        CapturedHeadBuilder().requestLine("GET", "/").field("X-Note", value).build();
    QCOMPARE(built.value(0), QByteArrayView(value));
    QCOMPARE(built, read);
}

void TestCapturedHead::stopsAtTheEmptyLine() {
    const CapturedHead head = CapturedHead::fromText(
        "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 4\r\n\r\nX-Not: a field");
    QCOMPARE(head.fieldCount(), 1);
    QCOMPARE(head.value("X-Not"), std::nullopt);
}

void TestCapturedHead::builtEqualsReadFromTheSameText_data() {
    QTest::addColumn<CapturedHead>("built");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("request") << CapturedHeadBuilder()
                                    .requestLine("GET", "/x?y=1")
                                    .fields({{"Host", "a:8080"}, {"Accept", "*/*"}})
                                    .build()
                             << QByteArray("GET /x?y=1 HTTP/1.1\r\nHost: a:8080\r\nAccept: */*");
    QTest::newRow("HTTP/1.0 request, no fields")
        << CapturedHeadBuilder().requestLine("HEAD", "/", 1, 0).build()
        << QByteArray("HEAD / HTTP/1.0\r\n");
    QTest::newRow("response with repeated and empty fields")
        << CapturedHeadBuilder()
               .statusLine(503, "Service Unavailable")
               .fields({{"Retry-After", "1"}, {"Via", "a"}, {"X-Empty", ""}, {"via", "b"}})
               .build()
        << QByteArray("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nVia: a\r\n"
                      "X-Empty: \r\nvia: b\r\n\r\n");
}

void TestCapturedHead::builtEqualsReadFromTheSameText() {
    QFETCH(CapturedHead, built);
    QFETCH(QByteArray, text);
    const CapturedHead read = CapturedHead::fromText(text);
    QCOMPARE(read, built);
    QCOMPARE(fieldsOf(read), fieldsOf(built));
    QCOMPARE(read.method(), built.method());
    QCOMPARE(read.target(), built.target());
    QCOMPARE(read.status(), built.status());
    QCOMPARE(read.reason(), built.reason());
    QCOMPARE(read.versionText(), built.versionText());
}

void TestCapturedHead::spacingDoesNotMakeHeadsDifferent() {
    QCOMPARE(CapturedHead::fromText("GET / HTTP/1.1\r\nHost:   a  \r\n"),
             CapturedHead::fromText("GET / HTTP/1.1\nHost: a"));
}

void TestCapturedHead::differentFieldsMakeHeadsDifferent() {
    const CapturedHead head = responseHead({{"A", "1"}, {"B", "2"}});
    QVERIFY(head == responseHead({{"A", "1"}, {"B", "2"}}));
    QVERIFY(!(head == responseHead({{"B", "2"}, {"A", "1"}}))); // order
    QVERIFY(!(head == responseHead({{"a", "1"}, {"B", "2"}}))); // spelling
    QVERIFY(!(head == responseHead({{"A", "1"}, {"B", "2"}, {"B", "2"}})));
    QVERIFY(!(head == responseHead({{"A", "1"}, {"B", "3"}})));
    QVERIFY(!(head == CapturedHeadBuilder().statusLine(201, "OK").fields(head).build()));
}

void TestCapturedHead::moreFieldsThanHeldInlineStayInOrder() {
    CapturedHeadBuilder builder;
    builder.requestLine("GET", "/");
    QByteArray text = "GET / HTTP/1.1\r\n";
    Fields expected;
    for (int i = 0; i < 40; ++i) {
        const QByteArray name = "X-Field-" + QByteArray::number(i);
        const QByteArray value = QByteArray(i, 'v');
        builder.field(name, value);
        text += name + ": " + value + "\r\n";
        expected.append({name, value});
    }
    const CapturedHead built = builder.build();
    QCOMPARE(fieldsOf(built), expected);
    QCOMPARE(fieldsOf(CapturedHead::fromText(text)), expected);
    QCOMPARE(built.value("x-field-39"), QByteArrayView(QByteArray(39, 'v')));
}

void TestCapturedHead::copiesAreIndependentOfTheBuilder() {
    CapturedHeadBuilder builder;
    builder.requestLine("POST", "/orders").field("Content-Type", "application/json");
    const CapturedHead head = builder.build();
    const CapturedHead copy = head; // NOLINT: the copy is the point
    QCOMPARE(copy, head);
    QCOMPARE(copy.value("content-type"), QByteArrayView("application/json"));
    QVERIFY(builder.build().fieldCount() == 0); // the builder gave its head away
}

void TestCapturedHead::anExpectedSizeChangesNothingButAllocations_data() {
    QTest::addColumn<qsizetype>("expectedBytes");
    const qsizetype exact = CapturedHeadBuilder::statusLineSize("Bad Gateway") +
                            CapturedHeadBuilder::fieldSize("Content-Length", "11") +
                            CapturedHeadBuilder::fieldSize("Set-Cookie", "a=1") +
                            CapturedHeadBuilder::fieldSize("set-cookie", "");
    QTest::newRow("none") << qsizetype(0);
    QTest::newRow("too small") << exact / 3;
    QTest::newRow("exact") << exact;
    QTest::newRow("too large") << exact * 10;
}

// The capture passes the size it computed; HAR import and the resend dialog pass none.
void TestCapturedHead::anExpectedSizeChangesNothingButAllocations() {
    QFETCH(qsizetype, expectedBytes);
    const auto build = [](CapturedHeadBuilder &builder) {
        return builder.statusLine(502, "Bad Gateway")
            .fields({{"Content-Length", "11"}, {"Set-Cookie", "a=1"}, {"set-cookie", ""}})
            .build();
    };
    CapturedHeadBuilder builder(expectedBytes);
    const CapturedHead head = build(builder);
    QCOMPARE(head.status(), 502);
    QCOMPARE(head.reason(), QByteArrayView("Bad Gateway"));
    QCOMPARE(fieldsOf(head),
             (Fields{{"Content-Length", "11"}, {"Set-Cookie", "a=1"}, {"set-cookie", ""}}));
    QCOMPARE(head, CapturedHead::fromText("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 11\r\n"
                                          "Set-Cookie: a=1\r\nset-cookie: \r\n"));
    // The builder starts over after build(), without the size it was given.
    QCOMPARE(build(builder), head);
}

// What a head counts for in a capture's memory cap, beside its sizeof (model/heapbytes.h).
void TestCapturedHead::allocatedBytesHoldTheTextAndTheFields() {
    QCOMPARE(CapturedHead().allocatedBytes(), 0);
    const QByteArray text = "GET /a HTTP/1.1\r\nHost: h\r\n";
    const CapturedHead head = CapturedHead::fromText(text);
    QVERIFY(head.allocatedBytes() >= text.size() + heapBlockOverhead);
    // A field costs its text and where its name and value are: two offsets and two lengths.
    CapturedHeadBuilder builder;
    builder.requestLine("GET", "/a");
    for (int i = 0; i < 40; ++i)
        builder.field("Host", "h");
    QVERIFY(builder.build().allocatedBytes() >=
            head.allocatedBytes() + 39 * (CapturedHeadBuilder::fieldSize("Host", "h")));
    QVERIFY(CapturedHeadBuilder::fieldSize("Host", "h") >=
            4 + 1 + 4 + 4 * qsizetype(sizeof(quint32)));
}

// The four heads of a captured exchange go into one buffer (ExchangeCapture): each reads back
// as it was written, whatever was written before and after it.
void TestCapturedHead::headsEndedInOneBufferShareIt() {
    CapturedHeadBuilder builder;
    const CapturedHeadBuilder::EndedHead request =
        builder.requestLine("POST", "/a").field("Host", "h").field("Content-Length", "2").endHead();
    const CapturedHeadBuilder::EndedHead sent =
        builder.text("POST /a HTTP/1.1\r\nHost: h\r\nVia: 1.1 gw\r\n\r\n").endHead();
    const CapturedHeadBuilder::EndedHead response =
        builder.statusLine(201, "Created").field("Location", "/a/1").endHead();

    const CapturedHead first = builder.head(request);
    const CapturedHead second = builder.head(sent);
    const CapturedHead third = builder.head(response);
    QCOMPARE(first, CapturedHeadBuilder()
                        .requestLine("POST", "/a")
                        .fields({{"Host", "h"}, {"Content-Length", "2"}})
                        .build());
    QCOMPARE(first.target(), QByteArrayView("/a"));
    QCOMPARE(fieldsOf(second), (Fields{{"Host", "h"}, {"Via", "1.1 gw"}}));
    QCOMPARE(second.method(), QByteArrayView("POST"));
    QCOMPARE(third.status(), 201);
    QCOMPARE(third.reason(), QByteArrayView("Created"));
    QCOMPARE(fieldsOf(third), (Fields{{"Location", "/a/1"}}));
    QVERIFY(first.sharesBufferWith(second));
    QVERIFY(second.sharesBufferWith(third));
    QCOMPARE(first.allocatedBytes(), third.allocatedBytes()); // the one buffer, in each
    QVERIFY(!first.sharesBufferWith(CapturedHead::fromText("GET / HTTP/1.1\r\n")));
}

void TestCapturedHead::aHeadNeverWrittenHoldsNoBuffer() {
    CapturedHeadBuilder builder;
    const CapturedHeadBuilder::EndedHead never;
    const CapturedHeadBuilder::EndedHead written = builder.statusLine(502, "Bad Gateway").endHead();
    const CapturedHead absent = builder.head(never);
    QVERIFY(!absent.isPresent());
    QCOMPARE(absent.allocatedBytes(), 0);
    QVERIFY(!absent.sharesBufferWith(builder.head(written)));
    QVERIFY(builder.head(written).isPresent());
}

// A parser keeps a head's names and values in one buffer (HttpMessageHead::text()): copied once,
// its fields read the same as fields written one by one, in the order given, wherever they lie in
// it.
void TestCapturedHead::fieldsWithinATextBecomeSpansIntoItsCopy() {
    const QByteArray text = "/pathHostexample.testX-Emptyx-dupa";
    const QList<std::pair<QByteArrayView, QByteArrayView>> parsed = {
        {QByteArrayView(text).sliced(5, 4), QByteArrayView(text).sliced(9, 12)},
        {QByteArrayView(text).sliced(21, 7), QByteArrayView()},
        {QByteArrayView(text).sliced(28, 5), QByteArrayView(text).sliced(33, 1)},
    };
    CapturedHeadBuilder builder(CapturedHeadBuilder::requestLineSize("GET", "/path") +
                                CapturedHeadBuilder::fieldsWithinSize(text, parsed.size()));
    builder.requestLine("GET", "/path").fieldsWithin(text, parsed.size(), [&parsed](qsizetype i) {
        return CapturedHead::Field{parsed.at(i).first, parsed.at(i).second};
    });
    const CapturedHead head = builder.build();
    QCOMPARE(fieldsOf(head), (Fields{{"Host", "example.test"}, {"X-Empty", ""}, {"x-dup", "a"}}));
    QCOMPARE(head.value("host"), QByteArrayView("example.test"));
    QCOMPARE(head.target(), QByteArrayView("/path"));
}

QTEST_GUILESS_MAIN(TestCapturedHead)
#include "tst_capturedhead.moc"
