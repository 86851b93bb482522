#include "proxy/clientconnection.h"

#include "http/headerrules.h"
#include "http/httpwriter.h"
#include "proxy/exchangeobserver.h"
#include "proxy/monotonicclock.h"
#include "proxy/proxyserver.h"
#include "proxy/retrypolicy.h"
#include "proxy/routetable.h"
#include "proxy/socketbuffers.h"
#include "proxy/upstreamconnection.h"
#include "proxy/upstreampool.h"

#include <QDateTime>
#include <QHostAddress>
#include <QScopedValueRollback>
#include <algorithm>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

Outcome outcomeForParserError(int status) {
    switch (status) {
    case 413:
        return Outcome::BodyTooLarge;
    case 431:
        return Outcome::HeadersTooLarge;
    default:
        return Outcome::BadRequest;
    }
}

} // namespace

ClientConnection::ClientConnection(qintptr socketDescriptor, ProxyServer &server)
    : m_server(server)
    , m_parser(HttpParser::Kind::Request, this)
    , m_idleSinceMs(monotonicMillis()) {
    attachSocket(socketDescriptor);
    m_clientAddress = m_socket->peerAddress().toString().toLatin1();
    const LimitsConfig &limits = server.limits();
    m_parser.setLimits(limits.maxHeaderBytes, limits.maxBodyBytes);
    setDeadline(Deadline::FirstRequest, limits.headerTimeout.count());
}

ClientConnection::~ClientConnection() {
    if (isParked()) {
        m_server.parking().leave(m_parkedDescriptor, this);
        ::close(m_parkedDescriptor);
        return;
    }
    if (m_exchange.upstream)
        releaseUpstream(false);
    m_socket->disconnect(this);
    m_socket->abort();
}

void ClientConnection::attachSocket(qintptr socketDescriptor) {
    m_socket = std::make_unique<QTcpSocket>();
    if (!m_socket->setSocketDescriptor(socketDescriptor))
        ::close(int(socketDescriptor)); // Qt did not take it; the connection closes below
    m_socket->setReadBufferSize(SocketBuffers::socketReadLimit);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket.get(), &QTcpSocket::readyRead, this, &ClientConnection::onReadyRead);
    connect(m_socket.get(), &QTcpSocket::bytesWritten, this, &ClientConnection::onBytesWritten);
    connect(m_socket.get(), &QTcpSocket::disconnected, this, &ClientConnection::onDisconnected);
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        QMetaObject::invokeMethod(this, &ClientConnection::onDisconnected, Qt::QueuedConnection);
}

// ---------------------------------------------------------------------------------------------
// Parking (docs/ARCHITECTURE.md, "Idle connections")

