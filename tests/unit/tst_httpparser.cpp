// The llhttp wrapper: strict parsing plus the gateway's own checks (docs/ARCHITECTURE.md, "What
// 'strict' means here").
#include "http/httpparser.h"

#include <QTest>

namespace {

// Records what the parser reports, flattened for comparison.
class RecordingListener final : public HttpParserListener {
public:
    bool onHeadComplete(const HttpMessageHead &head) override {
        ++heads;
        method = head.method().toByteArray();
        target = head.target().toByteArray();
        status = head.statusCode();
        headers.clear();
        for (qsizetype i = 0; i < head.headerCount(); ++i)
            headers.append(head.headerName(i).toByteArray() + ':' +
                           head.headerValue(i).toByteArray());
        kinds.clear();
        for (qsizetype i = 0; i < head.headerCount(); ++i)
            kinds.append(head.headerKind(i));
        framing = head.framing();
        return continueAfterHead;
    }
    void onBody(QByteArrayView data) override { body.append(data); }
    void onMessageComplete() override { ++completed; }

    bool continueAfterHead = true;
    int heads = 0;
    int completed = 0;
    QByteArray method;
    QByteArray target;
    int status = 0;
    QByteArrayList headers;
    QList<HeaderName> kinds;
    QByteArray body;
    BodyFraming framing = BodyFraming::None;
};

// Feeds message whole or one byte at a time, stopping at the first failure: strictness must
// not depend on how the bytes arrive.
HttpParser::Result feedSplit(HttpParser &parser, QByteArrayView message, bool bytewise) {
    HttpParser::Result result{HttpParser::Status::NeedMoreData, 0};
    const qsizetype step = bytewise ? 1 : message.size();
    for (qsizetype at = 0; at < message.size() && result.status != HttpParser::Status::Failed;
         at += step)
        result = parser.feed(message.sliced(at, step));
    return result;
}

} // namespace

class TestHttpParser final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rejectsMalformedRequests_data();
    void rejectsMalformedRequests();
    void rejectsBadChunkAfterHead();
    void rejectsFoldSplitAcrossReads();
    void parsesValidRequest();
    void methodNameOutlivesTheHead();
    void recognisesTheHeadersItActsOn();
    void acceptsValidRequestForms_data();
    void acceptsValidRequestForms();
    void absoluteFormBecomesOriginForm_data();
    void absoluteFormBecomesOriginForm();
    void acceptsValidResponseForms_data();
    void acceptsValidResponseForms();
    void dropsUnderscoreHeadersAndTrailers();
    void pausesBetweenPipelinedRequests();
    void enforcesHeaderLimit();
    void enforcesBodyLimit();
    void decodesChunkedBody();
    void parsesBytewise();
    void responseWithoutBody_data();
    void responseWithoutBody();
    void rejectsBadResponses_data();
    void rejectsBadResponses();
    void closeDelimitedResponseCompletesOnFinish();
    void truncatedResponseFailsOnFinish();
};

