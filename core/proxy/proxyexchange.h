#pragma once

#include "balancing/pickresult.h"
#include "http/httpparser.h"
#include "model/requestrecord.h"
#include "proxy/clientsink.h"
#include "proxy/exchangecapture.h"
#include "proxy/messagerewriter.h"
#include "proxy/upstreamhandler.h"
#include "routing/router.h"

#include <QByteArray>
#include <functional>
#include <memory>
#include <optional>

struct AttemptProgress;
class ExchangeEnvironment;
class RouteTable;
struct Route;
class UpstreamLink;

// One request and its response through the proxy: the loop check, routing, the pick, each
// attempt on an instance and its retries (RetryPolicy), the request streamed upstream and the
// response streamed back, and the RequestRecord at the end. The session (ClientConnection) owns
// one and reuses it for each request; it talks to the client only through ClientSink and to the
// instance only through UpstreamLink, so it runs without sockets in tests and the fuzzer (as
// Envoy's router filter / upstream request sits below its connection manager).
//
// Its phase changes only in transitionTo(), which checks the move against allowedTransitions
// (docs/ARCHITECTURE.md, "The two state machines"): a move outside the table is a bug in the
// proxy, never in its input, so debug builds assert and release builds log it with qCritical
// and carry on (a worker that stopped would drop every other connection).
class ProxyExchange final : private UpstreamHandler {
public:
    enum class Phase {
        Idle,            // no exchange
        Incomplete,      // a request that failed or was cut before its head was complete
        Connecting,      // an attempt waits for its upstream connection; the head is not sent
        Forwarding,      // the head went upstream; the response head has not come
        Responding,      // the response head went to the client; its body follows
        Tunnel,          // after a 101: bytes are relayed both ways as they are
        AnsweredLocally, // the gateway answered itself (404, 503, 502 after the last attempt...)
    };

    ProxyExchange(ClientSink &client, ExchangeEnvironment &environment,
                  const QByteArray &clientAddress);
    ~ProxyExchange();
    Q_DISABLE_COPY_MOVE(ProxyExchange)

    Phase phase() const { return m_phase; }
    bool isActive() const { return m_phase != Phase::Idle; }
    bool isAnsweredLocally() const { return m_phase == Phase::AnsweredLocally; }
    bool isRequestComplete() const { return m_requestComplete; }
    bool isUpgradeRequested() const { return m_upgradeRequested; }
    const RequestRecord &record() const { return m_record; }

    // The session's parser found a complete head (valid while the parser is paused after this
    // request). Returns false to stop the parser: answered locally with the body left unread.
    bool begin(const HttpMessageHead &head);
    void requestBody(QByteArrayView data);
    void requestComplete();
    // Raw client bytes after a 101.
    void tunnelFromClient(QByteArrayView bytes);
    // Starts the record of a request whose head is not complete (it failed or was cut).
    void beginIncomplete();

    // The request failed (a parser error, a request timeout): answered with error.status unless
    // the response already started, which is cut instead.
    void reject(const HttpError &error, Outcome outcome);
    // A deadline of the exchange's own expired (Connect, Response, ResponseBody, Send, Tunnel).
    void deadlineExpired(Deadline kind);
    // The client's connection is gone.
    void clientClosed();
    // The parser paused after the request: a local answer without a body ends here.
    void finishIfAnsweredLocally();
    // The gateway stops now: ends with Shutdown and reason. The session resets the connection.
    void endForShutdown(const QByteArray &reason);
    // The client drained its write buffer below the low watermark.
    void clientDrained();
    // The deadline of the phase the exchange is in, after back-pressure let go.
    void rearmStreamingDeadline();
    // Whether reading the client must wait for the instance to take what is queued.
    bool isUpstreamBackedUp() const;
    // An idle session gives its buffers back.
    void releaseBuffers() { m_scratch = QByteArray(); }

