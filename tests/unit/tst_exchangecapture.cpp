// ExchangeCapture (core/proxy/exchangecapture.h) as the spec of what an exchange's capture keeps
// of the two heads the gateway writes itself: it reads them back from the bytes that go on the
// wire (CapturedHeadBuilder::text()), so each must equal what the peer's parser reads from the
// same bytes, captured as a received head is. Names keep their spelling, repeated fields stay
// apart and in order, values are whole; an answer of the gateway's own keeps its body; the four
// heads share one buffer.
#include "balancing/backend.h"
#include "capturedsamples.h"
#include "http/httpparser.h"
#include "http/httpwriter.h"
#include "model/bytearena.h"
#include "proxy/exchangecapture.h"
#include "proxy/messagerewriter.h"

#include <QTest>
#include <functional>

Q_DECLARE_METATYPE(ResponseBody)

class TestExchangeCapture final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theForwardedRequestIsWhatTheInstanceReads();
    void theRelayedResponseIsWhatTheClientReads();
    void anAnswerOfTheGatewaysOwnKeepsItsBody_data();
    void anAnswerOfTheGatewaysOwnKeepsItsBody();
    void theFourHeadsShareOneBuffer();
    void theConnectionsBuilderServesOneExchangeAfterAnother();
    void smallBodiesAreKeptInTheArena_data();
    void smallBodiesAreKeptInTheArena();

private:
    ByteArena m_arena;
};

using CapturedSamples::Fields;
using CapturedSamples::fieldsOf;

namespace {

// One message through the strict parser; the head goes to onHead while it is valid.
class MessageReader final : private HttpParserListener {
public:
    MessageReader(HttpParser::Kind kind, std::function<void(const HttpMessageHead &)> onHead)
        : m_parser(kind, this)
        , m_onHead(std::move(onHead)) {}

    // Whether bytes held a whole message.
    bool read(QByteArrayView bytes) {
        m_parser.feed(bytes);
        return m_complete;
    }
    const QByteArray &body() const { return m_body; }

private:
    bool onHeadComplete(const HttpMessageHead &head) override {
        m_onHead(head);
        return true;
    }
    void onBody(QByteArrayView data) override { m_body.append(data); }
    void onMessageComplete() override { m_complete = true; }

    HttpParser m_parser;
    std::function<void(const HttpMessageHead &)> m_onHead;
    QByteArray m_body;
    bool m_complete = false;
};

// What the peer reads from bytes the gateway wrote, captured as the capture keeps a head it
// received (its own requestReceived/responseReceived).
CapturedHead readAtThePeer(HttpParser::Kind kind, QByteArrayView wire) {
    CapturedHeadBuilder heads;
    ByteArena arena;
    ExchangeCapture peer(0, heads, arena);
    MessageReader reader(kind, [&peer, kind](const HttpMessageHead &head) {
        if (kind == HttpParser::Kind::Request)
            peer.requestReceived(head);
        else
            peer.responseReceived(head);
    });
    reader.read(wire);
    const CapturedExchange exchange = peer.finish(RequestRecord());
    return kind == HttpParser::Kind::Request ? exchange.requestReceived()
                                             : exchange.responseReceived();
}

// What the proxy does with a client's request head: captures it, writes the head for the
// instance at url into wire and captures that. Whether fromClient held a whole message.
bool forwardRequest(ExchangeCapture &capture, QByteArrayView fromClient, const QUrl &url,
                    const UpstreamRequestOptions &options, QByteArray &wire) {
    const Backend backend(1, url, 1, "a");
    MessageReader client(HttpParser::Kind::Request, [&](const HttpMessageHead &head) {
        capture.requestReceived(head);
        appendUpstreamRequestHead(wire, head, backend, options);
        capture.requestSent(wire);
    });
    return client.read(fromClient);
}

// The same for an instance's response head, written for the client.
bool relayResponse(ExchangeCapture &capture, QByteArrayView fromInstance, QByteArray &wire) {
    MessageReader instance(HttpParser::Kind::Response, [&](const HttpMessageHead &head) {
        capture.responseReceived(head);
        ClientResponseOptions options;
        appendClientResponseHead(wire, head, options);
        capture.responseSent(wire);
    });
    return instance.read(fromInstance);
}

} // namespace

