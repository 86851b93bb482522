#include "proxy/proxyexchange.h"

#include "config/gatewayconfig.h"
#include "http/httpwriter.h"
#include "model/bytearena.h"
#include "model/requestresult.h"
#include "proxy/exchangeenvironment.h"
#include "proxy/exchangeobserver.h"
#include "proxy/monotonicclock.h"
#include "proxy/phasetable.h"
#include "proxy/retrypolicy.h"
#include "proxy/routetable.h"
#include "proxy/socketbuffers.h"
#include "proxy/upstreamlink.h"

#include <QDateTime>
#include <array>

namespace {

// What a connection's target buffer may keep between requests (ProxyExchange::reset()).
constexpr qsizetype keptTargetBytes = 4096;

using Phase = ProxyExchange::Phase;

using Transition = PhaseMove<Phase>;

// Every move the exchange makes (docs/ARCHITECTURE.md, "The two state machines"). A retry is
// Connecting/Forwarding → Connecting/Forwarding; every phase ends in Idle.
constexpr std::array allowedTransitions{
    Transition{Phase::Idle, Phase::Connecting},
    Transition{Phase::Idle, Phase::Forwarding}, // a pooled connection: the head goes at once
    Transition{Phase::Idle, Phase::AnsweredLocally},
    Transition{Phase::Idle, Phase::Incomplete},
    Transition{Phase::Incomplete, Phase::AnsweredLocally},
    Transition{Phase::Incomplete, Phase::Idle},
    Transition{Phase::Connecting, Phase::Forwarding},
    Transition{Phase::Connecting, Phase::Connecting}, // retry on a new connection
    Transition{Phase::Connecting, Phase::AnsweredLocally},
    Transition{Phase::Connecting, Phase::Idle},
    Transition{Phase::Forwarding, Phase::Connecting},
    Transition{Phase::Forwarding, Phase::Forwarding},
    Transition{Phase::Forwarding, Phase::Responding},
    Transition{Phase::Forwarding, Phase::Tunnel},
    Transition{Phase::Forwarding, Phase::AnsweredLocally},
    Transition{Phase::Forwarding, Phase::Idle},
    Transition{Phase::Responding, Phase::Idle},
    Transition{Phase::Tunnel, Phase::Idle},
    Transition{Phase::AnsweredLocally, Phase::Idle},
};

} // namespace

bool ProxyExchange::isAllowed(Phase from, Phase to) {
    return isMoveListed(allowedTransitions, from, to);
}

const char *ProxyExchange::phaseName(Phase phase) {
    switch (phase) {
    case Phase::Idle:
        return "Idle";
    case Phase::Incomplete:
        return "Incomplete";
    case Phase::Connecting:
        return "Connecting";
    case Phase::Forwarding:
        return "Forwarding";
    case Phase::Responding:
        return "Responding";
    case Phase::Tunnel:
        return "Tunnel";
    case Phase::AnsweredLocally:
        return "AnsweredLocally";
    }
    return "?";
}

void ProxyExchange::transitionTo(Phase next) {
    movePhase(m_phase, next, allowedTransitions, "exchange", phaseName);
    if (m_phaseObserver)
        m_phaseObserver(next);
}

ProxyExchange::ProxyExchange(ClientSink &client, ExchangeEnvironment &environment,
                             const QByteArray &clientAddress)
    : m_client(client)
    , m_environment(environment)
    , m_clientAddress(clientAddress) {}

ProxyExchange::~ProxyExchange() {
    if (m_upstream)
        releaseUpstream(false);
}

qint64 ProxyExchange::elapsedUs() const {
    return monotonicMicros() - m_startUs;
}

void ProxyExchange::reset() {
    m_head = nullptr;
    m_record = RequestRecord{};
    m_routes.reset();
    m_route = nullptr;
    m_backend.reset();
    m_backendIndex = -1;
    // The client's part stays: ip_hash hashes the address once per connection (PickContext).
    m_pickContext.excludedIndexes.clear();
    m_upstreamTarget = StrippedTarget();
    m_upstream = nullptr;
    m_pendingBody = QByteArray();
    m_requestFraming = BodyFraming::None;
    m_responseFraming = ClientBodyFraming::None;
    m_startUs = 0;
    m_bodyStartedUpstream = false;
    m_upstreamTargetSent = false;
    m_requestComplete = false;
    m_answeringHead = false;
    m_upgradeRequested = false;
    m_clientIsHttp10 = false;
    m_closeAfter = false;
    m_capture.reset();
    // Keeps the buffer for the next request, unless one long target grew it far past the usual.
    if (m_target.capacity() > keptTargetBytes)
        m_target = QByteArray();
    else
        m_target.truncate(0);
}

