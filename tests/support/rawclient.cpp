#include "rawclient.h"

#include "bodypattern.h"
#include "http/httpwriter.h"

namespace {
// Uploads are generated in pieces and topped up while the socket holds less than this.
constexpr qsizetype uploadPiece = 64 * 1024;
constexpr qint64 uploadWatermark = 256 * 1024;
} // namespace

ParsedResponse RawClient::exchangeOnce(quint16 port, const QByteArray &request) {
    RawClient client(port);
    if (!client.waitForConnected()) {
        ParsedResponse failed;
        failed.error = "cannot connect to the gateway";
        return failed;
    }
    client.send(request);
    return client.readResponse();
}

QMap<QByteArray, int> RawClient::countBodies(quint16 port, const QByteArray &target, int requests) {
    QMap<QByteArray, int> counts;
    for (int i = 0; i < requests; ++i) {
        const ParsedResponse response = exchangeOnce(port, request("GET", target));
        ++counts[response.complete ? response.body.bytes() : QByteArray("(incomplete)")];
    }
    return counts;
}

RawClient::RawClient(quint16 port, QObject *parent)
    : RawClient(port, QHostAddress(), parent) {}

RawClient::RawClient(quint16 port, const QHostAddress &localAddress, QObject *parent)
    : QObject(parent)
    , m_parser(HttpParser::Kind::Response, this) {
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawClient::processInput);
    connect(&m_socket, &QTcpSocket::bytesWritten, this, &RawClient::pumpUpload);
    connect(&m_socket, &QTcpSocket::disconnected, this, &RawClient::onDisconnected);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
        // Refused or reset: no disconnected() follows when the socket never connected.
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            onDisconnected();
    });
    m_readTick.setInterval(1);
    connect(&m_readTick, &QTimer::timeout, this, [this] {
        m_input.startTick();
        processInput();
    });
    if (!localAddress.isNull())
        m_socket.bind(localAddress);
    m_socket.connectToHost(QHostAddress::LocalHost, port);
}

RawClient::~RawClient() {
    // m_socket outlives the members declared after it: the disconnected() its destructor emits
    // must not reach this half-destroyed client.
    m_socket.disconnect(this);
    m_socket.abort();
}

QByteArray RawClient::request(QByteArrayView method, QByteArrayView target,
                              QByteArrayView extraHeaderLines) {
    QByteArray bytes;
    bytes.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
    bytes.append(extraHeaderLines).append("\r\n");
    return bytes;
}

bool RawClient::waitForConnected(int timeoutMs) {
    waitUntil(
        [this] { return m_socket.state() == QAbstractSocket::ConnectedState || m_peerClosed; },
        timeoutMs);
    return m_socket.state() == QAbstractSocket::ConnectedState && !m_peerClosed;
}

bool RawClient::isOpen() const {
    return m_socket.state() == QAbstractSocket::ConnectedState && !m_peerClosed;
}

bool RawClient::waitForDisconnected(int timeoutMs) {
    return waitUntil([this] { return m_peerClosed; }, timeoutMs);
}

void RawClient::send(const QByteArray &bytes) {
    m_socket.write(bytes);
}

void RawClient::sendGeneratedBody(qint64 totalBytes, UploadFraming framing) {
    m_uploadTotal = totalBytes;
    m_uploadSent = 0;
    m_uploadFraming = framing;
    m_uploadFinished = false;
    pumpUpload();
}

void RawClient::pumpUpload() {
    if (m_uploadFinished || m_socket.state() != QAbstractSocket::ConnectedState)
        return;
    const bool chunked = m_uploadFraming == UploadFraming::Chunked;
    while (m_uploadSent < m_uploadTotal && m_socket.bytesToWrite() < uploadWatermark) {
        const qsizetype length = qsizetype(qMin<qint64>(uploadPiece, m_uploadTotal - m_uploadSent));
        const QByteArray data = BodyPattern::bytes(m_uploadSent, length);
        if (chunked) {
            QByteArray framed;
            appendChunk(framed, data);
            m_socket.write(framed);
        } else {
            m_socket.write(data);
        }
        m_uploadSent += length;
    }
    if (m_uploadSent < m_uploadTotal)
        return;
    if (chunked)
        m_socket.write(lastChunk.data(), lastChunk.size());
    m_uploadFinished = true;
}

void RawClient::setReadLimit(qint64 bytesPerTick) {
    m_input.setTickBudget(bytesPerTick);
    // The socket's own buffer is capped too, or Qt would drain the kernel into it.
    m_socket.setReadBufferSize(bytesPerTick);
    if (bytesPerTick > 0)
        m_readTick.start();
    else
        m_readTick.stop();
}

