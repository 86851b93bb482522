#pragma once

#include "proxy/transport.h"

#include <QAbstractSocket>
#include <QString>

// What UpstreamConnection hears from its transport besides the byte stream's events.
class UpstreamTransportListener : public TransportListener {
public:
    virtual void transportConnected() = 0;
    // As QAbstractSocket::errorOccurred: may come inside connectTo() (no descriptor left), and
    // RemoteHostClosedError comes before the transportDisconnected() of the peer's close.
    virtual void transportFailed(QAbstractSocket::SocketError error, const QString &detail) = 0;

protected:
    ~UpstreamTransportListener() = default;
};

// The instance's side of an UpstreamConnection: a Transport that connects out.
// SocketUpstreamTransport in the gateway; InMemoryUpstreamTransport (tests/doubles) in fuzzers.
class UpstreamTransport : public Transport {
public:
    // Where the events go; set once, before the event loop runs.
    virtual void setListener(UpstreamTransportListener *listener) = 0;
    // Starts connecting; transportConnected() or transportFailed() follows.
    virtual void connectTo(const QString &host, quint16 port) = 0;
};
