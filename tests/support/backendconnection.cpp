#include "backendconnection.h"

#include "bodypattern.h"
#include "http/headerrules.h"
#include "http/httpwriter.h"
#include "scriptedbackend.h"

#include <QTcpSocket>
#include <sys/socket.h>

namespace {
// Generated bodies are written in pieces of this size while the socket's own buffer holds
// less than writeWatermark, so a large reply never sits in memory whole.
constexpr qsizetype defaultPiece = 64 * 1024;
constexpr qint64 writeWatermark = 256 * 1024;
} // namespace

BackendConnection::BackendConnection(QTcpSocket *socket, int index, qint64 readLimit,
                                     ScriptedBackend &backend)
    : QObject(&backend)
    , m_socket(socket)
    , m_backend(backend)
    , m_parser(HttpParser::Kind::Request, this)
    , m_index(index) {
    m_socket->setParent(this);
    m_parser.setLimits(1024 * 1024, 0);
    connect(m_socket, &QTcpSocket::readyRead, this, &BackendConnection::processInput);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &BackendConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &BackendConnection::onDisconnected);
    if (readLimit > 0) {
        // The socket's own buffer is capped too, or Qt would drain the kernel into it.
        m_socket->setReadBufferSize(readLimit);
        m_input.setTickBudget(readLimit);
        m_readTick.setInterval(1);
        connect(&m_readTick, &QTimer::timeout, this, [this] {
            m_input.startTick();
            processInput();
        });
        m_readTick.start();
    }
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        QMetaObject::invokeMethod(this, &BackendConnection::onDisconnected, Qt::QueuedConnection);
}

BackendConnection::~BackendConnection() {
    m_socket->disconnect(this);
}

void BackendConnection::closeGracefully() {
    if (m_state == State::Closed)
        return;
    m_socket->disconnectFromHost();
}

void BackendConnection::reset() {
    if (m_state == State::Closed)
        return;
    // SO_LINGER with a zero timeout makes close() send a RST instead of a FIN.
    const linger option{1, 0};
    ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &option, sizeof(option));
    m_socket->abort();
    onDisconnected();
}

void BackendConnection::processInput() {
    while (m_state == State::ReadingRequest || m_state == State::Echoing) {
        if (!m_input.refill(*m_socket))
            return;
        const QByteArrayView pending = m_input.pending();
        if (m_state == State::Echoing) {
            m_socket->write(pending.data(), pending.size());
            m_input.consume(pending.size());
            continue;
        }
        const HttpParser::Result result = m_parser.feed(pending);
        m_input.consume(result.consumed);
        switch (result.status) {
        case HttpParser::Status::NeedMoreData:
        case HttpParser::Status::Stopped:
            break;
        case HttpParser::Status::Paused:
            if (m_state == State::ReadingRequest) // not answered at its head already
                requestComplete(false);
            break;
        case HttpParser::Status::Upgraded:
            requestComplete(true);
            break;
        case HttpParser::Status::Failed:
            qWarning("backend %s: bad request from the gateway: %s", m_backend.name().constData(),
                     m_parser.error().message.constData());
            m_socket->abort();
            onDisconnected();
            return;
        }
    }
}

bool BackendConnection::onHeadComplete(const HttpMessageHead &head) {
    m_request = ReceivedRequest{};
    m_request.method = head.method().toByteArray();
    m_request.target = head.target().toByteArray();
    m_request.versionMinor = head.versionMinor();
    m_request.headers = HeaderList::fromHead(head);
    m_request.connectionIndex = m_index;
    const std::optional<QByteArrayView> expect = head.value("expect");
    if (m_backend.expectContinue() == ScriptedBackend::ExpectContinue::SendContinue && expect &&
        equalsIgnoringCase(*expect, "100-continue"))
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    if (m_backend.answerAt() == ScriptedBackend::AnswerAt::Head) {
        // After the parser returns: its callbacks still record the body bytes that came along.
        m_state = State::Replying;
        QMetaObject::invokeMethod(
            this, [this] { requestComplete(false); }, Qt::QueuedConnection);
    }
    return true;
}

void BackendConnection::onBody(QByteArrayView data) {
    m_request.body.append(data);
}

void BackendConnection::requestComplete(bool upgraded) {
    m_answeringHead = m_request.method == "HEAD";
    m_upgradeProtocol = m_request.headers.value("upgrade").value_or("websocket");
    m_state = State::Replying;
    m_reply = m_backend.answer(std::move(m_request));
    // After an Upgrade request the bytes that follow are not HTTP unless the switch happens.
    if (upgraded && m_reply.kind != BackendReply::Kind::SwitchProtocols)
        m_reply.connection = BackendReply::Connection::Close;
    if (m_backend.answerAt() == ScriptedBackend::AnswerAt::Head)
        m_reply.connection = BackendReply::Connection::Close; // the rest of the request is unread
    if (m_reply.delayMs > 0)
        QTimer::singleShot(m_reply.delayMs, this, &BackendConnection::startReply);
    else
        startReply();
}

