// Fuzz target: the upstream response path (docs/RELIABILITY.md, "Fuzzing").
//
// Arbitrary bytes from a backend answer a request (a GET or a HEAD, from an HTTP/1.1 or an
// HTTP/1.0 client) that the real ClientConnection read from an InMemoryClientTransport and its
// real ProxyExchange forwarded on a real UpstreamConnection over an InMemoryUpstreamTransport
// (docs/ARCHITECTURE.md, "The transport seam"); the backend closes after its bytes. The
// connection parses them with the proxy's response HttpParser (interim responses, the end of a
// close-delimited body, bytes after the response) and the exchange relays what it finds to the
// client as it relays every response (appendClientResponseHead(), re-framing, a 502 of its own
// for a response that fails before its head, a reset for one cut after it). A second strict
// parser then reads what the client received, a third what the backend sent.
// Property: the client sees the same interim and final responses: status, reason, end-to-end
// headers in order, and the same body bytes with framing it can read, complete exactly when the
// backend's was; a response that fails before its final head reaches the client as the interim
// ones and the gateway's 502.
#include "fuzzcheck.h"
#include "http/headerrules.h"
#include "http/httpparser.h"
#include "http/httpwriter.h"
#include "inmemoryclienttransport.h"
#include "inmemoryexchangeenvironment.h"
#include "proxy/clientconnection.h"
#include "proxy/upstreamconnection.h"
#include "recordedmessage.h"
#include "streamparser.h"

#include <QCoreApplication>
#include <QUrl>
#include <algorithm>
#include <cstdint>
#include <memory>

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

// What the backend sent, as a strict parser with the gateway's limits reads it: the interim
// responses the gateway may relay (at most UpstreamConnection::maxInterimResponses), then the
// final one if its head came, and nothing after it.
struct BackendAnswer {
    QList<RecordedMessage> sent;
    bool finalHead = false;
};

BackendAnswer parseBackendAnswer(QByteArrayView input, const Exchange &exchange) {
    StreamParser backend(HttpParser::Kind::Response, exchange.answeringHead,
                         LimitsConfig{}.maxHeaderBytes);
    backend.parse(input, StreamParser::End::Closed);
    BackendAnswer answer;
    int interimResponses = 0;
    for (const RecordedMessage &message : backend.messages()) {
        const bool interim = message.status >= 100 && message.status < 200 && message.status != 101;
        if (interim && ++interimResponses > UpstreamConnection::maxInterimResponses)
            break; // not relayed: the exchange fails once this response ends
        answer.sent.append(message);
        if (!interim) {
            answer.finalHead = true;
            break;
        }
    }
    return answer;
}

// One client connection to the gateway and its one connection to the instance, in memory: the
// client's request goes to the instance, which then answers with the fuzzer's bytes and closes.
class ResponsePath final {
public:
    explicit ResponsePath(Exchange exchange)
        : m_environment(fuzzRoutes(), InMemoryExchangeEnvironment::Upstreams::Real) {
        // Capture on, with a limit small enough that bodies are cut: the hook sees every input.
        m_environment.captureLimit = 16;
        auto transport = std::make_unique<InMemoryClientTransport>();
        m_client = transport.get();
        m_session = std::make_unique<ClientConnection>(std::move(transport), m_environment);
        const QByteArray head =
            (exchange.answeringHead ? "HEAD" : "GET") +
            QByteArray(exchange.clientIsHttp10 ? " / HTTP/1.0" : " / HTTP/1.1") +
            "\r\nHost: gateway.test\r\n\r\n";
        m_client->peerSends(head);
        if (m_environment.connections.size() != 1)
            propertyViolated("the request is forwarded", head);
        backend().peerAccepts();
        QCoreApplication::sendPostedEvents();
    }

    void run(QByteArrayView input) {
        backend().peerSends(input);
        QCoreApplication::sendPostedEvents(); // the close comes in a read of its own
        backend().peerCloses();
        QCoreApplication::sendPostedEvents();
        if (m_environment.records.size() != 1)
            propertyViolated("the exchange ends with the backend's answer or close",
                             QByteArray::number(qsizetype(m_environment.records.size())) +
                                 " records");
        if (m_environment.connections.size() != 1)
            propertyViolated("one instance, one attempt", "a second connection was asked for");
    }

    // What the gateway relayed to the client. A reset drops what is still queued for the client,
    // as a socket's abort() does: the client then sees a prefix of it, which carries no more than
    // the whole.
    const QByteArray &clientBytes() const { return m_client->sessionWrote(); }
    // How the client's connection ends: closed after a complete exchange, or still open; a
    // reset (a cut response) never reads as an end.
    StreamParser::End clientEnd() const {
        return m_client->end() == InMemoryClientTransport::End::Closed ? StreamParser::End::Closed
                                                                       : StreamParser::End::Open;
    }

private:
    InMemoryUpstreamTransport &backend() { return *m_environment.connections.front().transport; }

    // Before the session, which releases its connection into it when it goes.
    InMemoryExchangeEnvironment m_environment;
    InMemoryClientTransport *m_client = nullptr; // the session's
    std::unique_ptr<ClientConnection> m_session;
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
    return isHopByHopOrFraming(classifyHeader(name));
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
    const BackendAnswer answer = parseBackendAnswer(input, exchange);

    // What the client must see: the interim responses (none for an HTTP/1.0 client), then the
    // final one; or, when the response failed before its final head, the gateway's 502 in its
    // place (a 101 fails too: no Upgrade was asked for).
    QList<RecordedMessage> relayed;
    for (const RecordedMessage &sent : answer.sent) {
        const bool interim = sent.status < 200 && sent.status != 101;
        if (!(interim && exchange.clientIsHttp10))
            relayed.append(sent);
    }
    const bool finalRelayed = answer.finalHead && answer.sent.last().status != 101;
    if (answer.finalHead && !finalRelayed)
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

// The session's queued steps need an application object to be posted to.
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
    static QCoreApplication application(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    treatCriticalMessagesAsViolations();
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    checkExchange(input, {false, false});
    checkExchange(input, {true, false});
    checkExchange(input, {false, true});
    return 0;
}