void TestHttpParser::rejectsMalformedRequests_data() {
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    // Shapes strict llhttp rejects by itself.
    QTest::newRow("CVE-2023-30589 CR in header")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-Abc: \rxTransfer-Encoding: chunked\r\n\r\n")
        << 400;
    QTest::newRow("space before colon")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nFoo : bar\r\n\r\n") << 400;
    QTest::newRow("space in name")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX Y: b\r\n\r\n") << 400;
    QTest::newRow("CL and TE") << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: "
                                             "3\r\nTransfer-Encoding: chunked\r\n\r\n")
                               << 400;
    QTest::newRow("duplicate CL")
        << QByteArray(
               "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n")
        << 400;
    QTest::newRow("TE not ending in chunked")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n") << 400;
    QTest::newRow("8-bit byte in URL")
        << QByteArray("GET /\xff HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("TE chunked twice in two lines")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n")
        << 400;
    QTest::newRow("TE empty") << QByteArray(
                                     "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \r\n\r\n")
                              << 400;
    // Valid, not implemented (RFC 9112 §6.1).
    QTest::newRow("TE gzip, chunked")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
        << 501;
    QTest::newRow("TE gzip then chunked in two lines")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n")
        << 501;
    QTest::newRow("TE chunked twice")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n")
        << 400;
    // Shapes strict llhttp 8.1.0 accepts, rejected by the gateway's checks.
    QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n  c\r\n\r\n")
                              << 400;
    QTest::newRow("folded TE")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n chunked\r\n\r\n")
        << 400;
    QTest::newRow("empty header name")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n") << 400;
    QTest::newRow("missing Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("duplicate Host")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
    QTest::newRow("malformed Host") << QByteArray("GET / HTTP/1.1\r\nHost: a b\r\n\r\n") << 400;
    QTest::newRow("Host with path") << QByteArray("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n") << 400;
    QTest::newRow("Host with bad port")
        << QByteArray("GET / HTTP/1.1\r\nHost: a:99999\r\n\r\n") << 400;
    QTest::newRow("HTTP/2.0 line") << QByteArray("GET / HTTP/2.0\r\nHost: a\r\n\r\n") << 505;
    QTest::newRow("HTTP/0.9 line") << QByteArray("GET /\r\n\r\n") << 505;
    QTest::newRow("star with GET") << QByteArray("GET * HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("fragment") << QByteArray("GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("absolute-form with userinfo")
        << QByteArray("GET http://u@a/ HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("absolute-form without authority")
        << QByteArray("GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("absolute-form with another scheme")
        << QByteArray("GET ftp://a/x HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("authority-form")
        << QByteArray("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("Upgrade naming no protocol")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: ,\r\n\r\n")
        << 400;
    QTest::newRow("TE on HTTP/1.0")
        << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 400;
}

void TestHttpParser::rejectsMalformedRequests() {
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    for (const bool bytewise : {false, true}) {
        RecordingListener listener;
        HttpParser parser(HttpParser::Kind::Request, &listener);
        QCOMPARE(feedSplit(parser, request, bytewise).status, HttpParser::Status::Failed);
        QCOMPARE(parser.error().status, status);
        QVERIFY(!parser.error().message.isEmpty());
        QCOMPARE(listener.heads, 0);
    }
}

void TestHttpParser::rejectsBadChunkAfterHead() {
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Request, &listener);
    QCOMPARE(parser.feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                 .status,
             HttpParser::Status::Failed);
    QCOMPARE(parser.error().status, 400);
    QCOMPARE(listener.completed, 0);
}

void TestHttpParser::rejectsFoldSplitAcrossReads() {
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Request, &listener);
    QCOMPARE(parser.feed("GET / HTTP/1.1\r\nHost: a\r\nX-A: b").status,
             HttpParser::Status::NeedMoreData);
    QCOMPARE(parser.feed("\r\n c\r\n\r\n").status, HttpParser::Status::Failed);
    QCOMPARE(parser.error().status, 400);
}

void TestHttpParser::parsesValidRequest() {
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Request, &listener);
    const QByteArray request = "POST /a/b?x=1 HTTP/1.1\r\nHost: example:8080\r\nX-Pad:  v  \r\n"
                               "Content-Length: 5\r\n\r\nhello";
    const HttpParser::Result result = parser.feed(request);
    QCOMPARE(result.status, HttpParser::Status::Paused);
    QCOMPARE(result.consumed, request.size());
    QCOMPARE(listener.method, QByteArray("POST"));
    QCOMPARE(listener.target, QByteArray("/a/b?x=1"));
    QCOMPARE(listener.headers,
             QByteArrayList({"Host:example:8080", "X-Pad:v", "Content-Length:5"}));
    QCOMPARE(listener.framing, BodyFraming::ContentLength);
    QCOMPARE(listener.body, QByteArray("hello"));
    QCOMPARE(listener.completed, 1);
}

// The proxy keeps methodName() in the request's record after the head is cleared and the next
// request parsed into the same buffers: it must not point into them.
void TestHttpParser::methodNameOutlivesTheHead() {
    class Keeper final : public HttpParserListener {
    public:
        bool onHeadComplete(const HttpMessageHead &head) override {
            names.append(head.methodName());
            return true;
        }
        void onBody(QByteArrayView) override {}
        void onMessageComplete() override {}
        QByteArrayList names;
    } keeper;
    HttpParser parser(HttpParser::Kind::Request, &keeper);
    parser.feed("DELETE /a HTTP/1.1\r\nHost: h\r\n\r\n");
    parser.resume();
    parser.feed("GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
    QCOMPARE(keeper.names, QByteArrayList({"DELETE", "GET"}));
}

// RFC 9110/9112-valid forms that must pass, whole and split into single bytes: strictness must
// not depend on how the bytes arrive (docs/RELIABILITY.md, "What the parser refuses and why").
void TestHttpParser::recognisesTheHeadersItActsOn() {
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Request, &listener);
    // Any case, split across reads; names that only look alike stay Other.
    const QByteArray request = "GET / HTTP/1.1\r\nHOST: a\r\nconnection: x-a\r\nTE: trailers\r\n"
                               "Keep-Alive: 5\r\nProxy-Connection: close\r\nTrailer: x\r\n"
                               "Upgrade: ws\r\nVia: 1.1 p\r\nX-Forwarded-For: 1.2.3.4\r\n"
                               "x-forwarded-host: h\r\nX-Forwarded-Proto: http\r\n"
                               "X-Forwarded-Port: 80\r\nHosts: b\r\nContent-Type: x/y\r\n\r\n";
    QCOMPARE(feedSplit(parser, request, true).status, HttpParser::Status::Paused);
    const QList<HeaderName> expected = {HeaderName::Host,
                                        HeaderName::Connection,
                                        HeaderName::Te,
                                        HeaderName::KeepAlive,
                                        HeaderName::ProxyConnection,
                                        HeaderName::Trailer,
                                        HeaderName::Upgrade,
                                        HeaderName::Via,
                                        HeaderName::XForwardedFor,
                                        HeaderName::XForwardedHost,
                                        HeaderName::XForwardedProto,
                                        HeaderName::Other,
                                        HeaderName::Other,
                                        HeaderName::Other};
    QCOMPARE(listener.kinds, expected);
}

void TestHttpParser::acceptsValidRequestForms_data() {
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArrayList>("headers");

    QTest::newRow("empty value") << QByteArray(
                                        "GET / HTTP/1.1\r\nHost: a\r\nX-A:\r\nX-B: b\r\n\r\n")
                                 << QByteArrayList({"Host:a", "X-A:", "X-B:b"});
    QTest::newRow("empty value with space")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-A: \r\nX-B: b\r\n\r\n")
        << QByteArrayList({"Host:a", "X-A:", "X-B:b"});
    QTest::newRow("empty value with tabs")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-A:\t \t\r\nX-B: b\r\n\r\n")
        << QByteArrayList({"Host:a", "X-A:", "X-B:b"});
    QTest::newRow("empty value last") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-A: \r\n\r\n")
                                      << QByteArrayList({"Host:a", "X-A:"});
    QTest::newRow("empty values twice")
        << QByteArray("GET / HTTP/1.1\r\nX-A:\r\nX-A:\r\nHost: a\r\n\r\n")
        << QByteArrayList({"X-A:", "X-A:", "Host:a"});
    QTest::newRow("empty Host (RFC 9110 7.2)")
        << QByteArray("GET / HTTP/1.1\r\nHost:\r\n\r\n") << QByteArrayList({"Host:"});
    QTest::newRow("inner whitespace kept")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-A: b \t c\r\n\r\n")
        << QByteArrayList({"Host:a", "X-A:b \t c"});
    QTest::newRow("obs-text in value")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-A: caf\xc3\xa9\r\n\r\n")
        << QByteArrayList({"Host:a", "X-A:caf\xc3\xa9"});
    QTest::newRow("every tchar in a name")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n!#$%&'*+-.^`|~09aZ: v\r\n\r\n")
        << QByteArrayList({"Host:a", "!#$%&'*+-.^`|~09aZ:v"});
    QTest::newRow("no space after colon")
        << QByteArray("GET / HTTP/1.1\r\nHost:a\r\n\r\n") << QByteArrayList({"Host:a"});
    QTest::newRow("Content-Length with leading zeros")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 003\r\n\r\nabc")
        << QByteArrayList({"Host:a", "Content-Length:003"});
    QTest::newRow("chunked in capitals")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: CHUNKED\r\n\r\n0\r\n\r\n")
        << QByteArrayList({"Host:a", "Transfer-Encoding:CHUNKED"});
    QTest::newRow("HTTP/1.0 without Host")
        << QByteArray("GET / HTTP/1.0\r\n\r\n") << QByteArrayList();
    QTest::newRow("IPv6 Host with port") << QByteArray("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n")
                                         << QByteArrayList({"Host:[::1]:8080"});
    QTest::newRow("OPTIONS *") << QByteArray("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")
                               << QByteArrayList({"Host:a"});
}

void TestHttpParser::acceptsValidRequestForms() {
    QFETCH(QByteArray, request);
    QFETCH(QByteArrayList, headers);
    for (const bool bytewise : {false, true}) {
        RecordingListener listener;
        HttpParser parser(HttpParser::Kind::Request, &listener);
        const HttpParser::Result result = feedSplit(parser, request, bytewise);
        QVERIFY2(result.status != HttpParser::Status::Failed, parser.error().message);
        QCOMPARE(result.status, HttpParser::Status::Paused);
        QCOMPARE(listener.headers, headers);
        QCOMPARE(listener.completed, 1);
    }
}

void TestHttpParser::absoluteFormBecomesOriginForm_data() {
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("originForm");
    QTest::addColumn<QByteArray>("authority");
    QTest::newRow("path and query") << QByteArray("http://example.com:8080/a/b?c=1")
                                    << QByteArray("/a/b?c=1") << QByteArray("example.com:8080");
    QTest::newRow("no path") << QByteArray("http://example.com") << QByteArray("/")
                             << QByteArray("example.com");
    QTest::newRow("query, no path")
        << QByteArray("http://example.com?x") << QByteArray("/?x") << QByteArray("example.com");
    QTest::newRow("scheme in capitals, https, IPv6")
        << QByteArray("HTTPS://[::1]:9/x") << QByteArray("/x") << QByteArray("[::1]:9");
}

void TestHttpParser::absoluteFormBecomesOriginForm() {
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, originForm);
    QFETCH(QByteArray, authority);
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Request, &listener);
    const QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: other\r\n\r\n";
    QCOMPARE(parser.feed(request).status, HttpParser::Status::Paused);
    QCOMPARE(listener.target, originForm);
    QCOMPARE(parser.head().targetAuthority(), std::optional<QByteArrayView>(authority));
    // The authority stands for Host (RFC 9112 §3.2.2).
    QCOMPARE(parser.head().authority(), std::optional<QByteArrayView>(authority));
}