void RawClient::startResponse(ResponseTo to) {
    if (m_readState == ReadState::Reading)
        return;
    m_current = ParsedResponse{};
    m_readState = ReadState::Reading;
    m_parser.setAnsweringHead(to == ResponseTo::Head);
    if (m_parserPaused) {
        m_parserPaused = false;
        m_parser.resume();
    }
    processInput();
}

bool RawClient::waitForCurrent(ResponseTo to, const std::function<bool()> &condition,
                               int timeoutMs) {
    if (m_readState == ReadState::Idle)
        startResponse(to);
    waitUntil([&] { return condition() || m_readState != ReadState::Reading; }, timeoutMs);
    return condition();
}

ParsedResponse RawClient::readResponse(ResponseTo to, int timeoutMs) {
    waitForCurrent(
        to, [this] { return m_readState == ReadState::Finished; }, timeoutMs);
    if (m_readState == ReadState::Reading) {
        ParsedResponse partial = m_current;
        partial.error = "no complete response within " + QByteArray::number(timeoutMs) +
                        " ms (head received: " + (partial.headReceived ? "yes" : "no") +
                        ", body bytes: " + QByteArray::number(partial.body.size()) + ')';
        return partial;
    }
    m_readState = ReadState::Idle;
    return m_current;
}

bool RawClient::waitForHead(ResponseTo to, int timeoutMs) {
    return waitForCurrent(
        to, [this] { return m_current.headReceived; }, timeoutMs);
}

bool RawClient::waitForInterim(int status, int timeoutMs) {
    return waitForCurrent(
        ResponseTo::Other, [this, status] { return m_current.interimStatuses.contains(status); },
        timeoutMs);
}

QByteArray RawClient::readRaw(qsizetype count, int timeoutMs) {
    waitUntil([&] { return m_tunnelBytes.size() >= count || m_peerClosed; }, timeoutMs);
    const QByteArray bytes = m_tunnelBytes.left(count);
    m_tunnelBytes.remove(0, bytes.size());
    return bytes;
}

bool RawClient::onHeadComplete(const HttpMessageHead &head) {
    const int status = head.statusCode();
    if (status >= 200 || status == 101) {
        m_current.headReceived = true;
        m_current.status = status;
        m_current.reason = head.reasonPhrase().toByteArray();
        m_current.versionMinor = head.versionMinor();
        m_current.headers = HeaderList::fromHead(head);
        m_current.framing = head.framing();
    }
    return true;
}

void RawClient::onBody(QByteArrayView data) {
    m_current.body.append(data);
}

void RawClient::processInput() {
    for (;;) {
        if (m_tunnel) {
            while (m_input.refill(m_socket))
                m_tunnelBytes.append(m_input.takeAll());
            return;
        }
        if (m_readState != ReadState::Reading)
            return; // bytes of a response nobody asked for yet stay unread
        if (!m_input.refill(m_socket)) {
            if (m_peerClosed && m_socket.bytesAvailable() == 0)
                handleEndOfStream();
            return;
        }
        const HttpParser::Result result = m_parser.feed(m_input.pending());
        m_input.consume(result.consumed);
        switch (result.status) {
        case HttpParser::Status::NeedMoreData:
        case HttpParser::Status::Stopped:
            break;
        case HttpParser::Status::Paused:
            if (m_parser.head().statusCode() < 200) {
                // An interim response; the final one follows.
                m_current.interimStatuses.append(m_parser.head().statusCode());
                m_parser.resume();
                break;
            }
            m_parserPaused = true;
            finishResponse({});
            return;
        case HttpParser::Status::Upgraded:
            m_tunnel = true;
            m_tunnelBytes.append(m_input.takeAll());
            finishResponse({});
            break;
        case HttpParser::Status::Failed:
            finishResponse("malformed response from the gateway: " + m_parser.error().message);
            return;
        }
    }
}

void RawClient::handleEndOfStream() {
    if (m_readState != ReadState::Reading)
        return;
    const bool started = m_parser.isMidMessage();
    if (m_parser.finish().status == HttpParser::Status::Paused) {
        m_parserPaused = true; // a close-delimited body ended
        finishResponse({});
        return;
    }
    if (!started) {
        finishResponse("connection closed before a response");
        return;
    }
    finishResponse("connection closed mid-response after " +
                   QByteArray::number(m_current.body.size()) + " body bytes");
}

void RawClient::finishResponse(const QByteArray &error) {
    m_current.complete = error.isEmpty();
    m_current.error = error;
    m_readState = ReadState::Finished;
    // A copy: a receiver may start the next response, which resets m_current.
    const ParsedResponse finished = m_current;
    Q_EMIT responseFinished(finished);
}

void RawClient::onDisconnected() {
    if (m_peerClosed)
        return;
    m_peerClosed = true;
    processInput();
}