void ProxyExchange::startRecord() {
    reset();
    m_startUs = monotonicMicros();
    m_record.id = m_environment.nextRequestId();
    m_record.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_record.clientAddress = m_clientAddress;
    if (const std::optional<qint64> bodyLimit = m_environment.captureBodyLimit())
        m_capture.emplace(*bodyLimit, m_capturedHeads, m_environment.captureArena());
}

void ProxyExchange::beginIncomplete() {
    startRecord();
    transitionTo(Phase::Incomplete);
}

// ---------------------------------------------------------------------------------------------
// Requests

bool ProxyExchange::begin(const HttpMessageHead &head) {
    startRecord();
    m_head = &head;
    m_record.method = head.methodName();
    m_target.append(head.target());
    m_requestFraming = head.framing();
    m_answeringHead = head.method() == "HEAD";
    m_clientIsHttp10 = head.versionMinor() == 0;
    m_upgradeRequested = head.isUpgrade();
    m_closeAfter = !head.keepAlive() || m_client.isClosingWhenIdle();
    const bool hasBody = head.framing() != BodyFraming::None;
    if (m_capture)
        m_capture->requestReceived(head);

    // Before routing: a request this gateway forwarded has come back (an instance that is the
    // gateway itself, or leads to it), and forwarding it again would repeat until every
    // descriptor is used.
    const QByteArray &pseudonym = m_environment.viaPseudonym();
    if (viaNames(head, pseudonym)) {
        respondLocally(508,
                       "this request has passed through this gateway already (its Via names " +
                           pseudonym + "): an instance of the route leads back to the gateway",
                       Outcome::LoopDetected, hasBody);
        return finishLocalResponseEarly(hasBody);
    }
    m_routes = m_environment.currentRoutes();
    std::optional<RouteTable::Match> match = m_routes->match(head.target());
    if (!match) {
        respondLocally(404, "no route for " + head.target().toByteArray(), Outcome::NoRoute,
                       hasBody);
        return finishLocalResponseEarly(hasBody);
    }
    m_route = match->route;
    m_upstreamTarget = std::move(match->upstreamTarget);
    m_record.routeId = m_route->id;
    m_pickContext.clientAddress = m_clientAddress;

    if (!startAttempt()) {
        respondLocally(503, "no instance of route '" + m_route->id.toUtf8() + "' is available",
                       Outcome::NoBackend, hasBody);
        return finishLocalResponseEarly(hasBody);
    }
    return true;
}

// A request answered by the gateway before its body was read: the body stays unread, so the
// connection closes after the response (returns false to stop the parser). Without a body the
// exchange finishes when the parser reports the message complete.
bool ProxyExchange::finishLocalResponseEarly(bool hasBody) {
    if (!hasBody)
        return true;
    finish(m_record.outcome);
    return false;
}

bool ProxyExchange::startAttempt() {
    Balancer &balancer = *m_route->balancer;
    PickResult pick = balancer.pick(m_pickContext);
    m_record.picks.append(std::move(pick.explanation));
    if (!pick.backend)
        return false;

    m_backend = std::move(pick.backend);
    m_backendIndex = pick.index;
    m_pickContext.excludedIndexes.append(pick.index);
    Backend &backend = *m_backend;
    ++backend.activeRequests;
    ++backend.requests;

    m_record.backendId = backend.id;
    m_record.backendIndex = pick.index;
    m_record.backendName = backend.name;
    m_record.backendUrl = backend.encodedUrl;
    AttemptRecord attempt;
    attempt.backendId = backend.id;
    attempt.backendIndex = pick.index;
    attempt.backendName = backend.name;
    m_record.attempts.append(attempt);

    m_upstream = m_environment.acquireUpstream(m_backend);
    m_upstream->attach(this, m_answeringHead, m_environment.limits().maxHeaderBytes);
    if (m_upstream->isConnected()) {
        sendHeadUpstream();
    } else {
        transitionTo(Phase::Connecting);
        m_client.setDeadline(Deadline::Connect, m_environment.limits().connectTimeout.count());
    }
    return true;
}