void TestHttpParser::acceptsValidResponseForms_data() {
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QByteArrayList>("headers");

    QTest::newRow("empty value") << QByteArray(
                                        "HTTP/1.1 200 OK\r\nX-A:\r\nContent-Length: 0\r\n\r\n")
                                 << QByteArrayList({"X-A:", "Content-Length:0"});
    QTest::newRow("empty value with space")
        << QByteArray("HTTP/1.1 200 OK\r\nX-A: \r\nContent-Length: 0\r\n\r\n")
        << QByteArrayList({"X-A:", "Content-Length:0"});
    QTest::newRow("empty value last")
        << QByteArray("HTTP/1.1 204 No Content\r\nX-A: \r\n\r\n") << QByteArrayList({"X-A:"});
    QTest::newRow("empty reason phrase") << QByteArray("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n")
                                         << QByteArrayList({"Content-Length:0"});
    QTest::newRow("underscore in a name")
        << QByteArray("HTTP/1.1 200 OK\r\nX_A: 1\r\nContent-Length: 0\r\n\r\n")
        << QByteArrayList({"X_A:1", "Content-Length:0"});
    QTest::newRow("Set-Cookie twice")
        << QByteArray("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
                      "Content-Length: 0\r\n\r\n")
        << QByteArrayList({"Set-Cookie:a=1", "Set-Cookie:b=2", "Content-Length:0"});
}

