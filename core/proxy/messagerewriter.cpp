#include "proxy/messagerewriter.h"

#include "http/headerrules.h"
#include "http/httpwriter.h"
#include "routing/router.h"

#include <QRandomGenerator>
#include <QVarLengthArray>
#include <algorithm>

namespace {

// The names a message's Connection field lines list as connection-specific (RFC 9110 §7.6.1;
// several lines form one list), collected once per message rather than once per header.
class ConnectionOptions {
public:
    explicit ConnectionOptions(const HttpMessageHead &message) {
        message.forEachListElementOf(HeaderName::Connection, [this](QByteArrayView name) {
            m_names.append(name);
            return false;
        });
    }

    bool lists(QByteArrayView name) const {
        return std::any_of(m_names.cbegin(), m_names.cend(), [name](QByteArrayView listed) {
            return equalsIgnoringCase(listed, name);
        });
    }

private:
    QVarLengthArray<QByteArrayView, 4> m_names; // usually none or "keep-alive"/"close"
};

// Whether a header must not be forwarded: hop-by-hop, framing (re-created), or listed as
// connection-specific by the message's own Connection header(s).
bool isConnectionSpecific(const HttpMessageHead &message, qsizetype index,
                          const ConnectionOptions &options) {
    return isHopByHopOrFraming(message.headerKind(index)) ||
           options.lists(message.headerName(index));
}

// Calls visit with the received-by of each element of a Via list ("1.1 a, HTTP/1.0 b (c)").
template <typename Visit> void forEachViaReceiver(QByteArrayView list, Visit visit) {
    forEachListElement(list, [&visit](QByteArrayView element) {
        // received-protocol RWS received-by [RWS comment]; RWS is spaces or tabs.
        const auto firstBlank = [](QByteArrayView text) {
            const auto blank = std::find_if(text.begin(), text.end(),
                                            [](char c) { return c == ' ' || c == '\t'; });
            return qsizetype(blank - text.begin());
        };
        const qsizetype space = firstBlank(element);
        if (space < element.size()) {
            const QByteArrayView receivedBy = element.sliced(space + 1).trimmed();
            visit(receivedBy.first(firstBlank(receivedBy)));
        }
        return false;
    });
}

// Appends the elements of every field line of kind in message as one list, ", " between them
// (RFC 9110 §5.3: a list field's lines are one list, and a line may be empty or hold several
// elements); returns whether it appended any. Written in place: nothing allocated.
bool appendListOf(QByteArray &out, const HttpMessageHead &message, HeaderName kind) {
    bool appended = false;
    message.forEachListElementOf(kind, [&out, &appended](QByteArrayView element) {
        if (appended)
            out.append(", ");
        out.append(element);
        appended = true;
        return false;
    });
    return appended;
}

// "Connection: upgrade" and the protocols of every Upgrade field line of message as one line:
// the first line alone may be empty or name only part of what the client offered (RFC 9110
// §7.8). The parser refuses an upgrade that names no protocol.
void appendUpgradeHeaders(QByteArray &out, const HttpMessageHead &message) {
    appendHeader(out, "Connection", "upgrade");
    out.append("Upgrade: ");
    appendListOf(out, message, HeaderName::Upgrade);
    out.append("\r\n");
}

// Starts the line "<name>: " with what the client's lines of kind listed, if anything, and a
// separator after it: the gateway's own element comes last (X-Forwarded-For, Via).
void startLineWithClientList(QByteArray &out, const HttpMessageHead &request, HeaderName kind,
                             QByteArrayView name) {
    out.append(name).append(": ");
    if (appendListOf(out, request, kind))
        out.append(", ");
}

} // namespace

QByteArray newViaPseudonym() {
    const quint64 random = QRandomGenerator::system()->generate64();
    return "gateway-console-" + QByteArray::number(random, 16).rightJustified(16, '0');
}

bool viaNames(const HttpMessageHead &request, QByteArrayView pseudonym) {
    bool found = false;
    for (qsizetype i = 0; i < request.headerCount() && !found; ++i) {
        if (request.headerKind(i) != HeaderName::Via)
            continue;
        forEachViaReceiver(request.headerValue(i), [&](QByteArrayView receivedBy) {
            found = found || receivedBy == pseudonym;
        });
    }
    return found;
}

