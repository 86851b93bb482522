#pragma once

#include "proxy/upstreamhandler.h"

#include <QByteArrayView>

// When a failed attempt may go to the next instance: nginx's proxy_next_upstream rules with
// non_idempotent off (ngx_http_upstream_next). A request that may have reached an application is
// sent again only if it is idempotent, and never once its body started upstream (the body is
// streamed, not kept) or the response started towards the client (then the client sees the
// connection cut instead: a response is never faked complete). The keep-alive race is decided
// here too, since it decides both the retry and whether the failure counts against the instance.

// How far the failed attempt got.
struct AttemptProgress {
    bool headSentUpstream = false;      // the request head was written to the instance
    bool bodyStartedUpstream = false;   // a byte of the request body was written to it
    bool responseBytesReceived = false; // a byte of its response (interim ones too) came in
    bool responseStarted = false;       // its final response head was forwarded to the client
    bool reusedConnection = false;      // the attempt went out on a pooled keep-alive connection
};

namespace RetryPolicy {

// Methods that may be sent twice without changing the outcome (RFC 9110 §9.2.2).
bool isIdempotent(QByteArrayView method);

// The keep-alive race: a reused connection the backend closed just as the request went out,
// before any body or response. The request never reached the application, so it is not the
// instance's fault (no error counted, the instance may be picked again).
bool isStaleKeepAlive(UpstreamFailure failure, const AttemptProgress &progress);

// Whether the failure counts against the instance (attempt errors, passive health): not the
// keep-alive race, and not the gateway's own shortage (NoResources: no socket could be created).
bool blamesInstance(UpstreamFailure failure, const AttemptProgress &progress);

// After the connection failed (refused, closed, reset, bad response): always if nothing was
// sent; if the instance closed or reset the connection before any byte of its response and
// before the request body started upstream, when the method is idempotent (nginx's
// proxy_next_upstream error; the keep-alive race is one such case); otherwise never. Never after
// NoResources: the next instance would need a socket just the same.
bool mayRetryAfterFailure(UpstreamFailure failure, const AttemptProgress &progress,
                          QByteArrayView method);

// After no response came in time: the request reached the instance, which may still act on it,
// so only an idempotent request whose body did not start upstream.
bool mayRetryAfterResponseTimeout(const AttemptProgress &progress, QByteArrayView method);

} // namespace RetryPolicy