void TestHttpParser::acceptsValidResponseForms() {
    QFETCH(QByteArray, response);
    QFETCH(QByteArrayList, headers);
    for (const bool bytewise : {false, true}) {
        RecordingListener listener;
        HttpParser parser(HttpParser::Kind::Response, &listener);
        const HttpParser::Result result = feedSplit(parser, response, bytewise);
        QVERIFY2(result.status != HttpParser::Status::Failed, parser.error().message);
        QCOMPARE(result.status, HttpParser::Status::Paused);
        QCOMPARE(listener.headers, headers);
        QCOMPARE(listener.completed, 1);
    }
}

void TestHttpParser::dropsUnderscoreHeadersAndTrailers() {
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Request, &listener);
    const QByteArray request =
        "POST / HTTP/1.1\r\nHost: a\r\nX_User: root\r\nTransfer-Encoding: chunked\r\n\r\n"
        "3\r\nabc\r\n0\r\nX-Trailer: injected\r\n\r\n";
    QCOMPARE(parser.feed(request).status, HttpParser::Status::Paused);
    QCOMPARE(listener.headers, QByteArrayList({"Host:a", "Transfer-Encoding:chunked"}));
    QCOMPARE(listener.body, QByteArray("abc"));
    QCOMPARE(listener.completed, 1);
}

