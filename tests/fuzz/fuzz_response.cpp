// Fuzz target: the upstream response path (docs/RELIABILITY.md, "Fuzzing").
//
// Arbitrary bytes from a backend answer a request that the real ProxyExchange forwarded (a GET
// or a HEAD, from an HTTP/1.1 or an HTTP/1.0 client) on a scripted in-memory connection, which
// parses them with the proxy's response HttpParser as UpstreamConnection does and hands what it
// finds to the exchange; the exchange relays it to the client as it relays every response
// (appendClientResponseHead(), re-framing, a 502 of its own for a response that fails before its
// head, a reset for one cut after it). A second strict parser then reads what the client would
// receive. Property: the client sees the same interim and final responses: status, reason,
// end-to-end headers in order, and the same body bytes with framing it can read, complete
// exactly when the backend's was; a response that fails before its final head reaches the
// client as the interim ones and the gateway's 502.
#include "balancing/backend.h"
#include "fuzzcheck.h"
#include "http/headerrules.h"
#include "http/httpparser.h"
#include "http/httpwriter.h"
#include "proxy/clientsink.h"
#include "proxy/exchangeenvironment.h"
#include "proxy/exchangeobserver.h"
#include "proxy/messagerewriter.h"
#include "proxy/proxyexchange.h"
#include "proxy/routetable.h"
#include "proxy/upstreamconnection.h"
#include "proxy/upstreamhandler.h"
#include "proxy/upstreamlink.h"
#include "recordedmessage.h"
#include "streamparser.h"

#include <QUrl>
#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

namespace {

struct Exchange {
    bool answeringHead = false;
    bool clientIsHttp10 = false;
};

// One route, "/", with one instance: a response that fails leaves no other instance to retry.
QList<RouteConfig> fuzzRoutes() {
    RouteConfig root;
    root.id = "root";
    root.path = "/";
    root.targets.append(TargetConfig{QUrl("http://localhost:8081"), 1, "a"});
    return {root};
}

// A connection to the instance, in memory: play() hands the backend's bytes to the attached
// exchange through a strict response parser, as UpstreamConnection::processInput() and
// handleEndOfStream() do without a socket: interim responses are resumed (at most
// UpstreamConnection::maxInterimResponses), the end of the input is the backend closing, and
// bytes after the final response are never handed over. Records what the backend sent.
class ScriptedUpstream final : public UpstreamLink, private HttpParserListener {
public:
    ScriptedUpstream()
        : m_parser(HttpParser::Kind::Response, this) {}

    void attach(UpstreamHandler *handler, bool answeringHead, qint64 maxHeadBytes) override {
        m_handler = handler;
        m_parser.setAnsweringHead(answeringHead);
        m_parser.setLimits(maxHeadBytes, 0);
    }
    void write(QByteArrayView) override {} // the request: fuzz_request's subject
    void flush() override {}
    qint64 bytesToWrite() const override { return 0; }
    void setReadingPaused(bool) override {} // the client takes everything at once
    void close() override { m_handler = nullptr; }
    bool isConnected() const override { return true; }
    bool hasReceivedResponseBytes() const override { return m_bytesReceived; }
    bool wasReusedForThisExchange() const override { return false; }
    // The exchange is done with this connection, cleanly or not.
    void detach() { m_handler = nullptr; }

    void play(QByteArrayView input) {
        m_bytesReceived = !input.isEmpty();
        while (m_handler) {
            const HttpParser::Result result = m_parser.feed(input);
            input = input.sliced(result.consumed);
            switch (result.status) {
            case HttpParser::Status::Paused:
                if (!m_finalComplete &&
                    m_interimResponses > UpstreamConnection::maxInterimResponses)
                    return fail(UpstreamFailure::BadResponse, "too many interim responses");
                if (!m_finalComplete) {
                    m_parser.resume(); // an interim response ended; the final one follows
                    continue;
                }
                if (m_handler)
                    m_handler->upstreamComplete();
                return;
            case HttpParser::Status::NeedMoreData:
                return endOfStream();
            case HttpParser::Status::Failed:
                return fail(UpstreamFailure::BadResponse, m_parser.error().message);
            case HttpParser::Status::Stopped:
            case HttpParser::Status::Upgraded:
                // Only a 101 gets here, and the exchange failed it: no Upgrade was asked for.
                return;
            }
        }
    }