void ProxyExchange::sendHeadUpstream() {
    transitionTo(Phase::Forwarding);
    QByteArray &out = m_scratch;
    out.resize(0);
    UpstreamRequestOptions options;
    options.upstreamTarget = m_upstreamTarget.in(m_target);
    options.clientAddress = m_clientAddress;
    options.viaPseudonym = m_environment.viaPseudonym();
    options.upgrade = m_upgradeRequested;
    appendUpstreamRequestHead(out, *m_head, *m_backend, options);
    m_upstreamTargetSent = true;
    if (m_capture)
        m_capture->requestSent(out);
    if (!m_pendingBody.isEmpty()) {
        out.append(m_pendingBody);
        m_bodyStartedUpstream = true;
        m_pendingBody.clear();
    }
    m_upstream->write(out);
    if (m_requestComplete) {
        m_upstream->flush();
        m_client.setDeadline(Deadline::Response, m_environment.limits().responseTimeout.count());
    } else {
        // The response timeout starts once the request is complete; a client that stalls its
        // body is the client's fault, never the instance's (it must not count against health).
        m_client.setDeadline(Deadline::RequestBody, m_environment.limits().idleTimeout.count());
    }
}

void ProxyExchange::sendBodyUpstream(QByteArrayView framed) {
    if (m_phase != Phase::Connecting && m_upstream) {
        m_upstream->write(framed);
        m_bodyStartedUpstream = true;
    } else {
        m_pendingBody.append(framed);
    }
}

void ProxyExchange::requestBody(QByteArrayView data) {
    m_record.bytesIn += data.size();
    if (m_capture)
        m_capture->requestBody(data);
    if (m_phase == Phase::AnsweredLocally || m_phase == Phase::Idle)
        return;
    if (m_client.deadline() == Deadline::RequestBody)
        m_client.setDeadline(Deadline::RequestBody, m_environment.limits().idleTimeout.count());
    if (m_requestFraming == BodyFraming::Chunked) {
        QByteArray framed;
        appendChunk(framed, data);
        sendBodyUpstream(framed);
    } else {
        sendBodyUpstream(data);
    }
}

void ProxyExchange::requestComplete() {
    m_requestComplete = true;
    if (m_phase == Phase::Idle)
        return; // ended inside the parser's callbacks (the client went away)
    if (m_phase != Phase::AnsweredLocally && m_requestFraming == BodyFraming::Chunked)
        sendBodyUpstream(lastChunk);
    if (m_phase != Phase::Connecting && m_upstream)
        m_upstream->flush();
    if (m_client.deadline() == Deadline::RequestBody)
        m_client.setDeadline(Deadline::Response, m_environment.limits().responseTimeout.count());
}

void ProxyExchange::tunnelFromClient(QByteArrayView bytes) {
    m_record.bytesIn += bytes.size();
    if (m_client.deadline() == Deadline::Tunnel)
        m_client.setDeadline(Deadline::Tunnel, m_environment.limits().tunnelTimeout.count());
    if (m_upstream)
        m_upstream->write(bytes);
}

bool ProxyExchange::isUpstreamBackedUp() const {
    switch (m_phase) {
    case Phase::Idle:
    case Phase::Incomplete:
    case Phase::AnsweredLocally:
        return false;
    case Phase::Connecting:
        return m_pendingBody.size() > SocketBuffers::highWatermark;
    case Phase::Forwarding:
    case Phase::Responding:
    case Phase::Tunnel:
        break;
    }
    return m_upstream && m_upstream->bytesToWrite() > SocketBuffers::highWatermark;
}

// ---------------------------------------------------------------------------------------------
// Responses

void ProxyExchange::upstreamConnected() {
    sendHeadUpstream();
}