void TestHttpParser::pausesBetweenPipelinedRequests() {
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Request, &listener);
    const QByteArray first = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n";
    const QByteArray second = "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n";
    const QByteArray both = first + second;
    HttpParser::Result result = parser.feed(both);
    QCOMPARE(result.status, HttpParser::Status::Paused);
    QCOMPARE(result.consumed, first.size());
    QCOMPARE(listener.target, QByteArray("/1"));
    parser.resume();
    result = parser.feed(QByteArrayView(both).sliced(result.consumed));
    QCOMPARE(result.status, HttpParser::Status::Paused);
    QCOMPARE(listener.target, QByteArray("/2"));
    QCOMPARE(listener.completed, 2);
}

void TestHttpParser::enforcesHeaderLimit() {
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Request, &listener);
    parser.setLimits(100, 0);
    const QByteArray request =
        "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + QByteArray(200, 'v') + "\r\n\r\n";
    QCOMPARE(parser.feed(request).status, HttpParser::Status::Failed);
    QCOMPARE(parser.error().status, 431);

    // A response head is bounded the same way; the instance's fault, so 502.
    RecordingListener responseListener;
    HttpParser responseParser(HttpParser::Kind::Response, &responseListener);
    responseParser.setLimits(100, 0);
    const QByteArray response = "HTTP/1.1 200 OK\r\nX-Big: " + QByteArray(200, 'v');
    QCOMPARE(responseParser.feed(response).status, HttpParser::Status::Failed);
    QCOMPARE(responseParser.error().status, 502);
    QVERIFY(responseParser.error().message.contains("too big header"));
    QCOMPARE(responseListener.heads, 0);
}

void TestHttpParser::enforcesBodyLimit() {
    RecordingListener declared;
    HttpParser byLength(HttpParser::Kind::Request, &declared);
    byLength.setLimits(65536, 4);
    QCOMPARE(byLength.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n").status,
             HttpParser::Status::Failed);
    QCOMPARE(byLength.error().status, 413);

    RecordingListener chunked;
    HttpParser byChunks(HttpParser::Kind::Request, &chunked);
    byChunks.setLimits(65536, 4);
    QCOMPARE(
        byChunks
            .feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
            .status,
        HttpParser::Status::Failed);
    QCOMPARE(byChunks.error().status, 413);
}

