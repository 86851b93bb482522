// Fuzz target: the client-side request path (docs/RELIABILITY.md, "Fuzzing").
//
// Arbitrary bytes from a client go through the proxy's HttpParser (strict llhttp + the §2a
// checks) into the real ProxyExchange, the state machine ClientConnection hands each request
// to: it checks for loops, routes through a RouteTable, picks an instance and writes the request
// upstream (appendUpstreamRequestHead()/appendChunk()) to a scripted in-memory connection that
// answers each complete request with 204; a second strict parser then reads what went upstream.
// Property: every request the proxy forwards reaches the backend as the same request: same
// method, the routed target, the client's end-to-end headers in order with the gateway's own
// headers alongside, and the same body framing and body bytes; nothing more, nothing less.
#include "balancing/backend.h"
#include "fuzzcheck.h"
#include "http/headerrules.h"
#include "http/httpparser.h"
#include "http/httpwriter.h"
#include "inmemoryupstreamlink.h"
#include "proxy/clientsink.h"
#include "proxy/exchangeenvironment.h"
#include "proxy/exchangeobserver.h"
#include "proxy/messagerewriter.h"
#include "proxy/proxyexchange.h"
#include "proxy/routetable.h"
#include "proxy/upstreamlink.h"
#include "recordedmessage.h"
#include "streamparser.h"

#include <QUrl>
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

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
QList<RouteConfig> fuzzRoutes() {
    RouteConfig serviceA;
    serviceA.id = "service-a";
    serviceA.path = "/service-a";
    serviceA.targets.append(TargetConfig{QUrl("http://localhost:8081"), 1, "a"});
    RouteConfig root;
    root.id = "root";
    root.path = "/";
    root.targets.append(TargetConfig{QUrl("http://backend.internal:9000/base"), 1, "root"});
    return {serviceA, root};
}

// Plays the session's part around the real ProxyExchange: the parser's findings go to it, a
// pipelined request is read once the one before has ended, and reading stops where
// ClientConnection would close (Connection: close, a local answer with its body unread, an
// error, a tunnel).
class RequestPath final : public HttpParserListener,
                          private ClientSink,
                          private ExchangeEnvironment,
                          private ExchangeObserver {
public:
    RequestPath()
        : m_routes(RouteTable::build(fuzzRoutes(), nullptr))
        , m_parser(HttpParser::Kind::Request, this)
        , m_exchange(*this, *this, m_clientAddress) {
        m_parser.setLimits(m_limits.maxHeaderBytes, m_limits.maxBodyBytes); // the defaults
    }

    void run(QByteArrayView input) {
        while (true) {
            const HttpParser::Result result = m_parser.feed(input);
            input = input.sliced(result.consumed);
            if (result.status == HttpParser::Status::Failed) {
                m_exchange.reject(m_parser.error(), Outcome::BadRequest);
                return;
            }
            if (result.status != HttpParser::Status::Paused)
                return; // end of input, a local answer with its body unread, or a tunnel
            m_ended = false;
            if (m_exchange.phase() == ProxyExchange::Phase::Forwarding && m_upstream)
                m_upstream->respond("HTTP/1.1 204 No Content\r\n\r\n");
            m_exchange.finishIfAnsweredLocally();
            if (!m_ended || m_closeAfter)
                return;
            m_parser.resume();
        }
    }

    bool onHeadComplete(const HttpMessageHead &head) override {
        // The target the backend must see, worked out apart from the exchange.
        const std::optional<RouteTable::Match> match = m_routes->match(head.target());
        const Backend *backend = match ? match->route->balancer->backends().first().get() : nullptr;
        const bool proceed = m_exchange.begin(head);
        if (m_exchange.phase() == ProxyExchange::Phase::Forwarding) {
            if (!backend)
                propertyViolated("only a routed request is forwarded", head.target().toByteArray());
            m_forwarded.append({RecordedMessage::fromHead(head),
                                joinUpstreamPath(backend->basePath, match->upstreamTarget),
                                backend});
            m_forwarding = true;
        } else {
            m_forwarding = false;
        }
        return proceed;
    }

    void onBody(QByteArrayView data) override {
        if (m_forwarding)
            m_forwarded.last().received.body.append(data);
        m_exchange.requestBody(data);
    }

    void onMessageComplete() override {
        if (m_forwarding)
            m_forwarded.last().received.complete = true;
        m_exchange.requestComplete();
    }

    // Everything that went upstream, in order: one link per attempt, attempts one after another.
    QByteArray upstreamBytes() const {
        QByteArray stream;
        for (const std::unique_ptr<InMemoryUpstreamLink> &link : m_links)
            stream.append(link->received);
        return stream;
    }
    const QList<ForwardedRequest> &forwarded() const { return m_forwarded; }

private:
    // ClientSink: what goes back to the client is not this target's subject.
    void writeToClient(QByteArrayView) override {}
    void flushToClient() override {}
    qint64 clientBytesToWrite() const override { return 0; }
    void setDeadline(Deadline kind, qint64) override { m_deadline = kind; }
    Deadline deadline() const override { return m_deadline; }
    bool isClosingWhenIdle() const override { return false; }
    void exchangeEnded(const ExchangeEnd &end) override {
        m_ended = true;
        m_closeAfter = end.closeAfter || end.cut;
        m_upstream = nullptr;
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
        m_links.push_back(std::make_unique<InMemoryUpstreamLink>(true)); // pooled keep-alive
        m_upstream = m_links.back().get();
        return m_upstream;
    }
    void releaseUpstream(UpstreamLink *) override {}
    // ExchangeObserver.
    void exchangeFinished(RequestRecord &&) override {}
    void attemptFinished(Route &, Backend &, bool) override {}

    LimitsConfig m_limits;
    std::shared_ptr<RouteTable> m_routes;
    QByteArray m_clientAddress = clientAddress.toByteArray();
    QByteArray m_viaPseudonym = ::viaPseudonym.toByteArray();
    // Before the exchange, which releases its link when it is destroyed mid-request.
    std::vector<std::unique_ptr<InMemoryUpstreamLink>> m_links;
    InMemoryUpstreamLink *m_upstream = nullptr;
    HttpParser m_parser;
    ProxyExchange m_exchange;
    QList<ForwardedRequest> m_forwarded;
    Deadline m_deadline = Deadline::None;
    quint64 m_lastId = 0;
    bool m_forwarding = false;
    bool m_ended = false;
    bool m_closeAfter = false;
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
    treatCriticalMessagesAsViolations();
    RequestPath path;
    path.run(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));

    const QByteArray upstreamBytes = path.upstreamBytes();
    StreamParser backend(HttpParser::Kind::Request, false);
    const HttpParser::Status status = backend.parse(upstreamBytes, StreamParser::End::Open);
    if (status == HttpParser::Status::Failed || status == HttpParser::Status::Stopped)
        propertyViolated("the backend accepts everything the gateway forwards",
                         backend.error().message + "\nupstream bytes:\n" + upstreamBytes);
    if (backend.messages().size() != path.forwarded().size())
        propertyViolated("the backend sees as many requests as the gateway forwarded",
                         QByteArray::number(backend.messages().size()) + " vs " +
                             QByteArray::number(path.forwarded().size()) + "\nupstream bytes:\n" +
                             upstreamBytes);
    for (qsizetype i = 0; i < backend.messages().size(); ++i)
        checkSameRequest(path.forwarded()[i], backend.messages()[i]);
    return 0;
}