bool ClientConnection::parkIfResting(qint64 nowMs) {
    if (!m_socket || nowMs - m_idleSinceMs < parkAfterIdleMs)
        return false;
    const bool resting = m_state == State::WaitingForRequest && !m_exchange.active &&
                         !m_closeWhenIdle && !m_peerClosed && !m_parserPaused &&
                         m_inputOffset == m_input.size() && m_socket->bytesAvailable() == 0 &&
                         m_socket->bytesToWrite() == 0 &&
                         m_socket->state() == QAbstractSocket::ConnectedState;
    if (!resting)
        return false;
    // QTcpSocket cannot give its descriptor away: keep a duplicate, and the socket's close of
    // the original leaves the connection open (close(2), not shutdown(2)).
    const int descriptor = fcntl(int(m_socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    if (descriptor < 0)
        return false; // out of descriptors: stay in the event loop
    if (!m_server.parking().park(descriptor, this)) {
        ::close(descriptor);
        return false;
    }
    m_socket->disconnect(this);
    m_socket.reset();
    m_parkedDescriptor = descriptor;
    // What a resting connection still held: the last request's bytes, parsed head and
    // response head.
    m_input = QByteArray();
    m_inputOffset = 0;
    m_scratch = QByteArray();
    m_parser.releaseHead();
    return true;
}

void ClientConnection::wakeFromParking() {
    const int descriptor = std::exchange(m_parkedDescriptor, -1);
    m_server.parking().leave(descriptor, this);
    // The new socket's read notifier reports the waiting bytes, or the peer's close, on the
    // event loop's next pass; the sweep may run before that pass and must not see a connection
    // resting since long ago, or it would park it again unread.
    m_idleSinceMs = monotonicMillis();
    attachSocket(descriptor);
}

qint64 ClientConnection::elapsedUs() const {
    return monotonicMicros() - m_exchange.startUs;
}

void ClientConnection::setDeadline(Deadline kind, qint64 afterMs) {
    m_deadline = kind;
    m_deadlineMs = kind == Deadline::None ? 0 : monotonicMillis() + afterMs;
}

// ---------------------------------------------------------------------------------------------
// Reading the client

void ClientConnection::onReadyRead() {
    if (m_state == State::Lingering) {
        discardLingeringInput();
        return;
    }
    processInput();
}

bool ClientConnection::refillInput() {
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return false;
    // Sized by what is there: an idle keep-alive connection that read one small request keeps
    // a small buffer instead of a 64 KiB one (heaptrack: the largest cost per idle connection,
    // docs/BENCHMARKS.md). A bulk transfer grows it to readChunk once and keeps it.
    m_input.resize(std::min(available, SocketBuffers::readChunk));
    const qint64 read = m_socket->read(m_input.data(), m_input.size());
    m_input.resize(read > 0 ? read : 0);
    m_inputOffset = 0;
    return read > 0;
}

bool ClientConnection::upstreamIsBackedUp() const {
    if (!m_exchange.active || m_exchange.localResponse)
        return false;
    if (!m_exchange.headSentUpstream)
        return m_exchange.pendingBody.size() > SocketBuffers::highWatermark;
    return m_exchange.upstream &&
           m_exchange.upstream->bytesToWrite() > SocketBuffers::highWatermark;
}

void ClientConnection::processInput() {
    // Writes and flushes inside the parser's callbacks can emit signals that lead back here
    // (bytesWritten → upstreamDrained); the running loop re-checks its conditions on every
    // pass, so a nested call has nothing to add and must not feed the parser twice.
    if (m_processingInput || isParked())
        return; // parked: the parking wakes the connection when bytes come
    const QScopedValueRollback<bool> processing(m_processingInput, true);
    m_waitingForUpstreamDrain = false;
    while (m_state != State::Closing && m_state != State::Lingering && m_state != State::Closed) {
        if (m_parserPaused)
            return;
        if (upstreamIsBackedUp()) {
            m_waitingForUpstreamDrain = true;
            return;
        }
        if (m_state == State::Exchanging && m_exchange.upgradeRequested &&
            m_exchange.requestComplete)
            return; // bytes after an Upgrade request wait for the 101 (or are dropped)
        if (m_inputOffset == m_input.size() && !refillInput()) {
            if (m_peerClosed)
                onDisconnected();
            return;
        }
        const QByteArrayView pending = QByteArrayView(m_input).sliced(m_inputOffset);
        if (m_state == State::Tunnel) {
            m_inputOffset = m_input.size();
            m_exchange.record.bytesIn += pending.size();
            if (m_deadline == Deadline::Tunnel)
                setDeadline(Deadline::Tunnel, m_server.limits().tunnelTimeout.count());
            if (m_exchange.upstream)
                m_exchange.upstream->write(pending);
            continue;
        }
        if (m_state == State::WaitingForRequest) {
            m_state = State::ReadingRequest;
            setDeadline(Deadline::Header, m_server.limits().headerTimeout.count());
        }
        const HttpParser::Result result = m_parser.feed(pending);
        m_inputOffset += result.consumed;
        switch (result.status) {
        case HttpParser::Status::NeedMoreData:
            break;
        case HttpParser::Status::Paused:
            // A request completed; the next one (pipelined) waits until its response is done.
            m_parserPaused = true;
            if (m_exchange.active && m_exchange.localResponse)
                finishExchange(m_exchange.record.outcome);
            return;
        case HttpParser::Status::Upgraded:
            return; // onMessageComplete ran; the rest is for the tunnel
        case HttpParser::Status::Stopped:
            return; // a local response with a body left unread: closing
        case HttpParser::Status::Failed:
            rejectRequest(m_parser.error(), outcomeForParserError(m_parser.error().status));
            return;
        }
    }
}

void ClientConnection::onDisconnected() {
    if (m_state == State::Closed)
        return;
    m_peerClosed = true;
    // Unread bytes are still processed (a pipelined request followed by a half-close).
    if (m_socket->bytesAvailable() > 0 && m_state != State::Closing &&
        m_state != State::Lingering && !m_parserPaused) {
        processInput();
        if (m_state == State::Closed)
            return;
    }
    if (m_exchange.active && m_socket->state() != QAbstractSocket::ConnectedState) {
        if (m_state == State::Tunnel)
            finishExchange(Outcome::Upgraded);
        else
            finishExchange(Outcome::ClientClosed);
    }
    if (m_state != State::Closed && m_socket->state() != QAbstractSocket::ConnectedState) {
        m_state = State::Closed;
        Q_EMIT closed(this);
    }
}

// ---------------------------------------------------------------------------------------------
// Requests

bool ClientConnection::onHeadComplete(const HttpMessageHead &head) {
    Exchange &exchange = m_exchange;
    exchange = Exchange{};
    exchange.active = true;
    exchange.startUs = monotonicMicros();
    m_state = State::Exchanging;
    setDeadline(Deadline::None, 0);

    RequestRecord &record = exchange.record;
    record.id = m_server.nextRequestId();
    record.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    record.clientAddress = m_clientAddress;
    record.method = head.method().toByteArray();
    record.target = head.target().toByteArray();
    exchange.requestFraming = head.framing();
    exchange.answeringHead = head.method() == "HEAD";
    exchange.clientIsHttp10 = head.versionMinor() == 0;
    exchange.upgradeRequested = head.isUpgrade();
    exchange.closeAfter = !head.keepAlive() || m_closeWhenIdle;
    const bool hasBody = head.framing() != BodyFraming::None;

    // Before routing: a request this gateway forwarded has come back (an instance that is the
    // gateway itself, or leads to it), and forwarding it again would repeat until every
    // descriptor is used.
    if (viaNames(head, m_server.viaPseudonym())) {
        respondLocally(508,
                       "this request has passed through this gateway already (its Via names " +
                           m_server.viaPseudonym() +
                           "): an instance of the route leads back to the gateway",
                       Outcome::LoopDetected, hasBody);
        return finishLocalResponseEarly(hasBody);
    }
    exchange.routes = m_server.routes();
    std::optional<RouteTable::Match> match = exchange.routes->match(head.target());
    if (!match) {
        respondLocally(404, "no route for " + head.target().toByteArray(), Outcome::NoRoute,
                       hasBody);
        return finishLocalResponseEarly(hasBody);
    }
    exchange.route = match->route;
    exchange.upstreamTarget = std::move(match->upstreamTarget);
    record.routeId = exchange.route->id;
    exchange.pickContext.clientAddress = m_clientAddress;

    if (!startAttempt()) {
        respondLocally(503,
                       "no instance of route '" + exchange.route->id.toUtf8() + "' is available",
                       Outcome::NoBackend, hasBody);
        return finishLocalResponseEarly(hasBody);
    }
    return true;
}

// A request answered by the gateway before its body was read: the body stays unread, so the
// connection closes after the response (returns false to stop the parser). Without a body the
// exchange finishes when the parser reports the message complete.
bool ClientConnection::finishLocalResponseEarly(bool hasBody) {
    if (!hasBody)
        return true;
    finishExchange(m_exchange.record.outcome);
    return false;
}

bool ClientConnection::startAttempt() {
    Exchange &exchange = m_exchange;
    Balancer &balancer = *exchange.route->balancer;
    PickResult pick = balancer.pick(exchange.pickContext);
    exchange.record.picks.append(std::move(pick.explanation));
    if (!pick.backend)
        return false;

    exchange.backend = std::move(pick.backend);
    exchange.backendIndex = pick.index;
    exchange.pickContext.excludedIndexes.append(pick.index);
    Backend &backend = *exchange.backend;
    ++backend.activeRequests;
    ++backend.requests;

    RequestRecord &record = exchange.record;
    record.backendId = backend.id;
    record.backendIndex = pick.index;
    record.backendName = backend.name;
    record.backendUrl = backend.encodedUrl;
    AttemptRecord attempt;
    attempt.backendId = backend.id;
    attempt.backendIndex = pick.index;
    attempt.backendName = backend.name;
    record.attempts.append(attempt);

    exchange.headSentUpstream = false;
    exchange.upstream = m_server.pool().acquire(exchange.backend);
    exchange.upstream->attach(this, exchange.answeringHead, m_server.limits().maxHeaderBytes);
    if (exchange.upstream->isConnected())
        sendHeadUpstream();
    else
        setDeadline(Deadline::Connect, m_server.limits().connectTimeout.count());
    return true;
}

void ClientConnection::sendHeadUpstream() {
    Exchange &exchange = m_exchange;
    QByteArray &out = m_scratch;
    out.resize(0);
    UpstreamRequestOptions options;
    options.upstreamTarget = exchange.upstreamTarget;
    options.clientAddress = m_clientAddress;
    options.viaPseudonym = m_server.viaPseudonym();
    options.upgrade = exchange.upgradeRequested;
    appendUpstreamRequestHead(out, m_parser.head(), *exchange.backend, options);
    exchange.record.upstreamTarget = exchange.upstreamTarget;
    if (!exchange.pendingBody.isEmpty()) {
        out.append(exchange.pendingBody);
        exchange.bodyStartedUpstream = true;
        exchange.pendingBody.clear();
    }
    exchange.upstream->write(out);
    exchange.headSentUpstream = true;
    if (exchange.requestComplete) {
        exchange.upstream->flush();
        setDeadline(Deadline::Response, m_server.limits().responseTimeout.count());
    } else {
        // The response timeout starts once the request is complete; a client that stalls its
        // body is the client's fault, never the instance's (it must not count against health).
        setDeadline(Deadline::RequestBody, m_server.limits().idleTimeout.count());
    }
}

void ClientConnection::sendBodyUpstream(QByteArrayView framed) {
    Exchange &exchange = m_exchange;
    if (exchange.headSentUpstream && exchange.upstream) {
        exchange.upstream->write(framed);
        exchange.bodyStartedUpstream = true;
    } else {
        exchange.pendingBody.append(framed);
    }
}

void ClientConnection::onBody(QByteArrayView data) {
    Exchange &exchange = m_exchange;
    exchange.record.bytesIn += data.size();
    if (exchange.localResponse)
        return;
    if (m_deadline == Deadline::RequestBody)
        setDeadline(Deadline::RequestBody, m_server.limits().idleTimeout.count());
    if (exchange.requestFraming == BodyFraming::Chunked) {
        QByteArray framed;
        appendChunk(framed, data);
        sendBodyUpstream(framed);
    } else {
        sendBodyUpstream(data);
    }
}

void ClientConnection::onMessageComplete() {
    Exchange &exchange = m_exchange;
    exchange.requestComplete = true;
    if (!exchange.localResponse && exchange.requestFraming == BodyFraming::Chunked)
        sendBodyUpstream(lastChunk);
    if (exchange.headSentUpstream && exchange.upstream)
        exchange.upstream->flush();
    if (m_deadline == Deadline::RequestBody)
        setDeadline(Deadline::Response, m_server.limits().responseTimeout.count());
}

// ---------------------------------------------------------------------------------------------
// Responses

void ClientConnection::upstreamConnected() {
    sendHeadUpstream();
}

void ClientConnection::upstreamHead(const HttpMessageHead &head) {
    Exchange &exchange = m_exchange;
    const int status = head.statusCode();
    if (status >= 100 && status < 200 && status != 101) {
        // Interim responses (100 Continue, 103) are relayed; HTTP/1.0 clients never get them.
        if (!exchange.clientIsHttp10) {
            m_scratch.resize(0);
            ClientResponseOptions options;
            appendClientResponseHead(m_scratch, head, options);
            m_socket->write(m_scratch);
        }
        return;
    }
    setDeadline(Deadline::ResponseBody, m_server.limits().responseTimeout.count());
    RequestRecord &record = exchange.record;
    record.status = status;
    record.timeToFirstByteUs = elapsedUs();
    record.attempts.last().status = status;

    if (status == 101 && !exchange.upgradeRequested) {
        upstreamFailed(UpstreamFailure::BadResponse, "101 without an Upgrade request");
        return;
    }
    if (status != 101 && exchange.upgradeRequested)
        exchange.closeAfter = true; // refused upgrade: the client may already send other bytes

    ClientResponseOptions options;
    options.clientIsHttp10 = exchange.clientIsHttp10;
    options.answeringHead = exchange.answeringHead;
    options.closeConnection = exchange.closeAfter || m_closeWhenIdle;
    m_scratch.resize(0);
    exchange.responseFraming = appendClientResponseHead(m_scratch, head, options);
    exchange.closeAfter = options.closeConnection;
    exchange.responseStarted = true;
    m_socket->write(m_scratch);
    if (status == 101)
        startTunnel();
}

void ClientConnection::upstreamBody(QByteArrayView data) {
    Exchange &exchange = m_exchange;
    exchange.record.bytesOut += data.size();
    if (m_deadline == Deadline::ResponseBody) // nginx's proxy_read_timeout: between two reads
        setDeadline(Deadline::ResponseBody, m_server.limits().responseTimeout.count());
    if (exchange.responseFraming == ClientBodyFraming::Chunked) {
        m_scratch.resize(0);
        appendChunk(m_scratch, data);
        m_socket->write(m_scratch);
    } else {
        m_socket->write(data.data(), data.size());
    }
    holdBackUpstream();
}

void ClientConnection::upstreamComplete() {
    Exchange &exchange = m_exchange;
    const int status = exchange.record.status;
    m_server.observer().attemptFinished(*exchange.route, *exchange.backend,
                                        exchange.route->passiveHealth.countsAsFailure(status));
    if (status >= 500)
        ++exchange.backend->errors;
    if (exchange.responseFraming == ClientBodyFraming::Chunked)
        m_socket->write(lastChunk.data(), lastChunk.size());
    // flush() reports a client that is already gone synchronously (disconnected() →
    // onDisconnected()), which ends the exchange: nothing of it may be touched after that
    // (bench/slowclients.sh crashed the gateway here).
    m_socket->flush();
    if (!exchange.active)
        return;
    if (!exchange.requestComplete)
        exchange.closeAfter = true; // answered before the body was read: the rest is unread
    finishExchange(Outcome::Ok);
}

void ClientConnection::upstreamTunnelData(QByteArrayView rawBytes) {
    m_exchange.record.bytesOut += rawBytes.size();
    if (m_deadline == Deadline::Tunnel)
        setDeadline(Deadline::Tunnel, m_server.limits().tunnelTimeout.count());
    m_socket->write(rawBytes.data(), rawBytes.size());
    holdBackUpstream();
}

// Back-pressure towards the instance: a client that reads slowly pauses the upstream read
// instead of growing our buffer, and one that stops reading altogether is cut after
// idle_timeout so that it cannot hold an upstream connection forever. The instance's silence
// is not timed meanwhile (the gateway is the one not reading): Send replaces ResponseBody or
// Tunnel until the client drains.
void ClientConnection::holdBackUpstream() {
    if (m_socket->bytesToWrite() <= SocketBuffers::highWatermark || !m_exchange.upstream)
        return;
    m_exchange.upstream->setReadingPaused(true);
    if (m_deadline != Deadline::Send)
        setDeadline(Deadline::Send, m_server.limits().idleTimeout.count());
}

void ClientConnection::rearmStreamingDeadline() {
    const LimitsConfig &limits = m_server.limits();
    if (m_state == State::Tunnel)
        setDeadline(Deadline::Tunnel, limits.tunnelTimeout.count());
    else if (m_exchange.active && m_exchange.responseStarted)
        setDeadline(Deadline::ResponseBody, limits.responseTimeout.count());
    else
        setDeadline(Deadline::None, 0);
}

// bytesWritten() also fires synchronously inside flush(), in the middle of parsing: only a
// reader actually stopped by back-pressure is resumed here.
void ClientConnection::upstreamDrained() {
    if (!std::exchange(m_waitingForUpstreamDrain, false))
        return;
    processInput();
}

void ClientConnection::onBytesWritten() {
    const qint64 queued = m_socket->bytesToWrite();
    if (m_deadline == Deadline::Closing) // the client is reading: it gets another idle_timeout
        setDeadline(Deadline::Closing, m_server.limits().idleTimeout.count());
    if (m_state == State::Lingering && queued == 0 && !m_writingShutDown)
        shutDownWriting();
    const bool drained = queued <= SocketBuffers::lowWatermark;
    if (m_deadline == Deadline::Send) { // the client is reading: it gets another idle_timeout
        if (drained)
            rearmStreamingDeadline();
        else
            setDeadline(Deadline::Send, m_server.limits().idleTimeout.count());
    }
    if (!drained)
        return;
    if (m_exchange.active && m_exchange.upstream)
        m_exchange.upstream->setReadingPaused(false);
}

// Called while the upstream parser is still handing over the 101: the upstream side switches
// itself once the parser reports the upgrade; the client's early bytes follow from the event loop.
void ClientConnection::startTunnel() {
    m_state = State::Tunnel;
    setDeadline(Deadline::Tunnel, m_server.limits().tunnelTimeout.count());
    m_parserPaused = false;
    QMetaObject::invokeMethod(this, &ClientConnection::processInput, Qt::QueuedConnection);
}

void ClientConnection::upstreamFailed(UpstreamFailure failure, const QByteArray &detail) {
    Exchange &exchange = m_exchange;
    if (!exchange.active)
        return;
    if (m_state == State::Tunnel) {
        exchange.closeAfter = true; // a tunnel ends with both connections
        finishExchange(Outcome::Upgraded);
        return;
    }
    const AttemptProgress progress = attemptProgress();
    if (RetryPolicy::blamesInstance(failure, progress)) {
        attemptFailed(detail);
    } else {
        exchange.record.attempts.last().error = detail;
        exchange.pickContext.excludedIndexes.removeLast(); // it may be picked again
    }
    // Out of descriptors is the gateway's own shortage, answered as such (README, "limits").
    const bool ours = failure == UpstreamFailure::NoResources;
    retryOrFail(ours ? Outcome::OutOfResources : Outcome::UpstreamError, ours ? 503 : 502, detail,
                RetryPolicy::mayRetryAfterFailure(failure, progress, exchange.record.method));
}

void ClientConnection::attemptFailed(const QByteArray &error) {
    Exchange &exchange = m_exchange;
    exchange.record.attempts.last().error = error;
    ++exchange.backend->errors;
    m_server.observer().attemptFinished(*exchange.route, *exchange.backend, true);
}

AttemptProgress ClientConnection::attemptProgress() const {
    const Exchange &exchange = m_exchange;
    return AttemptProgress{
        .headSentUpstream = exchange.headSentUpstream,
        .bodyStartedUpstream = exchange.bodyStartedUpstream,
        .responseBytesReceived = exchange.upstream && exchange.upstream->hasReceivedResponseBytes(),
        .responseStarted = exchange.responseStarted,
        .reusedConnection = exchange.upstream && exchange.upstream->wasReusedForThisExchange(),
    };
}

void ClientConnection::retryOrFail(Outcome outcome, int status, const QByteArray &detail,
                                   bool retryable) {
    Exchange &exchange = m_exchange;
    releaseUpstream(false);
    if (exchange.responseStarted) {
        // Never fake a complete response: the client sees the connection cut.
        exchange.record.addFailure(detail);
        cutExchange(Outcome::Aborted);
        return;
    }
    if (retryable && startAttempt())
        return;
    exchange.record.addFailure(detail);
    // With the request body still unread, the connection cannot carry another request.
    respondLocally(status, detail, outcome, !exchange.requestComplete);
    finishExchange(outcome);
}

void ClientConnection::checkDeadlines(qint64 nowMs) {
    if (m_deadline == Deadline::None || nowMs < m_deadlineMs)
        return;
    const Deadline expired = m_deadline;
    setDeadline(Deadline::None, 0);
    switch (expired) {
    case Deadline::None:
        break;
    case Deadline::FirstRequest:
    case Deadline::Idle:
        closeGracefully();
        break;
    case Deadline::Header:
        rejectRequest({408, "request head not received in time"}, Outcome::HeaderTimeout);
        break;
    case Deadline::RequestBody:
        if (m_waitingForUpstreamDrain) { // the instance is the one not reading
            setDeadline(Deadline::RequestBody, m_server.limits().idleTimeout.count());
            break;
        }
        rejectRequest({408, "request body not received in time"}, Outcome::BodyTimeout);
        break;
    case Deadline::Send:
        cutExchange(Outcome::SendTimeout);
        break;
    case Deadline::ResponseBody: {
        // The head is out: no 504 and no retry, the client sees its connection reset. The
        // instance failed the exchange, as with a response head that never came.
        const QByteArray detail = "response body stalled for " +
                                  QByteArray::number(m_server.limits().responseTimeout.count()) +
                                  " ms";
        attemptFailed(detail);
        m_exchange.record.addFailure(detail);
        cutExchange(Outcome::Aborted);
        break;
    }
    case Deadline::Tunnel:
        // Nothing is cut mid-message in a tunnel, and an idle one is nobody's failure.
        m_exchange.record.addFailure("tunnel idle for " +
                                     QByteArray::number(m_server.limits().tunnelTimeout.count()) +
                                     " ms");
        m_exchange.closeAfter = true;
        finishExchange(Outcome::Upgraded);
        break;
    case Deadline::Closing:   // the client took nothing of what is queued for idle_timeout
    case Deadline::Lingering: // the answer had its time; what the client still sends is dropped
        abortConnection();
        break;
    case Deadline::Connect:
        attemptFailed("connect timeout");
        retryOrFail(Outcome::UpstreamTimeout, 504, "connect timeout",
                    RetryPolicy::mayRetryAfterFailure(UpstreamFailure::ConnectFailed,
                                                      attemptProgress(), m_exchange.record.method));
        break;
    case Deadline::Response:
        attemptFailed("response timeout");
        retryOrFail(
            Outcome::UpstreamTimeout, 504, "no response in time",
            RetryPolicy::mayRetryAfterResponseTimeout(attemptProgress(), m_exchange.record.method));
        break;
    }
}

// ---------------------------------------------------------------------------------------------
// Ending exchanges and connections

void ClientConnection::respondLocally(int status, const QByteArray &detail, Outcome outcome,
                                      bool closeAfter) {
    Exchange &exchange = m_exchange;
    exchange.localResponse = true;
    exchange.closeAfter = exchange.closeAfter || closeAfter;
    exchange.record.status = status;
    exchange.record.outcome = outcome;
    exchange.record.timeToFirstByteUs = elapsedUs();
    if (exchange.record.picks.isEmpty() && exchange.record.failure.isEmpty())
        exchange.record.failure = detail;
    m_socket->write(plainTextResponse(status, detail, exchange.closeAfter));
}

void ClientConnection::startIncompleteExchange() {
    m_exchange = Exchange{};
    m_exchange.active = true;
    m_exchange.startUs = monotonicMicros();
    m_exchange.record.id = m_server.nextRequestId();
    m_exchange.record.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_exchange.record.clientAddress = m_clientAddress;
}

void ClientConnection::rejectRequest(const HttpError &error, Outcome outcome) {
    if (!m_exchange.active)
        startIncompleteExchange(); // the request failed before its head was complete
    m_exchange.record.failure = error.message;
    if (m_exchange.responseStarted) {
        cutExchange(Outcome::Aborted);
        return;
    }
    releaseUpstream(false);
    respondLocally(error.status, error.message, outcome, true);
    finishExchange(outcome);
}

void ClientConnection::releaseUpstream(bool reusable) {
    UpstreamConnection *upstream = std::exchange(m_exchange.upstream, nullptr);
    if (m_exchange.backend && m_exchange.backendIndex >= 0) {
        --m_exchange.backend->activeRequests;
        m_exchange.backendIndex = -1;
    }
    if (!upstream)
        return;
    if (!reusable)
        upstream->close();
    m_server.pool().release(upstream);
}

void ClientConnection::finishExchange(Outcome outcome) {
    Exchange &exchange = m_exchange;
    if (!exchange.active)
        return;
    const bool cleanUpstream = outcome == Outcome::Ok && exchange.requestComplete;
    releaseUpstream(cleanUpstream);
    exchange.active = false;
    RequestRecord &record = exchange.record;
    record.outcome = outcome;
    record.totalUs = elapsedUs();
    if (exchange.backend && outcome == Outcome::Ok)
        exchange.backend->latency.record(std::chrono::microseconds(record.totalUs));
    m_server.observer().exchangeFinished(std::move(record));
    const bool closeAfter = exchange.closeAfter || m_closeWhenIdle || m_peerClosed;
    // For closeGracefully(): a body declared (also one refused in the head: 413) and not read.
    m_requestUnread = closeAfter && !exchange.requestComplete &&
                      (exchange.requestFraming != BodyFraming::None ||
                       m_parser.head().framing() != BodyFraming::None);
    exchange = Exchange{};

    if (closeAfter) {
        closeGracefully();
        return;
    }
    m_state = State::WaitingForRequest;
    setDeadline(Deadline::Idle, m_server.limits().idleTimeout.count());
    m_idleSinceMs = monotonicMillis();
    if (m_parserPaused) {
        m_parserPaused = false;
        m_parser.resume();
    }
    // Pipelined requests already received are served next.
    if (m_inputOffset < m_input.size() || m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &ClientConnection::processInput, Qt::QueuedConnection);
}

void ClientConnection::closeWhenIdle() {
    m_closeWhenIdle = true;
    if (!m_exchange.active && m_state != State::ReadingRequest)
        closeGracefully();
}

void ClientConnection::endForShutdown(const QByteArray &reason) {
    if (isParked() || m_state == State::Closing || m_state == State::Lingering ||
        m_state == State::Closed)
        return;
    if (!m_exchange.active && m_state == State::ReadingRequest)
        startIncompleteExchange(); // a head under way is a request the stop ends, too
    if (!m_exchange.active)
        return;
    m_exchange.record.addFailure(reason);
    // Closing: finishExchange() must not close gracefully, which could pass a cut response off
    // as complete (a close-delimited one); the owner deletes the connection, which resets it.
    resetOnClose();
    m_state = State::Closing;
    finishExchange(Outcome::Shutdown);
}

// A client that does not read what is queued would hold a closing connection forever: the
// Closing deadline (idle_timeout, re-armed by every write it takes) aborts it.
void ClientConnection::closeGracefully() {
    if (m_state == State::Closing || m_state == State::Lingering || m_state == State::Closed)
        return;
    if (isParked())
        wakeFromParking(); // closed through its socket, like every other connection
    setDeadline(Deadline::Closing, m_server.limits().idleTimeout.count());
    // Closing a socket with bytes unread in the kernel, or bytes still coming, makes the kernel
    // answer with a reset, which may reach the client before it read our answer and discard it
    // there (nginx's lingering close): a client whose request body was not read whole, or whose
    // bytes wait in the kernel, gets our FIN after the answer and its bytes are read and dropped
    // for a bounded time. What Qt or m_input already hold is out of the kernel and harmless.
    const bool connected = m_socket->state() == QAbstractSocket::ConnectedState;
    int unreadInKernel = 0;
    if (connected && ::ioctl(int(m_socket->socketDescriptor()), FIONREAD, &unreadInKernel) != 0)
        unreadInKernel = 0;
    if ((m_requestUnread || unreadInKernel > 0) && !m_peerClosed && connected) {
        m_state = State::Lingering;
        m_writingShutDown = false;
        m_lingeringDiscarded = 0;
        if (m_socket->bytesToWrite() == 0)
            shutDownWriting();
        // Not now: this may run inside the parser's callbacks, which read m_input.
        QMetaObject::invokeMethod(this, &ClientConnection::discardLingeringInput,
                                  Qt::QueuedConnection);
        return;
    }
    m_state = State::Closing;
    // Flushes what is queued, then closes; disconnected() follows.
    m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        QMetaObject::invokeMethod(this, &ClientConnection::onDisconnected, Qt::QueuedConnection);
}

void ClientConnection::resetOnClose() {
    // A reset, not a FIN: a client reading a close-delimited body (HTTP/1.0) would take a FIN
    // for the end of a complete response. SO_LINGER with a zero timeout makes close() reset.
    const linger option{1, 0};
    ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &option, sizeof(option));
}

// The answer is all with the kernel: our FIN follows it (shutdown(2), which QTcpSocket does not
// offer), and the lingering time starts. The client's close then ends the connection.
void ClientConnection::shutDownWriting() {
    m_writingShutDown = true;
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    setDeadline(Deadline::Lingering, lingeringTimeMs);
}

void ClientConnection::discardLingeringInput() {
    if (m_state != State::Lingering)
        return;
    m_lingeringDiscarded += m_input.size() - m_inputOffset;
    while (refillInput())
        m_lingeringDiscarded += m_input.size();
    m_input.resize(0);
    m_inputOffset = 0;
    if (m_lingeringDiscarded > lingeringMaxBytes)
        abortConnection();
}

void ClientConnection::abortConnection() {
    if (m_state == State::Closed)
        return;
    m_state = State::Closing;
    setDeadline(Deadline::None, 0);
    resetOnClose();
    m_socket->abort();
    QMetaObject::invokeMethod(this, &ClientConnection::onDisconnected, Qt::QueuedConnection);
}

void ClientConnection::cutExchange(Outcome outcome) {
    // Closing first: finishExchange() must not close gracefully, which would pass a cut
    // close-delimited response off as complete.
    m_state = State::Closing;
    finishExchange(outcome);
    abortConnection();
}