void ProxyExchange::upstreamHead(const HttpMessageHead &head) {
    const int status = head.statusCode();
    if (status >= 100 && status < 200 && status != 101) {
        // Interim responses (100 Continue, 103) are relayed; HTTP/1.0 clients never get them.
        if (!m_clientIsHttp10) {
            m_scratch.resize(0);
            ClientResponseOptions options;
            appendClientResponseHead(m_scratch, head, options);
            m_client.writeToClient(m_scratch);
        }
        return;
    }
    const LimitsConfig &limits = m_environment.limits();
    m_client.setDeadline(Deadline::ResponseBody, limits.responseTimeout.count());
    m_record.status = status;
    m_record.timeToFirstByteUs = elapsedUs();
    m_record.attempts.last().status = status;
    if (isAttemptError(m_record.attempts.last()))
        ++m_backend->attemptErrors; // a 5xx, counted when it comes whatever happens next

    if (status == 101 && !m_upgradeRequested) {
        upstreamFailed(UpstreamFailure::BadResponse, "101 without an Upgrade request");
        return;
    }
    if (status != 101 && m_upgradeRequested)
        m_closeAfter = true; // refused upgrade: the client may already send other bytes
    // An early answer, before the client's body is in: the connection will not wait for the
    // rest to carry another request, and the head says so (docs/RELIABILITY.md, "Deadlines").
    if (status != 101 && !m_requestComplete)
        m_closeAfter = true;

    ClientResponseOptions options;
    options.clientIsHttp10 = m_clientIsHttp10;
    options.answeringHead = m_answeringHead;
    options.closeConnection = m_closeAfter || m_client.isClosingWhenIdle();
    m_scratch.resize(0);
    m_responseFraming = appendClientResponseHead(m_scratch, head, options);
    m_closeAfter = options.closeConnection;
    if (m_capture) {
        m_capture->responseReceived(head);
        m_capture->responseSent(m_scratch);
    }
    m_client.writeToClient(m_scratch);
    if (status == 101) {
        // Called while the upstream parser is still handing over the 101: the upstream side
        // switches itself once the parser reports the upgrade.
        transitionTo(Phase::Tunnel);
        m_client.setDeadline(Deadline::Tunnel, limits.tunnelTimeout.count());
        m_client.tunnelStarted();
    } else {
        transitionTo(Phase::Responding);
    }
}

void ProxyExchange::upstreamBody(QByteArrayView data) {
    m_record.bytesOut += data.size();
    if (m_capture)
        m_capture->responseBody(data);
    if (m_client.deadline() == Deadline::ResponseBody) // nginx's proxy_read_timeout
        m_client.setDeadline(Deadline::ResponseBody,
                             m_environment.limits().responseTimeout.count());
    if (m_responseFraming == ClientBodyFraming::Chunked) {
        m_scratch.resize(0);
        appendChunk(m_scratch, data);
        m_client.writeToClient(m_scratch);
    } else {
        m_client.writeToClient(data);
    }
    holdBackUpstream();
}

void ProxyExchange::upstreamComplete() {
    const int status = m_record.status;
    m_environment.observer().attemptFinished(*m_route, *m_backend,
                                             m_route->passiveHealth.countsAsFailure(status));
    if (m_responseFraming == ClientBodyFraming::Chunked)
        m_client.writeToClient(lastChunk);
    // flush() reports a client that is already gone synchronously (disconnected() →
    // clientClosed()), which ends the exchange: nothing of it may be touched after that
    // (bench/slowclients.sh crashed the gateway here).
    m_client.flushToClient();
    if (m_phase == Phase::Idle)
        return;
    finish(Outcome::Ok);
}

void ProxyExchange::upstreamTunnelData(QByteArrayView rawBytes) {
    m_record.bytesOut += rawBytes.size();
    if (m_client.deadline() == Deadline::Tunnel)
        m_client.setDeadline(Deadline::Tunnel, m_environment.limits().tunnelTimeout.count());
    m_client.writeToClient(rawBytes);
    holdBackUpstream();
}

// Back-pressure towards the instance: a client that reads slowly pauses the upstream read
// instead of growing our buffer, and one that stops reading altogether is cut after
// idle_timeout so that it cannot hold an upstream connection forever. The instance's silence
// is not timed meanwhile (the gateway is the one not reading): Send replaces ResponseBody or
// Tunnel until the client drains.
void ProxyExchange::holdBackUpstream() {
    if (m_client.clientBytesToWrite() <= SocketBuffers::highWatermark || !m_upstream)
        return;
    m_upstream->setReadingPaused(true);
    if (m_client.deadline() != Deadline::Send)
        m_client.setDeadline(Deadline::Send, m_environment.limits().idleTimeout.count());
}

