#pragma once

#include "http/httpmessagehead.h"

#include <QByteArray>
#include <QByteArrayView>

// Why an upstream exchange failed; decides between retry, 502, 504 and aborting the client.
enum class UpstreamFailure {
    ConnectFailed, // refused, unreachable: nothing was sent, safe to retry elsewhere
    Closed,        // the backend closed or reset the connection
    BadResponse,   // the response broke HTTP (docs/ARCHITECTURE.md#what-strict-means-here): 502
    NoResources,   // the gateway could not create a socket (out of descriptors or memory): 503,
                   // not the instance's fault and nothing was sent
};

// The side of an exchange that consumes what an UpstreamConnection receives (a
// ClientConnection). Calls arrive in wire order in the worker thread.
class UpstreamHandler {
public:
    virtual ~UpstreamHandler() = default;
    virtual void upstreamConnected() = 0;
    virtual void upstreamHead(const HttpMessageHead &head) = 0;
    virtual void upstreamBody(QByteArrayView data) = 0;
    virtual void upstreamComplete() = 0;
    // rawBytes: what the backend sent after a 101, to be relayed as they are.
    virtual void upstreamTunnelData(QByteArrayView rawBytes) = 0;
    virtual void upstreamFailed(UpstreamFailure failure, const QByteArray &detail) = 0;
    // The write buffer towards the backend drained below the low watermark.
    virtual void upstreamDrained() = 0;
};