void appendUpstreamRequestHead(QByteArray &out, const HttpMessageHead &request,
                               const Backend &backend, const UpstreamRequestOptions &options) {
    const ConnectionOptions connectionOptions(request);
    // Whom the client addressed: an absolute-form target's authority overrides Host.
    const std::optional<QByteArrayView> originalHost = request.authority();

    if (backend.basePath.isEmpty())
        appendRequestLine(out, request.method(), options.upstreamTarget);
    else
        appendRequestLine(out, request.method(),
                          joinUpstreamPath(backend.basePath, options.upstreamTarget));
    appendHeader(out, "Host", backend.authority);
    for (qsizetype i = 0; i < request.headerCount(); ++i) {
        const QByteArrayView value = request.headerValue(i);
        switch (request.headerKind(i)) {
        case HeaderName::Host:
            continue; // the instance's own, above; the client's goes into X-Forwarded-Host
        case HeaderName::XForwardedFor:
        case HeaderName::Via:
            continue; // joined into one line each, below
        case HeaderName::XForwardedHost:
        case HeaderName::XForwardedProto:
            continue; // the gateway's own, below
        default:
            break;
        }
        if (isConnectionSpecific(request, i, connectionOptions))
            continue;
        appendHeader(out, request.headerName(i), value);
    }
    startLineWithClientList(out, request, HeaderName::XForwardedFor, "X-Forwarded-For");
    out.append(options.clientAddress).append("\r\n");
    if (originalHost)
        appendHeader(out, "X-Forwarded-Host", *originalHost);
    appendHeader(out, "X-Forwarded-Proto", "http");
    startLineWithClientList(out, request, HeaderName::Via, "Via");
    out.append(request.versionMinor() == 0 ? "1.0 " : "1.1 ")
        .append(options.viaPseudonym)
        .append("\r\n");
    if (options.upgrade)
        appendUpgradeHeaders(out, request);
    switch (request.framing()) {
    case BodyFraming::ContentLength:
        appendHeader(out, "Content-Length", qint64(request.contentLength()));
        break;
    case BodyFraming::Chunked:
        appendHeader(out, "Transfer-Encoding", "chunked");
        break;
    case BodyFraming::None:
    case BodyFraming::UntilClose:
        break;
    }
    appendEndOfHead(out);
}

ClientBodyFraming appendClientResponseHead(QByteArray &out, const HttpMessageHead &response,
                                           ClientResponseOptions &options) {
    const int status = response.statusCode();
    const bool switching = status == 101;
    const ConnectionOptions connectionOptions(response);

    ClientBodyFraming framing = ClientBodyFraming::None;
    const bool statusHasNoBody = (status >= 100 && status < 200) || status == 204 || status == 304;
    if (!statusHasNoBody && !options.answeringHead) {
        switch (response.framing()) {
        case BodyFraming::None:
        case BodyFraming::ContentLength:
            framing = ClientBodyFraming::ContentLength;
            break;
        case BodyFraming::Chunked:
        case BodyFraming::UntilClose:
            // HTTP/1.0 clients cannot read chunked: the body then ends with the connection.
            framing =
                options.clientIsHttp10 ? ClientBodyFraming::UntilClose : ClientBodyFraming::Chunked;
            break;
        }
    }
    if (framing == ClientBodyFraming::UntilClose)
        options.closeConnection = true;

    appendStatusLine(out, status,
                     response.reasonPhrase().isEmpty() ? reasonPhrase(status)
                                                       : response.reasonPhrase());
    for (qsizetype i = 0; i < response.headerCount(); ++i) {
        // HEAD and 304 answers keep the Content-Length of the representation they describe.
        const bool keepLength = (options.answeringHead || status == 304) &&
                                response.headerKind(i) == HeaderName::ContentLength;
        if (!keepLength && isConnectionSpecific(response, i, connectionOptions))
            continue;
        appendHeader(out, response.headerName(i), response.headerValue(i));
    }
    if (switching) {
        appendUpgradeHeaders(out, response);
    } else if (status >= 200) {
        if (options.closeConnection)
            appendHeader(out, "Connection", "close");
        else if (options.clientIsHttp10)
            appendHeader(out, "Connection", "keep-alive");
    }
    if (framing == ClientBodyFraming::ContentLength)
        appendHeader(out, "Content-Length", qint64(response.contentLength()));
    else if (framing == ClientBodyFraming::Chunked)
        appendHeader(out, "Transfer-Encoding", "chunked");
    appendEndOfHead(out);
    return framing;
}