    const QList<RecordedMessage> &sent() const { return m_sent; }
    // Whether the final response's head was handed to the exchange.
    bool hasFinalHead() const { return m_finalHead; }
    int relayableInterimResponses() const {
        return std::min(m_interimResponses, UpstreamConnection::maxInterimResponses);
    }

private:
    bool onHeadComplete(const HttpMessageHead &head) override {
        const int status = head.statusCode();
        const bool interim = status >= 100 && status < 200 && status != 101;
        if (interim && ++m_interimResponses > UpstreamConnection::maxInterimResponses)
            return true; // not relayed: the exchange fails once this response ends
        m_sent.append(RecordedMessage::fromHead(head));
        if (interim)
            m_sent.last().complete = true;
        m_finalHead = !interim;
        if (m_handler)
            m_handler->upstreamHead(head);
        return true;
    }
    void onBody(QByteArrayView data) override {
        if (!m_finalHead || !m_handler)
            return;
        m_sent.last().body.append(data);
        m_handler->upstreamBody(data);
    }
    void onMessageComplete() override {
        if (!m_finalHead)
            return;
        m_finalComplete = true;
        m_sent.last().complete = true;
    }

    // The backend closed: completes a close-delimited body, anything else was cut short.
    void endOfStream() {
        if (m_parser.finish().status == HttpParser::Status::Paused && m_finalComplete) {
            if (m_handler)
                m_handler->upstreamComplete();
            return;
        }
        fail(UpstreamFailure::Closed, "connection closed by backend");
    }
    void fail(UpstreamFailure failure, const QByteArray &detail) {
        if (UpstreamHandler *handler = std::exchange(m_handler, nullptr))
            handler->upstreamFailed(failure, detail);
    }

