#include "demo/democonnection.h"

#include "http/httpwriter.h"

namespace {

// Pipelined requests wait in the kernel once this much is buffered, not in memory without bound.
constexpr qint64 socketReadBufferBytes = 64 * 1024;
// /echo holds the whole body; larger ones get 413 from the parser.
constexpr qint64 maxHeaderBytes = 64 * 1024;
constexpr qint64 maxBodyBytes = 1024 * 1024;

} // namespace

DemoConnection::DemoConnection(QTcpSocket *socket, DemoBackend &backend)
    : QObject(&backend)
    , m_socket(socket)
    , m_backend(backend)
    , m_parser(HttpParser::Kind::Request, this)
    , m_input(socketReadBufferBytes) {
    m_socket->setParent(this);
    m_socket->setReadBufferSize(socketReadBufferBytes);
    m_parser.setLimits(maxHeaderBytes, maxBodyBytes);
    m_delayTimer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early (1500 ms measured as 1426 ms): a configured latency
    // is a floor the lessons rely on, never shortened.
    m_delayTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_delayTimer, &QTimer::timeout, this, [this] {
        sendReply();
        readRequests();
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &DemoConnection::readRequests);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        // A held reply has nowhere to go; the timer could otherwise fire before deletion.
        m_delayTimer.stop();
        Q_EMIT closed(this);
    });
}

DemoConnection::~DemoConnection() = default;

bool DemoConnection::onHeadComplete(const HttpMessageHead &) {
    m_body.clear();
    return true;
}

void DemoConnection::onBody(QByteArrayView data) {
    m_body.append(data);
}

void DemoConnection::onMessageComplete() {
    // Nothing to do here: feed() returns Paused right after, and readRequests() answers then.
}

void DemoConnection::readRequests() {
    while (m_state == State::ReadingRequest) {
        if (!m_input.refill(*m_socket))
            return;
        const HttpParser::Result result = m_input.feed(m_parser);
        switch (result.status) {
        case HttpParser::Status::NeedMoreData:
            break;
        case HttpParser::Status::Paused:
        case HttpParser::Status::Upgraded: // answered, then closed (Reply::closeConnection)
            answerRequest();
            break;
        case HttpParser::Status::Stopped:
            Q_UNREACHABLE(); // onHeadComplete() never stops the parser
            break;
        case HttpParser::Status::Failed:
            answerParseError();
            break;
        }
    }
}

void DemoConnection::answerRequest() {
    m_reply = m_backend.answer(m_parser.head(), m_body);
    m_body.clear();
    if (m_reply.delay.count() > 0) {
        setState(State::HoldingResponse);
        m_delayTimer.start(m_reply.delay);
        return;
    }
    sendReply();
}

void DemoConnection::answerParseError() {
    // Malformed requests are answered at once, without faults: they are not the demo's subject.
    const HttpError &error = m_parser.error();
    m_socket->write(plainTextResponse(error.status, plainTextBody(error.status, error.message),
                                      true, ResponseBody::Include));
    m_backend.countResponse(error.status, false);
    setState(State::Closing);
    m_socket->disconnectFromHost();
}

void DemoConnection::sendReply() {
    const bool cutShort = m_reply.bytesToSend < m_reply.bytes.size();
    const bool closeConnection = cutShort || m_reply.closeConnection;
    m_socket->write(m_reply.bytes.constData(), m_reply.bytesToSend);
    m_backend.countResponse(m_reply.status, cutShort);
    m_reply = {};
    if (closeConnection) {
        // disconnectFromHost() writes what is buffered first, so the part of a cut-short
        // response surely arrives before the close (an abort could lose it to an RST).
        setState(State::Closing);
        m_socket->disconnectFromHost();
        return;
    }
    setState(State::ReadingRequest);
    m_parser.resume();
}

void DemoConnection::setState(State state) {
    // Closing is final: nothing is read or answered after the last reply.
    Q_ASSERT(m_state != State::Closing);
    m_state = state;
}