void TestHttpParser::decodesChunkedBody() {
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Request, &listener);
    QCOMPARE(parser
                 .feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                 .status,
             HttpParser::Status::Paused);
    QCOMPARE(listener.framing, BodyFraming::Chunked);
    QCOMPARE(listener.body, QByteArray("abcde"));
}

void TestHttpParser::parsesBytewise() {
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Request, &listener);
    const QByteArray request =
        "PUT /x HTTP/1.1\r\nHost: a\r\nX-Long-Name: some value\r\nContent-Length: 3\r\n\r\nxyz";
    for (qsizetype i = 0; i < request.size(); ++i) {
        const HttpParser::Result result = parser.feed(QByteArrayView(request).sliced(i, 1));
        QCOMPARE(result.status, i + 1 == request.size() ? HttpParser::Status::Paused
                                                        : HttpParser::Status::NeedMoreData);
    }
    QCOMPARE(listener.headers,
             QByteArrayList({"Host:a", "X-Long-Name:some value", "Content-Length:3"}));
    QCOMPARE(listener.body, QByteArray("xyz"));
}

void TestHttpParser::responseWithoutBody_data() {
    QTest::addColumn<bool>("answeringHead");
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<int>("status");

    QTest::newRow("HEAD with Content-Length")
        << true << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n") << 200;
    QTest::newRow("204 with Content-Length")
        << false << QByteArray("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n") << 204;
    QTest::newRow("304 with chunked")
        << false << QByteArray("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n")
        << 304;
    QTest::newRow("100 continue") << false << QByteArray("HTTP/1.1 100 Continue\r\n\r\n") << 100;
}

void TestHttpParser::responseWithoutBody() {
    QFETCH(bool, answeringHead);
    QFETCH(QByteArray, response);
    QFETCH(int, status);
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Response, &listener);
    parser.setAnsweringHead(answeringHead);
    const HttpParser::Result result = parser.feed(response);
    QCOMPARE(result.status, HttpParser::Status::Paused);
    QCOMPARE(result.consumed, response.size());
    QCOMPARE(listener.status, status);
    QCOMPARE(listener.completed, 1);
    QCOMPARE(listener.framing, BodyFraming::None);
}

void TestHttpParser::rejectsBadResponses_data() {
    QTest::addColumn<QByteArray>("response");
    QTest::newRow("status 600") << QByteArray("HTTP/1.1 600 Odd\r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("status 099") << QByteArray("HTTP/1.1 099 Odd\r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("chunked, chunked")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n");
    QTest::newRow("CL and TE") << QByteArray(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n");
    QTest::newRow("duplicate CL") << QByteArray(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n");
    QTest::newRow("garbage") << QByteArray("HTTX/1.1 200 OK\r\n\r\n");
    QTest::newRow("101 without Upgrade")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\n\r\n");
    QTest::newRow("101 whose Upgrade names no protocol") << QByteArray(
        "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: \r\n\r\n");
}

void TestHttpParser::rejectsBadResponses() {
    QFETCH(QByteArray, response);
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Response, &listener);
    QCOMPARE(parser.feed(response).status, HttpParser::Status::Failed);
    QCOMPARE(parser.error().status, 502);
}

void TestHttpParser::closeDelimitedResponseCompletesOnFinish() {
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Response, &listener);
    QCOMPARE(parser.feed("HTTP/1.1 200 OK\r\n\r\nstream").status, HttpParser::Status::NeedMoreData);
    QCOMPARE(listener.framing, BodyFraming::UntilClose);
    QCOMPARE(parser.finish().status, HttpParser::Status::Paused);
    QCOMPARE(listener.body, QByteArray("stream"));
    QCOMPARE(listener.completed, 1);
}

void TestHttpParser::truncatedResponseFailsOnFinish() {
    RecordingListener listener;
    HttpParser parser(HttpParser::Kind::Response, &listener);
    QCOMPARE(parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort").status,
             HttpParser::Status::NeedMoreData);
    QCOMPARE(parser.finish().status, HttpParser::Status::Failed);
    QCOMPARE(listener.completed, 0);
}

QTEST_GUILESS_MAIN(TestHttpParser)
#include "tst_httpparser.moc"
