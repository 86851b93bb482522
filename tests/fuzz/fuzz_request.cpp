// Fuzz target: the client-side request path (docs/RELIABILITY.md, "Fuzzing").
//
// Arbitrary bytes from a client go to the real ClientConnection over an InMemoryClientTransport
// (docs/ARCHITECTURE.md, "The transport seam"): its HttpParser (strict llhttp + the §2a checks),
// keep-alive and pipelining, and the real ProxyExchange it hands each request to, which checks
// for loops, routes through a RouteTable, picks an instance and writes the request upstream
// (appendUpstreamRequestHead()/appendChunk()) to a scripted in-memory connection; each one
// answers with 204 once its request arrived whole, and the session goes on with the next. A
// second strict parser then reads what went upstream, a third what the client sent.
// Property: every request the proxy forwards reaches the backend as the same request: same
// method, the routed target, the client's end-to-end headers in order with the gateway's own
// headers alongside, and the same body framing and body bytes; nothing more, nothing less.
#include "balancing/backend.h"
#include "fuzzcheck.h"
#include "http/headerrules.h"
#include "http/httpparser.h"
#include "inmemoryclienttransport.h"
#include "inmemoryexchangeenvironment.h"
#include "proxy/clientconnection.h"
#include "proxy/messagerewriter.h"
#include "proxy/routetable.h"
#include "recordedmessage.h"
#include "streamparser.h"

#include <QCoreApplication>
#include <QUrl>
#include <algorithm>
#include <cstdint>
#include <memory>

namespace {

constexpr QByteArrayView clientAddress = "192.0.2.7";

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

// Whether bytes hold one request, whole.
bool isWholeRequest(const QByteArray &bytes) {
    StreamParser backend(HttpParser::Kind::Request, false);
    backend.parse(bytes, StreamParser::End::Open);
    return backend.messages().size() == 1 && backend.messages().first().complete;
}

// One client connection to the gateway, in memory, with pooled (connected) scripted instances.
class RequestPath final {
public:
    RequestPath()
        : m_environment(fuzzRoutes()) {
        m_environment.connectedLinks = true;
        // Capture on, with a limit small enough that bodies are cut: the hook sees every input.
        m_environment.captureLimit = 16;
        auto transport = std::make_unique<InMemoryClientTransport>(clientAddress.toByteArray());
        m_client = transport.get();
        m_session = std::make_unique<ClientConnection>(std::move(transport), m_environment);
    }

    // The client sends input and waits for everything the gateway does with it: each instance
    // answers once its request arrived whole, and the session's queued steps (the next
    // pipelined request, a lingering close) run, until nothing more happens.
    void run(QByteArrayView input) {
        m_client->peerSends(input);
        std::size_t answered = 0;
        while (true) {
            QCoreApplication::sendPostedEvents();
            if (answered == m_environment.links.size())
                return;
            InMemoryUpstreamLink &link = *m_environment.links[answered];
            if (!isWholeRequest(link.received))
                return; // the rest of its body never came
            link.respond("HTTP/1.1 204 No Content\r\n\r\n");
            ++answered;
        }
    }

    // Everything that went upstream, in order: one link per attempt, attempts one after another.
    QByteArray upstreamBytes() const {
        QByteArray stream;
        for (const std::unique_ptr<InMemoryUpstreamLink> &link : m_environment.links)
            stream.append(link->received);
        return stream;
    }

    // The requests the client sent that the gateway forwarded, as a strict parser with the
    // gateway's limits reads them from the client's bytes. The session serves them one after
    // another, so the n-th record is the n-th request; a record with an attempt was forwarded,
    // and the request under way when the input ended was if it has a link of its own.
    QList<ForwardedRequest> forwarded(QByteArrayView input) const {
        StreamParser parsed(HttpParser::Kind::Request, false,
                            m_environment.limits().maxHeaderBytes);
        parsed.parse(input, StreamParser::End::Open);
        const std::vector<RequestRecord> &records = m_environment.records;
        QList<ForwardedRequest> forwarded;
        for (qsizetype i = 0; i < parsed.messages().size(); ++i) {
            const bool finished = std::size_t(i) < records.size();
            const bool wasForwarded =
                finished ? !records[i].attempts.isEmpty()
                         : m_environment.links.size() > std::size_t(forwarded.size());
            if (wasForwarded)
                forwarded.append(expectedUpstream(parsed.messages()[i]));
            if (!finished)
                break;
        }
        if (std::size_t(forwarded.size()) != m_environment.links.size())
            propertyViolated("each forwarded request is one attempt on one connection",
                             QByteArray::number(forwarded.size()) + " forwarded vs " +
                                 QByteArray::number(qsizetype(m_environment.links.size())) +
                                 " connections\nupstream bytes:\n" + upstreamBytes());
        return forwarded;
    }

private:
    // The target the backend must see, worked out apart from the exchange.
    ForwardedRequest expectedUpstream(const RecordedMessage &request) const {
        const std::optional<RouteTable::Match> match =
            m_environment.currentRoutes()->match(request.target);
        if (!match)
            propertyViolated("only a routed request is forwarded", request.target);
        const Backend *backend = match->route->balancer->backends().first().get();
        return {request,
                joinUpstreamPath(backend->basePath, match->upstreamTarget.in(request.target)),
                backend};
    }

    // Before the session, which releases its links into it when it goes.
    InMemoryExchangeEnvironment m_environment;
    InMemoryClientTransport *m_client = nullptr; // the session's
    std::unique_ptr<ClientConnection> m_session;
};

// Headers the gateway itself writes upstream; every other header must come from the client.
bool isGatewayOwned(QByteArrayView name) {
    return isHopByHopOrFraming(classifyHeader(name)) || equalsIgnoringCase(name, "host") ||
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
    via.append((request.versionMinor == 0 ? "1.0 " : "1.1 ") +
               InMemoryExchangeEnvironment::pseudonym.toByteArray());
    headers.append(RecordedHeader{"via", listElements(via.join(','))});
    // Every Upgrade line of the client as one list (RFC 9110 §7.8).
    if (request.upgrade) {
        headers.append(RecordedHeader{"connection", "upgrade"});
        headers.append(
            RecordedHeader{"upgrade", listElements(request.values("upgrade").join(','))});
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

// The session's queued steps need an application object to be posted to.
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
    static QCoreApplication application(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    treatCriticalMessagesAsViolations();
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    RequestPath path;
    path.run(input);
    const QList<ForwardedRequest> forwarded = path.forwarded(input);

    const QByteArray upstreamBytes = path.upstreamBytes();
    StreamParser backend(HttpParser::Kind::Request, false);
    const HttpParser::Status status = backend.parse(upstreamBytes, StreamParser::End::Open);
    if (status == HttpParser::Status::Failed || status == HttpParser::Status::Stopped)
        propertyViolated("the backend accepts everything the gateway forwards",
                         backend.error().message + "\nupstream bytes:\n" + upstreamBytes);
    if (backend.messages().size() != forwarded.size())
        propertyViolated("the backend sees as many requests as the gateway forwarded",
                         QByteArray::number(backend.messages().size()) + " vs " +
                             QByteArray::number(forwarded.size()) + "\nupstream bytes:\n" +
                             upstreamBytes);
    for (qsizetype i = 0; i < backend.messages().size(); ++i)
        checkSameRequest(forwarded[i], backend.messages()[i]);
    return 0;
}
