#pragma once

#include "http/httpparser.h"
#include "proxy/upstreamhandler.h"
#include "proxy/upstreamlink.h"

#include <QByteArray>

// A connection to an instance held in memory, for driving ProxyExchange without sockets
// (docs/ARCHITECTURE.md, "The two state machines"): what the exchange writes is kept in
// `received`; the instance's response bytes go through a strict response parser to the attached
// handler, as UpstreamConnection's do.
class InMemoryUpstreamLink final : public UpstreamLink, private HttpParserListener {
public:
    // connected: a pooled connection, ready at once; otherwise connectNow() or fail() follows.
    explicit InMemoryUpstreamLink(bool connected);

    void attach(UpstreamHandler *handler, bool answeringHead, qint64 maxHeadBytes) override;
    void write(QByteArrayView data) override { received.append(data); }
    void flush() override {}
    qint64 bytesToWrite() const override { return 0; }
    void setReadingPaused(bool) override {}
    void close() override { closed = true; }
    bool isConnected() const override { return m_connected; }
    bool hasReceivedResponseBytes() const override { return m_bytesReceived; }
    bool wasReusedForThisExchange() const override { return false; }

    void connectNow();
    void fail(UpstreamFailure failure, const QByteArray &detail);
    // Feeds the instance's response bytes; the handler hears of a final response's end.
    void respond(QByteArrayView bytes);

    QByteArray received;
    bool closed = false;

private:
    bool onHeadComplete(const HttpMessageHead &head) override;
    void onBody(QByteArrayView data) override;
    void onMessageComplete() override;

    HttpParser m_parser;
    UpstreamHandler *m_handler = nullptr;
    bool m_connected;
    bool m_bytesReceived = false;
    bool m_complete = false;
};