void BackendConnection::startReply() {
    if (m_state != State::Replying)
        return;
    switch (m_reply.kind) {
    case BackendReply::Kind::NoAnswer:
        return;
    case BackendReply::Kind::Raw:
        m_socket->write(m_reply.rawBytes);
        finishReply();
        return;
    case BackendReply::Kind::SwitchProtocols: {
        QByteArray head = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n";
        head.append("Upgrade: ").append(m_upgradeProtocol);
        head.append("\r\n\r\n");
        m_socket->write(head);
        m_state = State::Echoing;
        QMetaObject::invokeMethod(this, &BackendConnection::processInput, Qt::QueuedConnection);
        return;
    }
    case BackendReply::Kind::Response:
        break;
    }
    writeResponseHead();
    const bool hasBody = !m_answeringHead && m_reply.framing != BackendReply::Framing::NoBody;
    const qint64 total =
        m_reply.generatedBodyBytes > 0 ? m_reply.generatedBodyBytes : m_reply.body.size();
    m_bodyLimit = hasBody ? total : 0;
    if (m_reply.ending != BackendReply::Ending::Complete)
        m_bodyLimit = qMin(m_bodyLimit, m_reply.endAfterBodyBytes);
    m_bodySent = 0;
    m_pumping = true;
    pumpBody();
}

void BackendConnection::writeResponseHead() {
    QByteArray head;
    appendStatusLine(head, m_reply.status,
                     m_reply.reason.isEmpty() ? reasonPhrase(m_reply.status)
                                              : QByteArrayView(m_reply.reason));
    for (const HeaderList::Field &field : m_reply.headers.fields())
        appendHeader(head, field.name, field.value);
    const qint64 total =
        m_reply.generatedBodyBytes > 0 ? m_reply.generatedBodyBytes : m_reply.body.size();
    switch (m_reply.framing) {
    case BackendReply::Framing::ContentLength:
        appendHeader(head, "Content-Length", total);
        break;
    case BackendReply::Framing::Chunked:
        appendHeader(head, "Transfer-Encoding", "chunked");
        break;
    case BackendReply::Framing::UntilClose:
    case BackendReply::Framing::NoBody:
        break;
    }
    if (m_reply.connection == BackendReply::Connection::Close &&
        m_reply.framing != BackendReply::Framing::UntilClose)
        appendHeader(head, "Connection", "close");
    appendEndOfHead(head);
    m_socket->write(head);
}

void BackendConnection::pumpBody() {
    const qsizetype piece = m_reply.chunkSize > 0 ? m_reply.chunkSize : defaultPiece;
    const bool chunked = m_reply.framing == BackendReply::Framing::Chunked;
    const bool trickling = m_reply.pieceIntervalMs > 0;
    if (m_state == State::Closed)
        return; // a trickle's next piece, after the gateway closed the connection
    while (m_bodySent < m_bodyLimit && m_socket->bytesToWrite() < writeWatermark) {
        const qsizetype length = qsizetype(qMin<qint64>(piece, m_bodyLimit - m_bodySent));
        const QByteArray data = m_reply.generatedBodyBytes > 0
                                    ? BodyPattern::bytes(m_bodySent, length)
                                    : m_reply.body.mid(m_bodySent, length);
        if (chunked) {
            QByteArray framed;
            appendChunk(framed, data);
            m_socket->write(framed);
        } else {
            m_socket->write(data);
        }
        m_bodySent += length;
        if (trickling)
            break;
    }
    if (m_bodySent < m_bodyLimit) {
        if (trickling)
            QTimer::singleShot(m_reply.pieceIntervalMs, this, &BackendConnection::pumpBody);
        return; // otherwise continued from bytesWritten
    }
    m_pumping = false;
    switch (m_reply.ending) {
    case BackendReply::Ending::Complete:
        if (chunked && !m_answeringHead)
            m_socket->write(lastChunk.data(), lastChunk.size());
        finishReply();
        return;
    case BackendReply::Ending::Close:
        closeGracefully();
        return;
    case BackendReply::Ending::Stall:
        return;
    }
}

void BackendConnection::finishReply() {
    if (!m_reply.strayBytes.isEmpty()) {
        QTimer::singleShot(m_reply.strayDelayMs, this, [this, stray = m_reply.strayBytes] {
            if (m_state != State::Closed)
                m_socket->write(stray);
        });
    }
    if (m_reply.connection == BackendReply::Connection::Close ||
        (m_reply.kind == BackendReply::Kind::Response &&
         m_reply.framing == BackendReply::Framing::UntilClose)) {
        closeGracefully();
        return;
    }
    m_state = State::ReadingRequest;
    m_parser.resume();
    QMetaObject::invokeMethod(this, &BackendConnection::processInput, Qt::QueuedConnection);
}

void BackendConnection::onBytesWritten() {
    if (m_pumping && m_reply.pieceIntervalMs == 0) // a trickle is paced by its timer alone
        pumpBody();
}

void BackendConnection::onDisconnected() {
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_readTick.stop();
    Q_EMIT closed();
}