// The rewritten head (Host, X-Forwarded-*, Via, hop-by-hop fields gone, framing re-created).
void TestExchangeCapture::theForwardedRequestIsWhatTheInstanceReads() {
    const QByteArray fromClient = "POST /svc/items?x=1 HTTP/1.1\r\n"
                                  "Host: shop.test\r\n"
                                  "x-lower-case: kept as spelled\r\n"
                                  "X-Twice: a\r\n"
                                  "Connection: X-Hop\r\n"
                                  "X-Hop: gone\r\n"
                                  "X-Twice:   b, c  \r\n"
                                  "Via: 1.0 other\r\n"
                                  "X-Empty:\r\n"
                                  "Content-Length: 3\r\n"
                                  "\r\n"
                                  "abc";
    CapturedHeadBuilder heads;
    ExchangeCapture capture(1024, heads, m_arena);
    QByteArray wire;
    UpstreamRequestOptions options;
    options.upstreamTarget = "/items?x=1";
    options.clientAddress = "127.0.0.1";
    options.viaPseudonym = "gateway-console-0123456789abcdef";
    QVERIFY(forwardRequest(capture, fromClient, QUrl("http://127.0.0.1:8082/base"), options, wire));

    const CapturedHead sent = capture.finish(RequestRecord()).requestSent();
    QCOMPARE(sent, readAtThePeer(HttpParser::Kind::Request, wire));
    QCOMPARE(sent.method(), QByteArrayView("POST"));
    QCOMPARE(sent.target(), QByteArrayView("/base/items?x=1"));
    QCOMPARE(fieldsOf(sent), (Fields{{"Host", "127.0.0.1:8082"},
                                     {"x-lower-case", "kept as spelled"},
                                     {"X-Twice", "a"},
                                     {"X-Twice", "b, c"},
                                     {"X-Empty", ""},
                                     {"X-Forwarded-For", "127.0.0.1"},
                                     {"X-Forwarded-Host", "shop.test"},
                                     {"X-Forwarded-Proto", "http"},
                                     {"Via", "1.0 other, 1.1 gateway-console-0123456789abcdef"},
                                     {"Content-Length", "3"}}));
}

void TestExchangeCapture::theRelayedResponseIsWhatTheClientReads() {
    const QByteArray fromInstance = "HTTP/1.1 201 Made It\r\n"
                                    "Set-Cookie: a=1\r\n"
                                    "set-cookie: b=2\r\n"
                                    "Keep-Alive: timeout=5\r\n"
                                    "Transfer-Encoding: chunked\r\n"
                                    "\r\n"
                                    "0\r\n\r\n";
    CapturedHeadBuilder heads;
    ExchangeCapture capture(1024, heads, m_arena);
    QByteArray wire;
    QVERIFY(relayResponse(capture, fromInstance, wire));

    const CapturedExchange exchange = capture.finish(RequestRecord());
    const CapturedHead &sent = exchange.responseSent();
    QCOMPARE(sent, readAtThePeer(HttpParser::Kind::Response, QByteArray(wire + lastChunk)));
    QCOMPARE(sent.status(), 201);
    QCOMPARE(sent.reason(), QByteArrayView("Made It"));
    QCOMPARE(
        fieldsOf(sent),
        (Fields{{"Set-Cookie", "a=1"}, {"set-cookie", "b=2"}, {"Transfer-Encoding", "chunked"}}));
    QCOMPARE(fieldsOf(exchange.responseReceived()), (Fields{{"Set-Cookie", "a=1"},
                                                            {"set-cookie", "b=2"},
                                                            {"Keep-Alive", "timeout=5"},
                                                            {"Transfer-Encoding", "chunked"}}));
    QVERIFY(exchange.responseBody().bytes.isEmpty()); // the head alone went through responseSent
}

