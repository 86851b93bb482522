#include "admin/adminconnection.h"

#include "admin/adminhostcheck.h"
#include "admin/adminrouter.h"

namespace {
// A client that sends requests without reading the answers is not read from while this much of
// its output is unsent, so a pipelining client cannot grow our buffers without bound.
constexpr qint64 outputHighWatermark = 256 * 1024;
constexpr qint64 readChunk = 16 * 1024;
} // namespace

AdminConnection::AdminConnection(QTcpSocket *socket, const AdminRouter &router,
                                 const AdminLimits &limits, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_router(router)
    , m_limits(limits)
    , m_parser(HttpParser::Kind::Request, this)
    , m_input(readChunk) {
    m_socket->setParent(this);
    // Unread bytes stay in the kernel, which pushes back on the client (TCP flow control).
    m_socket->setReadBufferSize(readChunk);
    m_parser.setLimits(limits.maxHeaderBytes, limits.maxBodyBytes);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &AdminConnection::onTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &AdminConnection::processInput);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &AdminConnection::processInput);
    connect(m_socket, &QTcpSocket::disconnected, this, &AdminConnection::onDisconnected);
    setState(State::Idle);
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        QMetaObject::invokeMethod(this, &AdminConnection::onDisconnected, Qt::QueuedConnection);
}

AdminConnection::~AdminConnection() {
    m_socket->disconnect(this);
    m_socket->abort();
}

void AdminConnection::abort() {
    if (m_state == State::Closed)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    setState(State::Closed);
}

void AdminConnection::setState(State state) {
    // Closing and Closed are final; everything else moves between Idle, ReadingRequest and
    // Answering.
    Q_ASSERT(m_state != State::Closed);
    Q_ASSERT(m_state != State::Closing || state == State::Closed);
    m_state = state;
    switch (state) {
    case State::Idle:
        m_timer.start(m_limits.idleTimeout);
        break;
    case State::ReadingRequest:
    case State::Answering:
        m_timer.start(m_limits.requestTimeout);
        break;
    case State::Closing:
        // A client that stops reading must not keep the connection forever.
        m_timer.start(m_limits.requestTimeout);
        break;
    case State::Closed:
        m_timer.stop();
        break;
    }
}

void AdminConnection::processInput() {
    while (m_state == State::Idle || m_state == State::ReadingRequest) {
        if (m_socket->bytesToWrite() > outputHighWatermark)
            return; // resumed by bytesWritten
        if (!m_input.refill(*m_socket))
            return;
        if (m_state == State::Idle)
            setState(State::ReadingRequest);
        const HttpParser::Result result = m_input.feed(m_parser);
        switch (result.status) {
        case HttpParser::Status::NeedMoreData:
            break;
        case HttpParser::Status::Paused:
            respond(AdminResponse::Connection::KeepAlive);
            m_parser.resume();
            break;
        case HttpParser::Status::Upgraded:
            // The admin API speaks nothing but HTTP/1.1; what follows the request is not ours.
            respond(AdminResponse::Connection::Close);
            return;
        case HttpParser::Status::Stopped:
            Q_UNREACHABLE(); // onHeadComplete never stops the parser
            return;
        case HttpParser::Status::Failed: {
            const HttpError &error = m_parser.error();
            respondAndClose(AdminResponse::error(error.status, QString::fromUtf8(error.message)));
            return;
        }
        }
    }
}

bool AdminConnection::onHeadComplete(const HttpMessageHead &head) {
    const QByteArrayView target = head.target();
    const qsizetype queryStart = target.indexOf('?');
    m_request = AdminRequest{};
    m_request.method = head.method().toByteArray();
    m_request.path = (queryStart < 0 ? target : target.first(queryStart)).toByteArray();
    if (queryStart >= 0)
        m_request.query = target.sliced(queryStart + 1).toByteArray();
    m_request.fromBrowser = head.value("origin").has_value();
    m_request.hostRefusal = adminHostRefusal(head.value("host"), m_socket->localAddress());
    m_keepAlive = head.keepAlive();
    return true;
}

void AdminConnection::onBody(QByteArrayView data) {
    m_request.body.append(data); // bounded by AdminLimits::maxBodyBytes in the parser
}

void AdminConnection::onMessageComplete() {
    // Answered in processInput() once the parser has paused, so that a close decided while
    // answering never happens inside a parser callback.
}

void AdminConnection::respond(AdminResponse::Connection connection) {
    m_answerBody =
        m_request.method == "HEAD" ? AdminResponse::Body::Omit : AdminResponse::Body::Include;
    m_answerConnection = m_keepAlive ? connection : AdminResponse::Connection::Close;
    // Answering before the handler runs, so that a responder used at once is accepted.
    setState(State::Answering);
    const std::optional<AdminResponse> response =
        m_router.dispatch(std::move(m_request), AdminResponder(this, ++m_requestNumber));
    m_request = AdminRequest{};
    if (response && m_state == State::Answering)
        writeAnswer(*response);
    // Otherwise the server closed while the handler ran, or the answer comes (came) later.
}

void AdminConnection::writeAnswer(const AdminResponse &response) {
    Q_ASSERT(m_state == State::Answering);
    m_socket->write(response.serialize(m_answerConnection, m_answerBody));
    if (m_answerConnection == AdminResponse::Connection::Close) {
        setState(State::Closing);
        m_socket->disconnectFromHost();
        return;
    }
    setState(State::Idle);
}

void AdminConnection::answerLater(quint64 requestNumber, const AdminResponse &response) {
    if (m_state != State::Answering || requestNumber != m_requestNumber)
        return; // timed out, closed, or answered already
    writeAnswer(response);
    // Pipelined requests wait in m_input; queued, because this may run inside processInput().
    if (m_state == State::Idle)
        QMetaObject::invokeMethod(this, &AdminConnection::processInput, Qt::QueuedConnection);
}

void AdminConnection::respondAndClose(const AdminResponse &response) {
    m_socket->write(
        response.serialize(AdminResponse::Connection::Close, AdminResponse::Body::Include));
    setState(State::Closing);
    m_socket->disconnectFromHost();
}

void AdminConnection::onTimeout() {
    switch (m_state) {
    case State::Idle:
        setState(State::Closing);
        m_socket->disconnectFromHost();
        return;
    case State::ReadingRequest:
        respondAndClose(AdminResponse::error(408, QStringLiteral("request not received in time")));
        return;
    case State::Answering:
        respondAndClose(AdminResponse::error(504, QStringLiteral("no answer within the request "
                                                                 "timeout")));
        return;
    case State::Closing:
        m_socket->abort();
        onDisconnected();
        return;
    case State::Closed:
        return;
    }
}

void AdminConnection::onDisconnected() {
    if (m_state == State::Closed)
        return;
    setState(State::Closed);
    Q_EMIT closed(this);
}