void ProxyExchange::rearmStreamingDeadline() {
    const LimitsConfig &limits = m_environment.limits();
    if (m_phase == Phase::Tunnel)
        m_client.setDeadline(Deadline::Tunnel, limits.tunnelTimeout.count());
    else if (m_phase == Phase::Responding)
        m_client.setDeadline(Deadline::ResponseBody, limits.responseTimeout.count());
    else
        m_client.setDeadline(Deadline::None, 0);
}

void ProxyExchange::clientDrained() {
    if (m_phase != Phase::Idle && m_upstream)
        m_upstream->setReadingPaused(false);
}

void ProxyExchange::upstreamDrained() {
    m_client.upstreamDrained();
}

// ---------------------------------------------------------------------------------------------
// Failures and retries (docs/ARCHITECTURE.md, "Failures and retries")

void ProxyExchange::upstreamFailed(UpstreamFailure failure, const QByteArray &detail) {
    if (m_phase == Phase::Idle)
        return;
    if (m_phase == Phase::Tunnel) {
        m_closeAfter = true; // a tunnel ends with both connections
        finish(Outcome::Upgraded);
        return;
    }
    const AttemptProgress progress = attemptProgress();
    if (RetryPolicy::blamesInstance(failure, progress)) {
        attemptFailed(detail);
    } else {
        m_record.attempts.last().error = detail;
        m_pickContext.excludedIndexes.removeLast(); // it may be picked again
    }
    // Out of descriptors is the gateway's own shortage, answered as such (README, "limits").
    const bool ours = failure == UpstreamFailure::NoResources;
    retryOrFail(ours ? Outcome::OutOfResources : Outcome::UpstreamError, ours ? 503 : 502, detail,
                RetryPolicy::mayRetryAfterFailure(failure, progress, m_record.method));
}

void ProxyExchange::attemptFailed(const QByteArray &error) {
    AttemptRecord &attempt = m_record.attempts.last();
    attempt.error = error;
    if (!isAttemptError(attempt)) // a 5xx cut off later was counted with its head
        ++m_backend->attemptErrors;
    attempt.instanceFault = true;
    m_environment.observer().attemptFinished(*m_route, *m_backend, true);
}

AttemptProgress ProxyExchange::attemptProgress() const {
    return AttemptProgress{
        .headSentUpstream = m_phase == Phase::Forwarding || hasResponseStarted(),
        .bodyStartedUpstream = m_bodyStartedUpstream,
        .responseBytesReceived = m_upstream && m_upstream->hasReceivedResponseBytes(),
        .responseStarted = hasResponseStarted(),
        .reusedConnection = m_upstream && m_upstream->wasReusedForThisExchange(),
    };
}

void ProxyExchange::retryOrFail(Outcome outcome, int status, const QByteArray &detail,
                                bool retryable) {
    releaseUpstream(false);
    if (hasResponseStarted()) {
        // Never fake a complete response: the client sees the connection cut.
        m_record.addFailure(detail);
        cut(Outcome::Aborted);
        return;
    }
    if (retryable && startAttempt())
        return;
    m_record.addFailure(detail);
    // With the request body still unread, the connection cannot carry another request.
    respondLocally(status, detail, outcome, !m_requestComplete);
    finish(outcome);
}

void ProxyExchange::deadlineExpired(Deadline kind) {
    const LimitsConfig &limits = m_environment.limits();
    switch (kind) {
    case Deadline::Send:
        cut(Outcome::SendTimeout);
        break;
    case Deadline::ResponseBody: {
        // The head is out: no 504 and no retry, the client sees its connection reset. The
        // instance failed the exchange, as with a response head that never came.
        const QByteArray detail = "response body stalled for " +
                                  QByteArray::number(limits.responseTimeout.count()) + " ms";
        attemptFailed(detail);
        m_record.addFailure(detail);
        cut(Outcome::Aborted);
        break;
    }
    case Deadline::Tunnel:
        // Nothing is cut mid-message in a tunnel, and an idle one is nobody's failure.
        m_record.addFailure("tunnel idle for " + QByteArray::number(limits.tunnelTimeout.count()) +
                            " ms");
        m_closeAfter = true;
        finish(Outcome::Upgraded);
        break;
    case Deadline::Connect:
        attemptFailed("connect timeout");
        retryOrFail(Outcome::UpstreamTimeout, 504, "connect timeout",
                    RetryPolicy::mayRetryAfterFailure(UpstreamFailure::ConnectFailed,
                                                      attemptProgress(), m_record.method));
        break;
    case Deadline::Response:
        attemptFailed("response timeout");
        retryOrFail(Outcome::UpstreamTimeout, 504, "no response in time",
                    RetryPolicy::mayRetryAfterResponseTimeout(attemptProgress(), m_record.method));
        break;
    default:
        Q_ASSERT_X(false, "ProxyExchange::deadlineExpired", "a session's deadline");
        break;
    }
}

