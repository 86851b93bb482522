// Fuzz target: the upstream response path (docs/RELIABILITY.md, "Fuzzing").
//
// Arbitrary bytes from a backend go through the proxy's response HttpParser (answering a GET
// or a HEAD) and appendClientResponseHead()/appendChunk() exactly as ClientConnection relays
// them, to an HTTP/1.1 or an HTTP/1.0 client; a second strict parser then reads what the client
// would receive. Property: the client sees the same interim and final responses: status,
// reason, end-to-end headers in order, and the same body bytes with framing it can read.
#include "fuzzcheck.h"
#include "http/headerrules.h"
#include "http/httpparser.h"
#include "http/httpwriter.h"
#include "proxy/messagerewriter.h"
#include "recordedmessage.h"
#include "streamparser.h"

#include <algorithm>
#include <cstdint>

namespace {

struct Exchange {
    bool answeringHead = false;
    bool clientIsHttp10 = false;
};

// Plays UpstreamConnection's and ClientConnection's parts for one exchange.
class ResponsePath final : public HttpParserListener {
public:
    explicit ResponsePath(Exchange exchange)
        : m_exchange(exchange)
        , m_parser(HttpParser::Kind::Response, this) {
        m_parser.setAnsweringHead(exchange.answeringHead);
    }

    void run(QByteArrayView input) {
        while (true) {
            const HttpParser::Result result = m_parser.feed(input);
            input = input.sliced(result.consumed);
            if (result.status == HttpParser::Status::Paused && !m_finalComplete) {
                m_parser.resume(); // an interim response ended; the final one follows
                continue;
            }
            if (result.status == HttpParser::Status::NeedMoreData) {
                // The backend closes: completes a close-delimited body, anything else was cut
                // short (the proxy then aborts the client connection).
                m_parser.finish();
            }
            // Bytes after the final response, with no request outstanding, are discarded.
            return;
        }
    }

    bool onHeadComplete(const HttpMessageHead &head) override {
        const int status = head.statusCode();
        if (status >= 100 && status < 200 && status != 101) {
            m_inFinal = false;
            if (!m_exchange.clientIsHttp10) {
                ClientResponseOptions options;
                appendClientResponseHead(m_client, head, options);
                m_relayed.append(RecordedMessage::fromHead(head));
                m_relayed.last().complete = true;
            }
            return true;
        }
        ClientResponseOptions options;
        options.clientIsHttp10 = m_exchange.clientIsHttp10;
        options.answeringHead = m_exchange.answeringHead;
        m_clientFraming = appendClientResponseHead(m_client, head, options);
        m_closeConnection = options.closeConnection;
        m_relayed.append(RecordedMessage::fromHead(head));
        m_inFinal = true;
        return status != 101; // 101: the rest is a tunnel
    }

    void onBody(QByteArrayView data) override {
        if (!m_inFinal)
            return;
        m_relayed.last().body.append(data);
        if (m_clientFraming == ClientBodyFraming::Chunked)
            appendChunk(m_client, data);
        else
            m_client.append(data);
    }

    void onMessageComplete() override {
        if (!m_inFinal)
            return;
        m_finalComplete = true;
        m_relayed.last().complete = true;
        if (m_clientFraming == ClientBodyFraming::Chunked)
            m_client.append(lastChunk);
    }

    const QByteArray &clientBytes() const { return m_client; }
    const QList<RecordedMessage> &relayed() const { return m_relayed; }
    bool hasFinal() const { return m_inFinal; }
    ClientBodyFraming clientFraming() const { return m_clientFraming; }
    bool closesConnection() const { return m_closeConnection; }

private:
    Exchange m_exchange;
    HttpParser m_parser;
    QByteArray m_client;
    QList<RecordedMessage> m_relayed; // as parsed from the backend, in the order relayed
    ClientBodyFraming m_clientFraming = ClientBodyFraming::None;
    bool m_closeConnection = false;
    bool m_inFinal = false;
    bool m_finalComplete = false;
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

    // The client closes when the gateway does: after a close-delimited body, or on an abort.
    const bool finalComplete = !path.relayed().isEmpty() && path.relayed().last().complete;
    const StreamParser::End end = path.closesConnection() && finalComplete
                                      ? StreamParser::End::Closed
                                      : StreamParser::End::Open;
    StreamParser client(HttpParser::Kind::Response, exchange.answeringHead);
    const HttpParser::Status status = client.parse(path.clientBytes(), end);
    if (status == HttpParser::Status::Failed || status == HttpParser::Status::Stopped)
        propertyViolated("the client accepts everything the gateway relays",
                         client.error().message + "\nclient bytes:\n" + path.clientBytes());
    if (client.messages().size() != path.relayed().size())
        propertyViolated("the client sees as many responses as the gateway relayed",
                         QByteArray::number(client.messages().size()) + " vs " +
                             QByteArray::number(path.relayed().size()) + "\nclient bytes:\n" +
                             path.clientBytes());
    for (qsizetype i = 0; i < client.messages().size(); ++i) {
        const bool isFinal = path.hasFinal() && i == client.messages().size() - 1;
        checkSameResponse(path.relayed()[i], client.messages()[i], exchange, isFinal, path);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    checkExchange(input, {false, false});
    checkExchange(input, {true, false});
    checkExchange(input, {false, true});
    return 0;
}