    // For tests and the fuzzer: called after every transition (an empty function costs a test).
    void setPhaseObserver(std::function<void(Phase)> observer) {
        m_phaseObserver = std::move(observer);
    }
    // For tests: whether a move is in the table.
    static bool isAllowed(Phase from, Phase to);
    static const char *phaseName(Phase phase);

private:
    // UpstreamHandler (the chosen instance's response).
    void upstreamConnected() override;
    void upstreamHead(const HttpMessageHead &head) override;
    void upstreamBody(QByteArrayView data) override;
    void upstreamComplete() override;
    void upstreamTunnelData(QByteArrayView rawBytes) override;
    void upstreamFailed(UpstreamFailure failure, const QByteArray &detail) override;
    void upstreamDrained() override;

    void transitionTo(Phase next);
    void reset();
    void startRecord();
    bool finishLocalResponseEarly(bool hasBody);
    bool startAttempt();
    void sendHeadUpstream();
    void sendBodyUpstream(QByteArrayView framed);
    void retryOrFail(Outcome outcome, int status, const QByteArray &detail, bool retryable);
    // The current attempt failed through the instance's fault: the error goes into its
    // record and counts against the instance (attempt errors, passive health).
    void attemptFailed(const QByteArray &error);
    // The current attempt's progress, as RetryPolicy judges it.
    AttemptProgress attemptProgress() const;
    void respondLocally(int status, const QByteArray &detail, Outcome outcome, bool closeAfter);
    void finish(Outcome outcome, bool cut = false);
    void releaseUpstream(bool reusable);
    // Ends the exchange with outcome and has the client connection reset: the response already
    // started, and a FIN could pass a cut one off as complete.
    void cut(Outcome outcome);
    void holdBackUpstream();
    bool hasResponseStarted() const {
        return m_phase == Phase::Responding || m_phase == Phase::Tunnel;
    }
    qint64 elapsedUs() const;

    ClientSink &m_client;
    ExchangeEnvironment &m_environment;
    const QByteArray &m_clientAddress;
    Phase m_phase = Phase::Idle;
    const HttpMessageHead *m_head = nullptr; // the session parser's, while this request lasts
    RequestRecord m_record;
    std::shared_ptr<RouteTable> m_routes; // keeps the route alive across a reload
    Route *m_route = nullptr;
    BackendPtr m_backend;
    int m_backendIndex = -1;
    PickContext m_pickContext;
    // The request's target while the exchange runs, in a buffer the connection reuses; the
    // record gets its copy in the worker's arena when the exchange ends, so that a long one (a
    // tunnel, a stream) holds no arena block (model/bytearena.h) meanwhile.
    QByteArray m_target;
    StrippedTarget m_upstreamTarget; // of the request's target (m_target)
    UpstreamLink *m_upstream = nullptr;
    QByteArray m_pendingBody; // framed request body waiting for the upstream connection
    QByteArray m_scratch;     // reused for heads and framed chunks
    BodyFraming m_requestFraming = BodyFraming::None;
    ClientBodyFraming m_responseFraming = ClientBodyFraming::None;
    qint64 m_startUs = 0;
    // Independent facts, not phases: the request side progresses alongside the response side.
    bool m_bodyStartedUpstream = false; // a body byte went to the instance (RetryPolicy)
    // The request went upstream with m_upstreamTarget: the record says so when it ends.
    bool m_upstreamTargetSent = false;
    bool m_requestComplete = false;  // the client's request was read whole
    bool m_answeringHead = false;    // the request is HEAD: the response has no body
    bool m_upgradeRequested = false; // the request asks for an Upgrade
    bool m_clientIsHttp10 = false;   // no interim responses, close-delimited bodies
    bool m_closeAfter = false;       // the connection closes after this exchange
    // Where the captures of this connection's exchanges write their heads, one after the other
    // (before m_capture, which uses it, so that it outlives it).
    CapturedHeadBuilder m_capturedHeads;
    // Present while this exchange is captured (capture on when it started); empty otherwise,
    // so that capture off costs the request path one test per hook.
    std::optional<ExchangeCapture> m_capture;
    std::function<void(Phase)> m_phaseObserver;
};
