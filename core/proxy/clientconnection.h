#pragma once

#include "http/httpinputbuffer.h"
#include "http/httpparser.h"
#include "proxy/clientsink.h"
#include "proxy/clienttransport.h"
#include "proxy/proxyexchange.h"

#include <QObject>
#include <memory>

class ExchangeEnvironment;

// The session of one client connection: its transport (a socket in the gateway, memory in tests
// and fuzzers: docs/ARCHITECTURE.md, "The transport seam"), the parser of its requests (keep-alive,
// pipelined one at a time), parking, its deadlines and the (lingering) close. Each request is
// handed to its ProxyExchange, which routes, balances, streams it to an instance and streams the
// response back through this session's ClientSink. Two event-driven state machines
// (docs/CONVENTIONS.md, "Connections are event-driven state machines"; docs/ARCHITECTURE.md,
// "The two state machines"); deadlines are enforced by ProxyServer's periodic sweep rather than
// a timer per connection.
class ClientConnection final : public QObject,
                               private HttpParserListener,
                               private ClientSink,
                               private ClientTransportListener {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientConnection)

public:
    // environment: the gateway (ProxyServer), which outlives the connection.
    ClientConnection(std::unique_ptr<ClientTransport> transport, ExchangeEnvironment &environment);
    ~ClientConnection() override;

    // Called by the sweep: header, idle, connect and response timeouts.
    void checkDeadlines(qint64 nowMs);
    // Graceful stop: close now when between requests, otherwise after the current exchange.
    void closeWhenIdle();
    // The gateway stops now (its grace period ran out, or a stop without one): the exchange
    // under way, or the request still arriving, ends with a record whose outcome is Shutdown
    // and whose failure says reason. The owner deletes the connection right after.
    void endForShutdown(const QByteArray &reason);
    // Called by the sweep: a connection waiting for its next request for parkAfterIdleMs, with
    // nothing buffered either way, is parked (ClientTransport::park(): in the gateway its
    // buffers are freed) until its next bytes or its close arrive. True when it was parked now.
    bool parkIfResting(qint64 nowMs);
    bool isParked() const { return m_phase == Phase::Parked; }

    // A client that sends its next request within this long keeps its buffers: parking and
    // waking cost four epoll_ctl(2) and the buffers made again, too much per request for
    // clients that reuse their connection at once (browsers, load generators).
    static constexpr qint64 parkAfterIdleMs = 1000;

    // Lingering close (README, "limits"): after an answer sent while the client's request was
    // still unread, the connection half-closes and reads and discards what the client still
    // sends, at most this long and this much, so that closing does not reset the connection
    // (and with it the answer) under a client still writing. nginx's lingering_time is 30 s;
    // 5 s is its lingering_timeout.
    static constexpr qint64 lingeringTimeMs = 5000;
    static constexpr qint64 lingeringMaxBytes = qint64(4) * 1024 * 1024;

Q_SIGNALS:
    void closed(ClientConnection *connection);

public:
    enum class Phase {
        WaitingForRequest, // between requests (FirstRequest or Idle deadline)
        Parked,            // waiting for a request in IdleParking, without buffers
        ReadingHead,       // bytes of a request head arrived (Header deadline)
        Exchanging,        // the exchange's request is being read
        RequestRead,       // the parser paused after the request; pipelined ones wait
        Tunnel,            // after a 101: raw bytes to the exchange
        Closing,           // closing; what is queued goes out first (Closing deadline)
        LingerFlushing,    // lingering close: the answer is still going out, FIN not sent
        Lingering,         // lingering close: FIN sent, what the client sends is discarded
        Closed,
    };
    static bool isAllowed(Phase from, Phase to);
    static const char *phaseName(Phase phase);

private:
    // The one place the phase changes: checks the move against allowedTransitions (debug
    // builds assert, release builds log with qCritical and carry on, as ProxyExchange does).
    void transitionTo(Phase next);

    // HttpParserListener (the client's requests).
    bool onHeadComplete(const HttpMessageHead &head) override;
    void onBody(QByteArrayView data) override;
    void onMessageComplete() override;
    // ClientSink (what the exchange does to the client).
    void writeToClient(QByteArrayView bytes) override;
    void flushToClient() override;
    qint64 clientBytesToWrite() const override;
    void setDeadline(Deadline kind, qint64 afterMs) override;
    Deadline deadline() const override { return m_deadline; }
    bool isClosingWhenIdle() const override { return m_closeWhenIdle; }
    void exchangeEnded(const ExchangeEnd &end) override;
    void tunnelStarted() override;
    void upstreamDrained() override;
    // ClientTransportListener.
    void transportReadable() override;
    void transportWritten() override;
    void transportDisconnected() override;
    void transportUnparked() override;

    void processInput();
    void rejectRequest(const HttpError &error, Outcome outcome);
    void closeGracefully();
    bool isClosing() const {
        return m_phase == Phase::Closing || m_phase == Phase::LingerFlushing ||
               m_phase == Phase::Lingering || m_phase == Phase::Closed;
    }
    void abortConnection(); // resets the connection now
    void discardLingeringInput();
    void shutDownWriting();

    ExchangeEnvironment &m_environment;
    std::unique_ptr<ClientTransport> m_transport;
    HttpParser m_parser;
    QByteArray m_clientAddress;
    HttpInputBuffer m_input;
    ProxyExchange m_exchange;
    Phase m_phase = Phase::WaitingForRequest;
    Deadline m_deadline = Deadline::None;
    qint64 m_deadlineMs = 0;
    qint64 m_idleSinceMs = 0; // when it last started waiting for a request
    // Independent facts, not phases:
    bool m_waitingForUpstreamDrain = false; // reading stopped by back-pressure (any phase)
    bool m_processingInput = false;         // processInput() is on the stack
    bool m_peerClosed = false;              // the client's FIN arrived (it may still read)
    bool m_closeWhenIdle = false;           // the gateway is stopping: close after this request
    bool m_requestUnread = false; // the last exchange ended before its request was read whole
    qint64 m_lingeringDiscarded = 0;
};