void TestExchangeCapture::anAnswerOfTheGatewaysOwnKeepsItsBody_data() {
    QTest::addColumn<bool>("closeConnection");
    QTest::addColumn<ResponseBody>("withBody");
    QTest::newRow("keep-alive") << false << ResponseBody::Include;
    QTest::newRow("closing") << true << ResponseBody::Include;
    QTest::newRow("to a HEAD request") << false << ResponseBody::OmitForHead;
}

// The head and the body arrive together, as one message.
void TestExchangeCapture::anAnswerOfTheGatewaysOwnKeepsItsBody() {
    QFETCH(bool, closeConnection);
    QFETCH(ResponseBody, withBody);
    const QByteArray body = plainTextBody(404, "no route for /elsewhere");
    const QByteArray wire = plainTextResponse(404, body, closeConnection, withBody);
    CapturedHeadBuilder heads;
    ExchangeCapture capture(1024, heads, m_arena);
    capture.responseSent(wire);
    const CapturedExchange exchange = capture.finish(RequestRecord());

    const CapturedHead &sent = exchange.responseSent();
    QCOMPARE(sent, readAtThePeer(HttpParser::Kind::Response, wire));
    QCOMPARE(sent.status(), 404);
    QCOMPARE(sent.reason(), QByteArrayView("Not Found"));
    QCOMPARE(sent.value("Content-Length"), QByteArray::number(body.size()));
    QCOMPARE(sent.value("Connection").has_value(), closeConnection);
    QCOMPARE(exchange.responseBody().bytes,
             withBody == ResponseBody::Include ? body : QByteArray());
    QVERIFY(!exchange.requestSent().isPresent());
    QVERIFY(!exchange.responseReceived().isPresent());
}

// No allocation for the four heads of an exchange: they share one part of the arena's block,
// which the exchange's footprint counts once, and each still reads as the peer reads it.
void TestExchangeCapture::theFourHeadsShareOneBuffer() {
    CapturedHeadBuilder heads;
    ExchangeCapture capture(1024, heads, m_arena);
    QByteArray upstreamWire;
    QByteArray clientWire;
    UpstreamRequestOptions options;
    options.upstreamTarget = "/a";
    options.clientAddress = "127.0.0.1";
    QVERIFY(forwardRequest(capture, "GET /svc/a HTTP/1.1\r\nHost: shop.test\r\nAccept: */*\r\n\r\n",
                           QUrl("http://127.0.0.1:8082"), options, upstreamWire));
    QVERIFY(relayResponse(capture, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nServer: x\r\n\r\n",
                          clientWire));

    const CapturedExchange exchange = capture.finish(RequestRecord());
    const CapturedHead &received = exchange.requestReceived();
    QCOMPARE(fieldsOf(received), (Fields{{"Host", "shop.test"}, {"Accept", "*/*"}}));
    QCOMPARE(received.target(), QByteArrayView("/svc/a"));
    QCOMPARE(exchange.requestSent(), readAtThePeer(HttpParser::Kind::Request, upstreamWire));
    QCOMPARE(fieldsOf(exchange.responseReceived()),
             (Fields{{"Content-Length", "0"}, {"Server", "x"}}));
    QCOMPARE(exchange.responseSent(), readAtThePeer(HttpParser::Kind::Response, clientWire));
    for (const CapturedHead *head :
         {&exchange.requestSent(), &exchange.responseReceived(), &exchange.responseSent()}) {
        QVERIFY(head->isPresent());
        QVERIFY(head->sharesBufferWith(received));
    }
    QCOMPARE(exchange.footprintBytes(),
             CapturedExchange::Draft(m_arena).seal().footprintBytes() + received.allocatedBytes());
    QCOMPARE(received.allocatedBytes(), ByteArena::partBytes(received.allocatedBytes() - 1));
    QVERIFY(received.allocatedBytes() < 1024);
}