    HttpParser m_parser;
    UpstreamHandler *m_handler = nullptr;
    QList<RecordedMessage> m_sent; // interim ones not over the limit, then the final one
    int m_interimResponses = 0;
    bool m_bytesReceived = false;
    bool m_finalHead = false;
    bool m_finalComplete = false;
};

// Plays the session's part around the real ProxyExchange for one request: its head and end go
// to the exchange, the exchange forwards it on a ScriptedUpstream, which then answers with the
// fuzzer's bytes; what the exchange writes to the client is collected.
class ResponsePath final : private HttpParserListener,
                           private ClientSink,
                           private ExchangeEnvironment,
                           private ExchangeObserver {
public:
    explicit ResponsePath(Exchange exchange)
        : m_routes(RouteTable::build(fuzzRoutes(), nullptr))
        , m_exchange(*this, *this, m_clientAddress) {
        HttpParser request(HttpParser::Kind::Request, this);
        const QByteArray head =
            (exchange.answeringHead ? "HEAD" : "GET") +
            QByteArray(exchange.clientIsHttp10 ? " / HTTP/1.0" : " / HTTP/1.1") +
            "\r\nHost: gateway.test\r\n\r\n";
        if (request.feed(head).status != HttpParser::Status::Paused || !m_upstream)
            propertyViolated("the request is forwarded", head);
    }

    void run(QByteArrayView input) {
        m_upstream->play(input);
        if (!m_ended)
            propertyViolated("the exchange ends with the backend's answer or close",
                             QByteArray("still in phase ") +
                                 QByteArray::number(int(m_exchange.phase())));
    }

    const ScriptedUpstream &upstream() const { return *m_upstream; }
    const QByteArray &clientBytes() const { return m_client; }
    // How the client's connection ends: closed after a complete exchange, or still open; a
    // reset (a cut response) never reads as an end.
    StreamParser::End clientEnd() const {
        return m_end.closeAfter && !m_end.cut ? StreamParser::End::Closed : StreamParser::End::Open;
    }

private:
    // HttpParserListener: the client's request.
    bool onHeadComplete(const HttpMessageHead &head) override { return m_exchange.begin(head); }
    void onBody(QByteArrayView) override {}
    void onMessageComplete() override { m_exchange.requestComplete(); }

    // ClientSink.
    void writeToClient(QByteArrayView bytes) override { m_client.append(bytes); }
    void flushToClient() override {}
    qint64 clientBytesToWrite() const override { return 0; }
    void setDeadline(Deadline kind, qint64) override { m_deadline = kind; }
    Deadline deadline() const override { return m_deadline; }
    bool isClosingWhenIdle() const override { return false; }
    void exchangeEnded(const ExchangeEnd &end) override {
        m_ended = true;
        m_end = end;
    }
    void tunnelStarted() override {}
    void upstreamDrained() override {}
    // ExchangeEnvironment.
    const LimitsConfig &limits() const override { return m_limits; }
    quint64 nextRequestId() override { return ++m_lastId; }
    std::shared_ptr<RouteTable> currentRoutes() const override { return m_routes; }
    const QByteArray &viaPseudonym() const override { return m_viaPseudonym; }
    ExchangeObserver &observer() override { return *this; }
    UpstreamLink *acquireUpstream(const BackendPtr &) override {
        if (m_upstream)
            propertyViolated("one instance, one attempt", "a second connection was asked for");
        m_upstream = std::make_unique<ScriptedUpstream>();
        return m_upstream.get();
    }
    void releaseUpstream(UpstreamLink *) override { m_upstream->detach(); }
    // ExchangeObserver.
    void exchangeFinished(RequestRecord &&) override {}
    void attemptFinished(Route &, Backend &, bool) override {}

    LimitsConfig m_limits;
    std::shared_ptr<RouteTable> m_routes;
    QByteArray m_clientAddress = "192.0.2.7";
    QByteArray m_viaPseudonym = "gateway-console-0123456789abcdef";
    // Before the exchange, which releases its link when it is destroyed.
    std::unique_ptr<ScriptedUpstream> m_upstream;
    ProxyExchange m_exchange;
    QByteArray m_client;
    ExchangeEnd m_end;
    Deadline m_deadline = Deadline::None;
    quint64 m_lastId = 0;
    bool m_ended = false;
};

bool statusHasNoBody(int status) {
    return (status >= 100 && status < 200) || status == 204 || status == 304;
}

// HEAD and 304 answers keep the Content-Length of the representation they describe.
bool keepsContentLength(const RecordedMessage &response, const Exchange &exchange) {
    return exchange.answeringHead || response.status == 304;
}

bool isGatewayOwned(const RecordedMessage &response, const Exchange &exchange,
                    QByteArrayView name) {
    if (keepsContentLength(response, exchange) && equalsIgnoringCase(name, "content-length"))
        return false;
    return isHopByHopOrFramingHeader(name);
}

// RFC 9110 §7.6.1: a header named by any Connection field line is hop-by-hop.
bool isListedInConnection(const RecordedMessage &message, QByteArrayView name) {
    const QList<QByteArray> connection = message.values("connection");
    return std::any_of(connection.begin(), connection.end(),
                       [name](const QByteArray &list) { return listContainsToken(list, name); });
}

// Which copy of a response: the backend's names its hop-by-hop headers in its Connection field;
// in the client's copy, Connection is the gateway's own.
enum class Side { Backend, Client };

// sentBy: the backend's response, which decides what is end-to-end in both copies.
QList<RecordedHeader> endToEndHeaders(const RecordedMessage &message, Side side,
                                      const Exchange &exchange, const RecordedMessage &sentBy) {
    QList<RecordedHeader> headers;
    for (const RecordedHeader &header : message.headers) {
        if (isGatewayOwned(sentBy, exchange, header.name))
            continue;
        const bool keptLength = keepsContentLength(sentBy, exchange) &&
                                equalsIgnoringCase(header.name, "content-length");
        if (side == Side::Backend && !keptLength && isListedInConnection(sentBy, header.name))
            continue;
        headers.append(header);
    }
    return headers;
}

void checkSameResponse(const RecordedMessage &sent, const RecordedMessage &received,
                       const Exchange &exchange, bool isFinal, const ResponsePath &path) {
    const Exchange interim; // interim responses are relayed without the exchange's options
    const Exchange &options = isFinal ? exchange : interim;
    const auto details = [&]() -> QByteArray {
        return QByteArray("answering ") + (exchange.answeringHead ? "HEAD" : "GET") + " for an " +
               (exchange.clientIsHttp10 ? "HTTP/1.0" : "HTTP/1.1") + " client\nbackend sent:\n" +
               sent.describe() + "client got:\n" + received.describe() + "client bytes:\n" +
               path.clientBytes();
    };
    if (received.status != sent.status)
        propertyViolated("the client sees the backend's status", details());
    const QByteArray reason =
        sent.reason.isEmpty() ? reasonPhrase(sent.status).toByteArray() : sent.reason;
    if (received.reason != reason)
        propertyViolated("the client sees the backend's reason phrase", details());
    if (endToEndHeaders(received, Side::Client, options, sent) !=
        endToEndHeaders(sent, Side::Backend, options, sent))
        propertyViolated("end-to-end headers arrive unchanged and in order", details());
    if (received.body != sent.body)
        propertyViolated("the body bytes arrive unchanged", details());
    if (!isFinal || sent.status == 101)
        return;

    BodyFraming framing = BodyFraming::None;
    if (!statusHasNoBody(sent.status) && !exchange.answeringHead) {
        switch (sent.framing) {
        case BodyFraming::None:
        case BodyFraming::ContentLength:
            framing = sent.contentLength > 0 ? BodyFraming::ContentLength : BodyFraming::None;
            break;
        case BodyFraming::Chunked:
        case BodyFraming::UntilClose:
            framing = exchange.clientIsHttp10 ? BodyFraming::UntilClose : BodyFraming::Chunked;
            break;
        }
    }
    if (received.framing != framing ||
        (framing == BodyFraming::ContentLength && received.contentLength != sent.contentLength))
        propertyViolated("the client can frame the body", details());
    if (received.complete != sent.complete)
        propertyViolated("the response completes for the client exactly when it completed",
                         details());
}

void checkExchange(QByteArrayView input, Exchange exchange) {
    ResponsePath path(exchange);
    path.run(input);

    // What the client must see: the interim responses (none for an HTTP/1.0 client), then the
    // final one; or, when the response failed before its final head, the gateway's 502 in its
    // place (a 101 fails too: no Upgrade was asked for).
    QList<RecordedMessage> relayed;
    for (const RecordedMessage &sent : path.upstream().sent()) {
        const bool interim = sent.status < 200 && sent.status != 101;
        if (!(interim && exchange.clientIsHttp10))
            relayed.append(sent);
    }
    const bool finalRelayed =
        path.upstream().hasFinalHead() && path.upstream().sent().last().status != 101;
    if (path.upstream().hasFinalHead() && !finalRelayed)
        relayed.removeLast();

    StreamParser client(HttpParser::Kind::Response, exchange.answeringHead);
    const HttpParser::Status status = client.parse(path.clientBytes(), path.clientEnd());
    if (status == HttpParser::Status::Failed || status == HttpParser::Status::Stopped)
        propertyViolated("the client accepts everything the gateway relays",
                         client.error().message + "\nclient bytes:\n" + path.clientBytes());
    const qsizetype expected = relayed.size() + (finalRelayed ? 0 : 1);
    if (client.messages().size() != expected)
        propertyViolated("the client sees as many responses as the gateway relayed",
                         QByteArray::number(client.messages().size()) + " vs " +
                             QByteArray::number(expected) + "\nclient bytes:\n" +
                             path.clientBytes());
    for (qsizetype i = 0; i < relayed.size(); ++i) {
        const bool isFinal = finalRelayed && i == relayed.size() - 1;
        checkSameResponse(relayed[i], client.messages()[i], exchange, isFinal, path);
    }
    if (!finalRelayed) {
        const RecordedMessage &answer = client.messages().last();
        if (answer.status != 502 || !answer.complete)
            propertyViolated("a response that fails before its head is the gateway's whole 502",
                             "client bytes:\n" + path.clientBytes());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    treatCriticalMessagesAsViolations();
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    checkExchange(input, {false, false});
    checkExchange(input, {true, false});
    checkExchange(input, {false, true});
    return 0;
}
