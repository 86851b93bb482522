// Fuzz target: the client-side request path (docs/RELIABILITY.md, "Fuzzing").
//
// Arbitrary bytes from a client go through the proxy's HttpParser (strict llhttp + the §2a
// checks), the Router, and appendUpstreamRequestHead()/appendChunk() exactly as
// ClientConnection uses them; a second strict parser then reads what would go upstream.
// Property: every request the proxy forwards reaches the backend as the same request: same
// method, the routed target, the client's end-to-end headers in order with the gateway's own
// headers alongside, and the same body framing and body bytes; nothing more, nothing less.
#include "balancing/backend.h"
#include "fuzzcheck.h"
#include "http/headerrules.h"
#include "http/httpparser.h"
#include "http/httpwriter.h"
#include "proxy/messagerewriter.h"
#include "recordedmessage.h"
#include "routing/router.h"
#include "streamparser.h"

#include <QUrl>
#include <algorithm>
#include <cstdint>
#include <memory>

namespace {

constexpr QByteArrayView clientAddress = "192.0.2.7";
constexpr QByteArrayView viaPseudonym = "gateway-console-0123456789abcdef";

// One request as the proxy forwarded it, with what it should look like upstream.
struct ForwardedRequest {
    RecordedMessage received; // as parsed from the client
    QByteArray upstreamTarget;
    const Backend *backend = nullptr;
};

// The gateway's routes for the fuzzer: one with a prefix that is stripped, and the root route
// whose instance has a base path, so that both of joinUpstreamPath()'s cases run.
struct Routes {
    Routes()
        : router({{0, "/service-a"}, {1, "/"}})
        , serviceA(1, QUrl("http://localhost:8081"), 1, "a")
        , root(2, QUrl("http://backend.internal:9000/base"), 1, "root") {}

    Router router;
    Backend serviceA;
    Backend root;
};

// Plays ClientConnection's part: parse, route, re-serialize, re-frame.
class RequestPath final : public HttpParserListener {
public:
    explicit RequestPath(const Routes &routes)
        : m_routes(routes)
        , m_parser(HttpParser::Kind::Request, this) {
        m_parser.setLimits(65536, 0); // the config defaults (README, "Config", `limits`)
    }

    void run(QByteArrayView input) {
        while (true) {
            const HttpParser::Result result = m_parser.feed(input);
            input = input.sliced(result.consumed);
            if (result.status != HttpParser::Status::Paused)
                return; // end of input, 400/413/431 and close, local answer, or a tunnel
            m_parser.resume();
        }
    }

    bool onHeadComplete(const HttpMessageHead &head) override {
        m_forwarding = false;
        const std::optional<RouteMatch> match = m_routes.router.match(head.target());
        // Answered locally (508 for a request that names the gateway in Via, 404); with a body
        // the connection closes after it.
        if (viaNames(head, viaPseudonym) || !match)
            return head.framing() == BodyFraming::None;
        const Backend &backend = match->routeIndex == 0 ? m_routes.serviceA : m_routes.root;
        UpstreamRequestOptions options;
        options.upstreamTarget = match->upstreamTarget;
        options.clientAddress = clientAddress;
        options.viaPseudonym = viaPseudonym;
        options.upgrade = head.isUpgrade();
        appendUpstreamRequestHead(m_upstream, head, backend, options);
        m_forwarded.append({RecordedMessage::fromHead(head),
                            joinUpstreamPath(backend.basePath, match->upstreamTarget), &backend});
        m_forwarding = true;
        return true;
    }

    void onBody(QByteArrayView data) override {
        if (!m_forwarding)
            return;
        m_forwarded.last().received.body.append(data);
        if (m_forwarded.last().received.framing == BodyFraming::Chunked)
            appendChunk(m_upstream, data);
        else
            m_upstream.append(data);
    }

    void onMessageComplete() override {
        if (!m_forwarding)
            return;
        m_forwarded.last().received.complete = true;
        if (m_forwarded.last().received.framing == BodyFraming::Chunked)
            m_upstream.append(lastChunk);
    }

