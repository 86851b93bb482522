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
    bool upgrade = false;          // keep Upgrade/Connection: upgrade (WebSocket handshake)
};

void appendUpstreamRequestHead(QByteArray &out, const HttpMessageHead &request,
                               const Backend &backend, const UpstreamRequestOptions &options);

struct ClientResponseOptions {
    bool clientIsHttp10 = false;
    bool answeringHead = false;
    bool closeConnection = false; // the client connection closes after this response
};

// Appends the head for the client and returns how its body must be framed. A close-delimited
// framing forces options.closeConnection (the caller must close after the body).
ClientBodyFraming appendClientResponseHead(QByteArray &out, const HttpMessageHead &response,
                                           ClientResponseOptions &options);
