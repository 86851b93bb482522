#pragma once

#include "balancing/pickresult.h"
#include "http/httpparser.h"
#include "model/requestrecord.h"
#include "proxy/idleparking.h"
#include "proxy/messagerewriter.h"
#include "proxy/upstreamhandler.h"

#include <QObject>
#include <QTcpSocket>
#include <memory>

struct AttemptProgress;
class ProxyServer;
class RouteTable;
struct Route;
class UpstreamConnection;

// One client connection: parses its requests (keep-alive, pipelined one at a time), routes and
// balances each, streams it to an instance through the UpstreamPool and streams the response
// back, with back-pressure both ways. An event-driven state machine
// (docs/CONVENTIONS.md, "Connections are event-driven state machines"); deadlines are
// enforced by ProxyServer's periodic sweep rather than a timer per connection.
class ClientConnection final : public QObject,
                               private HttpParserListener,
                               private UpstreamHandler,
                               private ParkedConnection {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientConnection)

public:
    ClientConnection(qintptr socketDescriptor, ProxyServer &server);
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
    // nothing buffered either way, moves to the server's IdleParking (its QTcpSocket is freed)
    // until its next bytes or its close arrive. True when it was parked now.
    bool parkIfResting(qint64 nowMs);
    bool isParked() const { return m_parkedDescriptor >= 0; }

    // A client that sends its next request within this long keeps its socket: parking and
    // waking cost a dup(2), two epoll_ctl(2) and a new QTcpSocket, too much per request for
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

private:
    // Lingering: answered and closing while the client may still send; what it sends is
    // discarded (lingeringTimeMs, lingeringMaxBytes).
    enum class State {
        WaitingForRequest,
        ReadingRequest,
        Exchanging,
        Tunnel,
        Closing,
        Lingering,
        Closed
    };
    // One per phase (README, "limits"). RequestBody: the body must keep arriving (each read
    // re-arms it, idle_timeout); Response: the head (response_timeout); ResponseBody: every
    // silence between two reads of the response body (response_timeout); Send: the client must
    // keep reading a response held back by back-pressure (idle_timeout); Tunnel: a byte either
    // way (tunnel_timeout); Closing: the client must keep taking what is queued before the
    // close (idle_timeout); Lingering: the discarding of a lingering close ends (lingeringTimeMs).
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

    struct Exchange {
        bool active = false;
        bool localResponse = false; // answered by the gateway itself
        RequestRecord record;
        std::shared_ptr<RouteTable> routes; // keeps the route alive across a reload
        Route *route = nullptr;
        BackendPtr backend;
        int backendIndex = -1;
        PickContext pickContext;
        QByteArray upstreamTarget;
        UpstreamConnection *upstream = nullptr;
        QByteArray pendingBody; // framed request body waiting for the upstream connection
        BodyFraming requestFraming = BodyFraming::None;
        ClientBodyFraming responseFraming = ClientBodyFraming::None;
        qint64 startUs = 0;
        bool headSentUpstream = false;
        bool bodyStartedUpstream = false;
        bool requestComplete = false;
        bool responseStarted = false;
        bool answeringHead = false;
        bool upgradeRequested = false;
        bool clientIsHttp10 = false;
        bool closeAfter = false;
    };

    // HttpParserListener (the client's requests).
    bool onHeadComplete(const HttpMessageHead &head) override;
    void onBody(QByteArrayView data) override;
    void onMessageComplete() override;
    // UpstreamHandler (the chosen instance's response).
    void upstreamConnected() override;
    void upstreamHead(const HttpMessageHead &head) override;
    void upstreamBody(QByteArrayView data) override;
    void upstreamComplete() override;
    void upstreamTunnelData(QByteArrayView rawBytes) override;
    void upstreamFailed(UpstreamFailure failure, const QByteArray &detail) override;
    void upstreamDrained() override;
    // ParkedConnection.
    void wakeFromParking() override;

    void attachSocket(qintptr socketDescriptor);
    void onReadyRead();
    void onBytesWritten();
    void onDisconnected();
    void processInput();
    bool refillInput();
    bool upstreamIsBackedUp() const;
    void holdBackUpstream();

    bool finishLocalResponseEarly(bool hasBody);
    bool startAttempt();
    void sendHeadUpstream();
    void sendBodyUpstream(QByteArrayView framed);
    void retryOrFail(Outcome outcome, int status, const QByteArray &detail, bool retryable);
    // The current attempt failed through the instance's fault: the error goes into its
    // record and counts against the instance (Errors, passive health).
    void attemptFailed(const QByteArray &error);
    // The current attempt's progress, as RetryPolicy judges it.
    AttemptProgress attemptProgress() const;
    void respondLocally(int status, const QByteArray &detail, Outcome outcome, bool closeAfter);
    void finishExchange(Outcome outcome);
    void releaseUpstream(bool reusable);
    void rejectRequest(const HttpError &error, Outcome outcome);
    // Starts the record of a request whose head is not complete (it failed or was cut).
    void startIncompleteExchange();
    void startTunnel();
    void closeGracefully();
    // Makes the socket's close send a reset (RST) instead of a FIN.
    void resetOnClose();
    void abortConnection(); // resets the connection now
    // Ends the exchange with outcome and resets the client connection: the response already
    // started, and a FIN could pass a cut one off as complete.
    void cutExchange(Outcome outcome);
    // After back-pressure let go: the deadline of the phase the exchange is in.
    void rearmStreamingDeadline();
    void discardLingeringInput();
    void shutDownWriting();
    void setDeadline(Deadline kind, qint64 afterMs);
    qint64 elapsedUs() const;

    ProxyServer &m_server;
    std::unique_ptr<QTcpSocket> m_socket; // null while parked
    int m_parkedDescriptor = -1;
    HttpParser m_parser;
    QByteArray m_clientAddress;
    QByteArray m_input;
    qsizetype m_inputOffset = 0;
    QByteArray m_scratch; // reused for heads and framed chunks
    Exchange m_exchange;
    State m_state = State::WaitingForRequest;
    Deadline m_deadline = Deadline::None;
    qint64 m_deadlineMs = 0;
    qint64 m_idleSinceMs = 0; // when it last started waiting for a request
    bool m_parserPaused = false;
    bool m_waitingForUpstreamDrain = false; // reading stopped by back-pressure
    bool m_processingInput = false;         // processInput() is on the stack
    bool m_peerClosed = false;
    bool m_closeWhenIdle = false;
    bool m_requestUnread = false;   // the last exchange ended before its request was read whole
    bool m_writingShutDown = false; // lingering: our FIN is out
    qint64 m_lingeringDiscarded = 0;
};