// ---------------------------------------------------------------------------------------------
// Ending

void ProxyExchange::respondLocally(int status, const QByteArray &detail, Outcome outcome,
                                   bool closeAfter) {
    transitionTo(Phase::AnsweredLocally);
    m_closeAfter = m_closeAfter || closeAfter;
    m_record.status = status;
    m_record.outcome = outcome;
    m_record.timeToFirstByteUs = elapsedUs();
    if (m_record.picks.isEmpty() && m_record.failure.isEmpty())
        m_record.failure = detail;
    const QByteArray body = plainTextBody(status, detail);
    const ResponseBody withBody =
        m_answeringHead ? ResponseBody::OmitForHead : ResponseBody::Include;
    m_record.bytesOut = withBody == ResponseBody::Include ? body.size() : 0;
    const QByteArray response = plainTextResponse(status, body, m_closeAfter, withBody);
    if (m_capture)
        m_capture->responseSent(response);
    m_client.writeToClient(response);
}

void ProxyExchange::reject(const HttpError &error, Outcome outcome) {
    if (m_phase == Phase::Idle)
        beginIncomplete(); // the request failed before its head was complete
    m_record.failure = error.message;
    if (hasResponseStarted()) {
        cut(Outcome::Aborted);
        return;
    }
    releaseUpstream(false);
    respondLocally(error.status, error.message, outcome, true);
    finish(outcome);
}

void ProxyExchange::finishIfAnsweredLocally() {
    if (m_phase == Phase::AnsweredLocally)
        finish(m_record.outcome);
}

void ProxyExchange::clientClosed() {
    if (m_phase != Phase::Idle)
        finish(m_phase == Phase::Tunnel ? Outcome::Upgraded : Outcome::ClientClosed);
}

void ProxyExchange::endForShutdown(const QByteArray &reason) {
    m_record.addFailure(reason);
    finish(Outcome::Shutdown);
}

void ProxyExchange::releaseUpstream(bool reusable) {
    UpstreamLink *upstream = std::exchange(m_upstream, nullptr);
    if (m_backend && m_backendIndex >= 0) {
        --m_backend->activeRequests;
        m_backendIndex = -1;
    }
    if (!upstream)
        return;
    if (!reusable)
        upstream->close();
    m_environment.releaseUpstream(upstream);
}

void ProxyExchange::cut(Outcome outcome) {
    finish(outcome, true);
}

void ProxyExchange::finish(Outcome outcome, bool cut) {
    if (m_phase == Phase::Idle)
        return;
    const bool cleanUpstream = outcome == Outcome::Ok && m_requestComplete;
    releaseUpstream(cleanUpstream);
    transitionTo(Phase::Idle);
    m_record.outcome = outcome;
    m_record.totalUs = elapsedUs();
    m_record.target = m_environment.recordArena().copy(m_target);
    if (m_upstreamTargetSent) {
        if (m_upstreamTarget.from >= 0)
            m_record.setUpstreamTargetFrom(m_upstreamTarget.from);
        else
            m_record.setUpstreamTarget(m_upstreamTarget.rebuilt);
    }
    if (m_backend && outcome == Outcome::Ok)
        m_backend->latency.record(std::chrono::microseconds(m_record.totalUs));
    if (m_capture)
        m_environment.observer().exchangeCaptured(m_capture->finish(m_record));
    m_environment.observer().exchangeFinished(std::move(m_record));
    const ExchangeEnd end{
        .closeAfter = m_closeAfter,
        .requestComplete = m_requestComplete,
        .requestFraming = m_requestFraming,
        .cut = cut,
    };
    reset();
    m_client.exchangeEnded(end);
}
