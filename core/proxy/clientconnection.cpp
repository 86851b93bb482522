#include "proxy/clientconnection.h"

#include "config/gatewayconfig.h"
#include "proxy/exchangeenvironment.h"
#include "proxy/monotonicclock.h"
#include "proxy/phasetable.h"
#include "proxy/socketbuffers.h"

#include <QScopedValueRollback>
#include <array>

namespace {

using Phase = ClientConnection::Phase;

using Transition = PhaseMove<Phase>;

// Every move the session makes (docs/ARCHITECTURE.md, "The two state machines"). Any phase with
// a socket may close; Closing, the lingering phases and Closed only move towards the end.
constexpr std::array allowedTransitions{
    Transition{Phase::WaitingForRequest, Phase::ReadingHead},
    Transition{Phase::WaitingForRequest, Phase::Parked},
    Transition{Phase::Parked, Phase::WaitingForRequest},
    Transition{Phase::ReadingHead, Phase::Exchanging},
    Transition{Phase::Exchanging, Phase::RequestRead},
    Transition{Phase::Exchanging, Phase::Tunnel},
    Transition{Phase::Exchanging, Phase::WaitingForRequest}, // the exchange ended in a callback
    Transition{Phase::RequestRead, Phase::WaitingForRequest},
    Transition{Phase::RequestRead, Phase::Tunnel},
    Transition{Phase::WaitingForRequest, Phase::Closing},
    Transition{Phase::ReadingHead, Phase::Closing},
    Transition{Phase::Exchanging, Phase::Closing},
    Transition{Phase::RequestRead, Phase::Closing},
    Transition{Phase::Tunnel, Phase::Closing},
    Transition{Phase::WaitingForRequest, Phase::LingerFlushing},
    Transition{Phase::ReadingHead, Phase::LingerFlushing},
    Transition{Phase::Exchanging, Phase::LingerFlushing},
    Transition{Phase::RequestRead, Phase::LingerFlushing},
    Transition{Phase::Tunnel, Phase::LingerFlushing},
    Transition{Phase::LingerFlushing, Phase::Lingering},
    Transition{Phase::LingerFlushing, Phase::Closing}, // aborted
    Transition{Phase::Lingering, Phase::Closing},      // aborted
    Transition{Phase::Closing, Phase::Closing},        // aborted while closing
    Transition{Phase::WaitingForRequest, Phase::Closed},
    Transition{Phase::ReadingHead, Phase::Closed},
    Transition{Phase::Exchanging, Phase::Closed},
    Transition{Phase::RequestRead, Phase::Closed},
    Transition{Phase::Tunnel, Phase::Closed},
    Transition{Phase::Closing, Phase::Closed},
    Transition{Phase::LingerFlushing, Phase::Closed},
    Transition{Phase::Lingering, Phase::Closed},
};

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

ClientConnection::ClientConnection(std::unique_ptr<ClientTransport> transport,
                                   ExchangeEnvironment &environment)
    : m_environment(environment)
    , m_transport(std::move(transport))
    , m_parser(HttpParser::Kind::Request, this)
    , m_clientAddress(m_transport->peerAddress())
    , m_input(SocketBuffers::readChunk)
    , m_exchange(*this, environment, m_clientAddress)
    , m_idleSinceMs(monotonicMillis()) {
    m_transport->setListener(this);
    const LimitsConfig &limits = environment.limits();
    m_parser.setLimits(limits.maxHeaderBytes, limits.maxBodyBytes);
    setDeadline(Deadline::FirstRequest, limits.headerTimeout.count());
}

ClientConnection::~ClientConnection() {
    // Closed (reset, when resetOnClose() was called) before the exchange goes, as it always was;
    // the transport reports nothing from its destructor.
    m_transport.reset();
}

bool ClientConnection::isAllowed(Phase from, Phase to) {
    return isMoveListed(allowedTransitions, from, to);
}

const char *ClientConnection::phaseName(Phase phase) {
    switch (phase) {
    case Phase::WaitingForRequest:
        return "WaitingForRequest";
    case Phase::Parked:
        return "Parked";
    case Phase::ReadingHead:
        return "ReadingHead";
    case Phase::Exchanging:
        return "Exchanging";
    case Phase::RequestRead:
        return "RequestRead";
    case Phase::Tunnel:
        return "Tunnel";
    case Phase::Closing:
        return "Closing";
    case Phase::LingerFlushing:
        return "LingerFlushing";
    case Phase::Lingering:
        return "Lingering";
    case Phase::Closed:
        return "Closed";
    }
    return "?";
}

void ClientConnection::transitionTo(Phase next) {
    movePhase(m_phase, next, allowedTransitions, "client connection", phaseName);
}

// ---------------------------------------------------------------------------------------------
// Parking (docs/ARCHITECTURE.md, "Idle connections")

bool ClientConnection::parkIfResting(qint64 nowMs) {
    if (m_phase != Phase::WaitingForRequest || nowMs - m_idleSinceMs < parkAfterIdleMs)
        return false;
    const bool resting = !m_exchange.isActive() && !m_closeWhenIdle && !m_peerClosed &&
                         !m_input.hasPending() && m_transport->bytesAvailable() == 0 &&
                         m_transport->bytesToWrite() == 0 && m_transport->isConnected();
    if (!resting || !m_transport->park())
        return false;
    transitionTo(Phase::Parked);
    // What a resting connection still held: the last request's bytes, parsed head and
    // response head.
    m_input.release();
    m_exchange.releaseBuffers();
    m_parser.releaseHead();
    return true;
}

void ClientConnection::transportUnparked() {
    // What woke the transport is reported on the event loop's next pass; the sweep may run
    // before that pass and must not see a connection resting since long ago, or it would park
    // it again unread.
    m_idleSinceMs = monotonicMillis();
    transitionTo(Phase::WaitingForRequest);
}

void ClientConnection::setDeadline(Deadline kind, qint64 afterMs) {
    m_deadline = kind;
    m_deadlineMs = kind == Deadline::None ? 0 : monotonicMillis() + afterMs;
}

// ---------------------------------------------------------------------------------------------
// Reading the client

void ClientConnection::transportReadable() {
    if (m_phase == Phase::LingerFlushing || m_phase == Phase::Lingering) {
        discardLingeringInput();
        return;
    }
    processInput();
}

void ClientConnection::processInput() {
    // Writes and flushes inside the parser's callbacks can emit signals that lead back here
    // (bytesWritten → upstreamDrained); the running loop re-checks its conditions on every
    // pass, so a nested call has nothing to add and must not feed the parser twice.
    if (m_processingInput || isParked())
        return; // parked: the parking wakes the connection when bytes come
    const QScopedValueRollback<bool> processing(m_processingInput, true);
    m_waitingForUpstreamDrain = false;
    while (!isClosing()) {
        if (m_phase == Phase::RequestRead)
            return; // the next (pipelined) request waits until this response is done
        if (m_exchange.isUpstreamBackedUp()) {
            m_waitingForUpstreamDrain = true;
            return;
        }
        if (m_phase == Phase::Exchanging && m_exchange.isUpgradeRequested() &&
            m_exchange.isRequestComplete())
            return; // bytes after an Upgrade request wait for the 101 (or are dropped)
        if (!m_transport->refill(m_input)) {
            if (m_peerClosed)
                transportDisconnected();
            return;
        }
        if (m_phase == Phase::Tunnel) {
            const QByteArrayView pending = m_input.pending();
            m_input.consumeAll();
            m_exchange.tunnelFromClient(pending);
            continue;
        }
        if (m_phase == Phase::WaitingForRequest) {
            transitionTo(Phase::ReadingHead);
            setDeadline(Deadline::Header, m_environment.limits().headerTimeout.count());
        }
        const HttpParser::Result result = m_input.feed(m_parser);
        switch (result.status) {
        case HttpParser::Status::NeedMoreData:
            break;
        case HttpParser::Status::Paused:
            // A request completed; the next one (pipelined) waits until its response is done.
            if (m_phase != Phase::Exchanging) {
                // Its exchange already ended inside the parser's callbacks, and the session went
                // on (or is closing): the next request may be read now.
                if (m_phase == Phase::WaitingForRequest)
                    m_parser.resume();
                break;
            }
            transitionTo(Phase::RequestRead);
            m_exchange.finishIfAnsweredLocally();
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

void ClientConnection::transportDisconnected() {
    if (m_phase == Phase::Closed || isParked())
        return;
    m_peerClosed = true;
    // Unread bytes are still processed (a pipelined request followed by a half-close).
    if (m_transport->bytesAvailable() > 0 && !isClosing() && m_phase != Phase::RequestRead) {
        processInput();
        if (m_phase == Phase::Closed)
            return;
    }
    if (m_exchange.isActive() && !m_transport->isConnected())
        m_exchange.clientClosed();
    if (m_phase != Phase::Closed && !m_transport->isConnected()) {
        transitionTo(Phase::Closed);
        Q_EMIT closed(this);
    }
}

// ---------------------------------------------------------------------------------------------
// Requests: the parser's findings go to the exchange

bool ClientConnection::onHeadComplete(const HttpMessageHead &head) {
    transitionTo(Phase::Exchanging);
    setDeadline(Deadline::None, 0);
    return m_exchange.begin(head);
}

void ClientConnection::onBody(QByteArrayView data) {
    m_exchange.requestBody(data);
}

void ClientConnection::onMessageComplete() {
    m_exchange.requestComplete();
}

void ClientConnection::rejectRequest(const HttpError &error, Outcome outcome) {
    m_exchange.reject(error, outcome);
}

// ---------------------------------------------------------------------------------------------
// ClientSink

void ClientConnection::writeToClient(QByteArrayView bytes) {
    m_transport->write(bytes);
}

void ClientConnection::flushToClient() {
    m_transport->flush();
}

qint64 ClientConnection::clientBytesToWrite() const {
    return m_transport->bytesToWrite();
}

void ClientConnection::tunnelStarted() {
    transitionTo(Phase::Tunnel);
    // The client's early bytes follow from the event loop.
    QMetaObject::invokeMethod(this, &ClientConnection::processInput, Qt::QueuedConnection);
}

// bytesWritten() also fires synchronously inside flush(), in the middle of parsing: only a
// reader actually stopped by back-pressure is resumed here.
void ClientConnection::upstreamDrained() {
    if (!std::exchange(m_waitingForUpstreamDrain, false))
        return;
    processInput();
}

void ClientConnection::exchangeEnded(const ExchangeEnd &end) {
    if (end.cut) {
        // Never closeGracefully(): a FIN would pass a cut close-delimited response off as
        // complete.
        abortConnection();
        return;
    }
    if (isClosing())
        return; // endForShutdown(): the owner deletes the connection, which resets it
    const bool closeAfter = end.closeAfter || m_closeWhenIdle || m_peerClosed;
    // For closeGracefully(): a body declared (also one refused in the head: 413) and not read.
    m_requestUnread =
        closeAfter && !end.requestComplete &&
        (end.requestFraming != BodyFraming::None || m_parser.head().framing() != BodyFraming::None);
    if (closeAfter) {
        closeGracefully();
        return;
    }
    const bool parserPaused = m_phase == Phase::RequestRead;
    transitionTo(Phase::WaitingForRequest);
    setDeadline(Deadline::Idle, m_environment.limits().idleTimeout.count());
    m_idleSinceMs = monotonicMillis();
    if (parserPaused)
        m_parser.resume();
    // Pipelined requests already received are served next.
    if (m_input.hasPending() || m_transport->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &ClientConnection::processInput, Qt::QueuedConnection);
}

void ClientConnection::transportWritten() {
    const qint64 queued = m_transport->bytesToWrite();
    if (m_deadline == Deadline::Closing) // the client is reading: it gets another idle_timeout
        setDeadline(Deadline::Closing, m_environment.limits().idleTimeout.count());
    if (m_phase == Phase::LingerFlushing && queued == 0)
        shutDownWriting();
    const bool drained = queued <= SocketBuffers::lowWatermark;
    if (m_deadline == Deadline::Send) { // the client is reading: it gets another idle_timeout
        if (drained)
            m_exchange.rearmStreamingDeadline();
        else
            setDeadline(Deadline::Send, m_environment.limits().idleTimeout.count());
    }
    if (drained)
        m_exchange.clientDrained();
}

// ---------------------------------------------------------------------------------------------
// Deadlines

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
            setDeadline(Deadline::RequestBody, m_environment.limits().idleTimeout.count());
            break;
        }
        rejectRequest({408, "request body not received in time"}, Outcome::BodyTimeout);
        break;
    case Deadline::Closing:   // the client took nothing of what is queued for idle_timeout
    case Deadline::Lingering: // the answer had its time; what the client still sends is dropped
        abortConnection();
        break;
    case Deadline::Connect:
    case Deadline::Response:
    case Deadline::ResponseBody:
    case Deadline::Send:
    case Deadline::Tunnel:
        m_exchange.deadlineExpired(expired);
        break;
    }
}

// ---------------------------------------------------------------------------------------------
// Ending connections

void ClientConnection::closeWhenIdle() {
    m_closeWhenIdle = true;
    if (!m_exchange.isActive() && m_phase != Phase::ReadingHead)
        closeGracefully();
}

void ClientConnection::endForShutdown(const QByteArray &reason) {
    if (isParked() || isClosing())
        return;
    if (!m_exchange.isActive() && m_phase == Phase::ReadingHead)
        m_exchange.beginIncomplete(); // a head under way is a request the stop ends, too
    if (!m_exchange.isActive())
        return;
    // Closing first: the end of the exchange must not close gracefully, which could pass a cut
    // response off as complete (a close-delimited one); the owner deletes the connection, which
    // resets it.
    m_transport->resetOnClose();
    transitionTo(Phase::Closing);
    m_exchange.endForShutdown(reason);
}

// A client that does not read what is queued would hold a closing connection forever: the
// Closing deadline (idle_timeout, re-armed by every write it takes) aborts it.
void ClientConnection::closeGracefully() {
    if (isClosing())
        return;
    if (isParked())
        m_transport->unpark(); // closed through its socket, like every other connection
    setDeadline(Deadline::Closing, m_environment.limits().idleTimeout.count());
    // Closing a socket with bytes unread in the kernel, or bytes still coming, makes the kernel
    // answer with a reset, which may reach the client before it read our answer and discard it
    // there (nginx's lingering close): a client whose request body was not read whole, or whose
    // bytes wait in the kernel, gets our FIN after the answer and its bytes are read and dropped
    // for a bounded time. What the transport or m_input already hold is out of the kernel and
    // harmless.
    const bool connected = m_transport->isConnected();
    if ((m_requestUnread || m_transport->hasBytesInTransit()) && !m_peerClosed && connected) {
        transitionTo(Phase::LingerFlushing);
        m_lingeringDiscarded = 0;
        if (m_transport->bytesToWrite() == 0)
            shutDownWriting();
        // Not now: this may run inside the parser's callbacks, which read m_input.
        QMetaObject::invokeMethod(this, &ClientConnection::discardLingeringInput,
                                  Qt::QueuedConnection);
        return;
    }
    transitionTo(Phase::Closing);
    m_transport->closeAfterWriting();
}

// The answer is all with the kernel: our FIN follows it, and the lingering time starts. The
// client's close then ends the connection.
void ClientConnection::shutDownWriting() {
    transitionTo(Phase::Lingering);
    m_transport->shutDownWriting();
    setDeadline(Deadline::Lingering, lingeringTimeMs);
}

void ClientConnection::discardLingeringInput() {
    if (m_phase != Phase::LingerFlushing && m_phase != Phase::Lingering)
        return;
    do {
        m_lingeringDiscarded += m_input.pendingSize();
        m_input.consumeAll();
    } while (m_transport->refill(m_input));
    if (m_lingeringDiscarded > lingeringMaxBytes)
        abortConnection();
}

void ClientConnection::abortConnection() {
    if (m_phase == Phase::Closed)
        return;
    transitionTo(Phase::Closing);
    setDeadline(Deadline::None, 0);
    // A reset, not a FIN: a client reading a close-delimited body (HTTP/1.0) would take a FIN
    // for the end of a complete response.
    m_transport->resetOnClose();
    m_transport->abort();
    QMetaObject::invokeMethod(this, &ClientConnection::transportDisconnected, Qt::QueuedConnection);
}