    const QByteArray &upstreamBytes() const { return m_upstream; }
    const QList<ForwardedRequest> &forwarded() const { return m_forwarded; }

private:
    const Routes &m_routes;
    HttpParser m_parser;
    QByteArray m_upstream;
    QList<ForwardedRequest> m_forwarded;
    bool m_forwarding = false;
};

// Headers the gateway itself writes upstream; every other header must come from the client.
bool isGatewayOwned(QByteArrayView name) {
    return isHopByHopOrFramingHeader(name) || equalsIgnoringCase(name, "host") ||
           equalsIgnoringCase(name, "x-forwarded-for") ||
           equalsIgnoringCase(name, "x-forwarded-host") ||
           equalsIgnoringCase(name, "x-forwarded-proto") || equalsIgnoringCase(name, "via");
}

// RFC 9110 §7.6.1: a header named by any Connection field line is hop-by-hop.
bool isListedInConnection(const RecordedMessage &message, QByteArrayView name) {
    const QList<QByteArray> connection = message.values("connection");
    return std::any_of(connection.begin(), connection.end(),
                       [name](const QByteArray &list) { return listContainsToken(list, name); });
}

QList<RecordedHeader> endToEndHeaders(const RecordedMessage &message) {
    QList<RecordedHeader> headers;
    for (const RecordedHeader &header : message.headers) {
        if (!isGatewayOwned(header.name) && !isListedInConnection(message, header.name))
            headers.append(header);
    }
    return headers;
}

// A comma-separated list by its elements: "a,, b" and "a, b" mean the same (RFC 9110 §5.6.1).
QByteArray listElements(const QByteArray &list) {
    QList<QByteArray> elements;
    for (const QByteArray &element : list.split(',')) {
        if (const QByteArray trimmed = element.trimmed(); !trimmed.isEmpty())
            elements.append(trimmed);
    }
    return elements.join(", ");
}

// The gateway-owned headers with lower-case names, X-Forwarded-For by its elements, sorted.
QList<RecordedHeader> gatewayHeaders(const RecordedMessage &message) {
    QList<RecordedHeader> headers;
    for (const RecordedHeader &header : message.headers) {
        if (!isGatewayOwned(header.name))
            continue;
        const QByteArray name = header.name.toLower();
        const bool isList = name == "x-forwarded-for" || name == "via";
        headers.append({name, isList ? listElements(header.value) : header.value});
    }
    std::sort(headers.begin(), headers.end(), [](const auto &left, const auto &right) {
        return std::tie(left.name, left.value) < std::tie(right.name, right.value);
    });
    return headers;
}

// What the gateway adds to a forwarded request (README, "What the proxy does with a request",
// step 4), lower-case names, sorted like gatewayHeaders().
QList<RecordedHeader> expectedGatewayHeaders(const ForwardedRequest &forwarded) {
    const RecordedMessage &request = forwarded.received;
    QList<RecordedHeader> headers;
    headers.append(RecordedHeader{"host", forwarded.backend->authority});
    // Every X-Forwarded-For line of the client, in order, then the client's address.
    QList<QByteArray> forwardedFor = request.values("x-forwarded-for");
    forwardedFor.append(clientAddress.toByteArray());
    headers.append(RecordedHeader{"x-forwarded-for", listElements(forwardedFor.join(','))});
    if (request.authority)
        headers.append(RecordedHeader{"x-forwarded-host", *request.authority});
    headers.append(RecordedHeader{"x-forwarded-proto", "http"});
    // Every Via line of the client, in order, then this gateway (RFC 9110 §7.6.3).
    QList<QByteArray> via = request.values("via");
    via.append((request.versionMinor == 0 ? "1.0 " : "1.1 ") + viaPseudonym.toByteArray());
    headers.append(RecordedHeader{"via", listElements(via.join(','))});
    if (request.upgrade) {
        headers.append(RecordedHeader{"connection", "upgrade"});
        if (const QList<QByteArray> upgrade = request.values("upgrade"); !upgrade.isEmpty())
            headers.append(RecordedHeader{"upgrade", upgrade.first()});
    }
    if (request.framing == BodyFraming::ContentLength)
        headers.append(RecordedHeader{"content-length", QByteArray::number(request.contentLength)});
    else if (request.framing == BodyFraming::Chunked)
        headers.append(RecordedHeader{"transfer-encoding", "chunked"});
    std::sort(headers.begin(), headers.end(), [](const auto &left, const auto &right) {
        return std::tie(left.name, left.value) < std::tie(right.name, right.value);
    });
    return headers;
}

void checkSameRequest(const ForwardedRequest &forwarded, const RecordedMessage &upstream) {
    const RecordedMessage &sent = forwarded.received;
    const auto details = [&]() -> QByteArray {
        return "client sent:\n" + sent.describe() + "backend got:\n" + upstream.describe() +
               "expected target [" + forwarded.upstreamTarget + "]\n";
    };
    if (upstream.method != sent.method)
        propertyViolated("the backend sees the client's method", details());
    if (upstream.target != forwarded.upstreamTarget)
        propertyViolated("the backend sees the routed target", details());
    if (endToEndHeaders(upstream) != endToEndHeaders(sent))
        propertyViolated("end-to-end headers arrive unchanged and in order", details());
    if (gatewayHeaders(upstream) != expectedGatewayHeaders(forwarded))
        propertyViolated("the gateway's own headers are exactly Host, X-Forwarded-*, Via, framing",
                         details() + "expected gateway headers:\n" +
                             describeHeaders(expectedGatewayHeaders(forwarded)));
    if (upstream.framing != sent.framing || upstream.contentLength != sent.contentLength)
        propertyViolated("the body framing is kept", details());
    if (upstream.upgrade != sent.upgrade)
        propertyViolated("an upgrade stays an upgrade", details());
    if (upstream.body != sent.body || upstream.complete != sent.complete)
        propertyViolated("the body bytes arrive unchanged", details());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const Routes routes;
    RequestPath path(routes);
    path.run(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));

    StreamParser backend(HttpParser::Kind::Request, false);
    const HttpParser::Status status = backend.parse(path.upstreamBytes(), StreamParser::End::Open);
    if (status == HttpParser::Status::Failed || status == HttpParser::Status::Stopped)
        propertyViolated("the backend accepts everything the gateway forwards",
                         backend.error().message + "\nupstream bytes:\n" + path.upstreamBytes());
    if (backend.messages().size() != path.forwarded().size())
        propertyViolated("the backend sees as many requests as the gateway forwarded",
                         QByteArray::number(backend.messages().size()) + " vs " +
                             QByteArray::number(path.forwarded().size()) + "\nupstream bytes:\n" +
                             path.upstreamBytes());
    for (qsizetype i = 0; i < backend.messages().size(); ++i)
        checkSameRequest(path.forwarded()[i], backend.messages()[i]);
    return 0;
}
