#pragma once

#include "proxy/transport.h"

#include <QByteArray>

// What ClientConnection's parking hears from its transport.
class ClientTransportListener : public TransportListener {
public:
    // A parked transport is back (its peer sent bytes or closed, or unpark() was called); what
    // woke it follows as transportReadable() or transportDisconnected().
    virtual void transportUnparked() = 0;

protected:
    ~ClientTransportListener() = default;
};

// The client's side of the session (ClientConnection): a Transport that can also end the
// connection in the ways a lingering close needs, and rest while idle. SocketClientTransport in
// the gateway; InMemoryClientTransport (tests/doubles) in tests and fuzzers.
class ClientTransport : public Transport {
public:
    // Where the events go; set once, before the event loop runs.
    virtual void setListener(ClientTransportListener *listener) = 0;
    // The client's address as text ("192.0.2.7"), for X-Forwarded-For and the record.
    virtual QByteArray peerAddress() const = 0;
    // Sends what is queued, then closes (FIN); transportDisconnected() follows, inside the call
    // when nothing was queued.
    virtual void closeAfterWriting() = 0;
    // Sends our FIN now and keeps reading (a lingering close); what is queued must be out.
    virtual void shutDownWriting() = 0;
    // Makes the close that follows, or the transport's destruction, reset the connection (RST)
    // instead of closing it with a FIN.
    virtual void resetOnClose() = 0;
    // Whether the client sent bytes that are not even in bytesAvailable() yet (they wait in the
    // kernel): closing now would make the kernel answer them with a reset.
    virtual bool hasBytesInTransit() const = 0;
    // Frees what a resting connection holds until its next bytes or its close arrive, then
    // calls transportUnparked(). False when it cannot rest (it goes on as before).
    virtual bool park() = 0;
    // Takes a parked transport back now; transportUnparked() is called inside.
    virtual void unpark() = 0;
};