// A connection's exchanges are captured one after the other through its one builder: each
// exchange keeps heads of its own, whatever the builder writes next, and one that ends early
// (its client gone after the request) leaves nothing in the next.
void TestExchangeCapture::theConnectionsBuilderServesOneExchangeAfterAnother() {
    CapturedHeadBuilder heads;
    QByteArray wire;
    UpstreamRequestOptions options;
    options.upstreamTarget = "/first";
    options.clientAddress = "127.0.0.1";
    std::optional<ExchangeCapture> capture(std::in_place, 1024, heads, m_arena);
    QVERIFY(forwardRequest(*capture, "GET /svc/first HTTP/1.1\r\nHost: one.test\r\n\r\n",
                           QUrl("http://127.0.0.1:8082"), options, wire));
    wire.clear();
    QVERIFY(relayResponse(*capture, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", wire));
    wire.clear();
    const CapturedExchange first = capture->finish(RequestRecord());

    capture.emplace(1024, heads, m_arena); // cut short: the client left after its request
    QVERIFY(forwardRequest(*capture, "GET /svc/cut HTTP/1.1\r\nHost: cut.test\r\n\r\n",
                           QUrl("http://127.0.0.1:8082"), options, wire));
    capture.emplace(1024, heads, m_arena);
    const QByteArray answer =
        plainTextResponse(404, plainTextBody(404, "no route for /x"), false, ResponseBody::Include);
    capture->responseSent(answer);
    const CapturedExchange third = capture->finish(RequestRecord());

    QCOMPARE(first.requestReceived().target(), QByteArrayView("/svc/first"));
    QCOMPARE(first.requestReceived().value("Host"), QByteArrayView("one.test"));
    QCOMPARE(first.responseSent().status(), 200);
    QVERIFY(!third.requestReceived().isPresent());
    QVERIFY(!third.requestSent().isPresent());
    QCOMPARE(third.responseSent().status(), 404);
    QCOMPARE(third.responseSent(), readAtThePeer(HttpParser::Kind::Response, answer));
    // Nothing of the exchange cut short is kept with it: it holds what a new builder's would.
    CapturedHeadBuilder fresh;
    ExchangeCapture alone(1024, fresh, m_arena);
    alone.responseSent(answer);
    QCOMPARE(third.responseSent().allocatedBytes(),
             alone.finish(RequestRecord()).responseSent().allocatedBytes());
    QVERIFY(!third.responseSent().sharesBufferWith(first.responseSent()));
}

// Bodies a capture store keeps with their exchange (together under
// CapturedExchange::smallBodiesBytes) go into the arena with the heads; larger ones keep buffers
// of their own, which a store can evict and so free.
void TestExchangeCapture::smallBodiesAreKeptInTheArena_data() {
    QTest::addColumn<int>("requestBytes");
    QTest::addColumn<int>("responseBytes");
    QTest::addColumn<bool>("inTheArena");
    QTest::newRow("both small") << 100 << 200 << true;
    QTest::newRow("a response alone") << 0 << 1023 << true;
    QTest::newRow("together at the limit") << 600 << 424 << false;
    QTest::newRow("one large") << 0 << 4096 << false;
}

void TestExchangeCapture::smallBodiesAreKeptInTheArena() {
    QFETCH(int, requestBytes);
    QFETCH(int, responseBytes);
    QFETCH(bool, inTheArena);
    CapturedHeadBuilder heads;
    ExchangeCapture capture(1 << 20, heads, m_arena);
    capture.requestBody(QByteArray(requestBytes, 'q'));
    capture.responseBody(QByteArray(responseBytes, 'r'));
    const CapturedExchange exchange = capture.finish(RequestRecord());
    QCOMPARE(exchange.requestBody().bytes, QByteArray(requestBytes, 'q'));
    QCOMPARE(exchange.responseBody().bytes, QByteArray(responseBytes, 'r'));
    QCOMPARE(ByteArena::isPart(exchange.responseBody().bytes), inTheArena);
    if (requestBytes > 0)
        QCOMPARE(ByteArena::isPart(exchange.requestBody().bytes), inTheArena);
}

QTEST_GUILESS_MAIN(TestExchangeCapture)
#include "tst_exchangecapture.moc"
