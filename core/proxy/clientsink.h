#pragma once

#include "http/httpmessagehead.h"

#include <QByteArrayView>
#include <QtGlobal>

// The one deadline a client connection has at a time, that of the phase it is in (README,
// "limits"; docs/ARCHITECTURE.md, "Deadlines"). FirstRequest, Idle, Header, Closing and
// Lingering belong to the session (ClientConnection); the others to its ProxyExchange.
// RequestBody: the body must keep arriving (each read re-arms it, idle_timeout); Response: the
// head (response_timeout); ResponseBody: every silence between two reads of the response body
// (response_timeout); Send: the client must keep reading a response held back by back-pressure
// (idle_timeout); Tunnel: a byte either way (tunnel_timeout); Closing: the client must keep
// taking what is queued before the close (idle_timeout); Lingering: the discarding of a
// lingering close ends (ClientConnection::lingeringTimeMs).
enum class Deadline {
    None,
    FirstRequest,
    Idle,
    Header,
    Connect,
    RequestBody,
    Response,
    ResponseBody,
    Send,
    Tunnel,
    Closing,
    Lingering
};

// How an exchange ended, for the session to decide what the connection does next.
struct ExchangeEnd {
    bool closeAfter = false;      // the exchange needs the connection closed after it
    bool requestComplete = false; // the request was read whole
    BodyFraming requestFraming = BodyFraming::None;
    bool cut = false; // the response was cut: the client connection must be reset, not closed
};

// What a ProxyExchange does to its client, implemented by the session (ClientConnection) and,
// for an exchange driven without one, by tests/doubles/recordingclientsink.h. Worker thread
// only.
class ClientSink {
public:
    virtual void writeToClient(QByteArrayView bytes) = 0;
    // Hands what is queued to the kernel now. May report synchronously that the client is gone,
    // which ends the exchange before it returns.
    virtual void flushToClient() = 0;
    virtual qint64 clientBytesToWrite() const = 0;
    virtual void setDeadline(Deadline kind, qint64 afterMs) = 0;
    virtual Deadline deadline() const = 0;
    // The gateway is stopping: the response must close the connection.
    virtual bool isClosingWhenIdle() const = 0;
    // The exchange is over (its record is with the observer); the session goes on.
    virtual void exchangeEnded(const ExchangeEnd &end) = 0;
    // A 101 went to the client: from now on the client's bytes go to tunnelFromClient().
    virtual void tunnelStarted() = 0;
    // The write buffer towards the instance drained: reading the client may resume.
    virtual void upstreamDrained() = 0;

protected:
    ~ClientSink() = default;
};
