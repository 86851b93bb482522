#pragma once

#include "balancing/backend.h"
#include "http/httpmessagehead.h"

#include <QByteArray>
#include <QByteArrayView>

// Re-serializes heads as they cross the proxy (docs/ARCHITECTURE.md, "The request path", steps
// 4 and 6, and "What 'strict' means here"): rebuilt from the parsed fields, hop-by-hop headers and
// those named by Connection removed, framing re-created.

// What the client side of an exchange needs to know to frame the response body.
enum class ClientBodyFraming { None, ContentLength, Chunked, UntilClose };

struct UpstreamRequestOptions {
    QByteArrayView upstreamTarget; // path and query for the backend
    QByteArrayView clientAddress;  // appended to X-Forwarded-For
    QByteArrayView viaPseudonym;   // this gateway's entry in Via (newViaPseudonym())
    bool upgrade = false;          // keep Upgrade/Connection: upgrade (WebSocket handshake)
};

// Also appends "<version> <viaPseudonym>" to the request's Via list (every Via field line of
// the client, in order, as one line; RFC 9110 §7.6.3), so that the gateway recognises a request
// it forwarded when it comes back (viaNames()).
void appendUpstreamRequestHead(QByteArray &out, const HttpMessageHead &request,
                               const Backend &backend, const UpstreamRequestOptions &options);

// A name for one gateway in Via, new for each call: "gateway-console-" and 16 random hex digits.
// Random rather than the listen address, which another gateway (or this one before a restart)
// may share and which the backends need not learn.
QByteArray newViaPseudonym();

// Whether a Via field line of request names pseudonym as the one that received it: the request
// has passed through that gateway already, so forwarding it again would be a loop.
bool viaNames(const HttpMessageHead &request, QByteArrayView pseudonym);

struct ClientResponseOptions {
    bool clientIsHttp10 = false;
    bool answeringHead = false;
    bool closeConnection = false; // the client connection closes after this response
};

// Appends the head for the client and returns how its body must be framed. A close-delimited
// framing forces options.closeConnection (the caller must close after the body).
ClientBodyFraming appendClientResponseHead(QByteArray &out, const HttpMessageHead &response,
                                           ClientResponseOptions &options);
