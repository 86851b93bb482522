#include "traffic/trafficconnection.h"

#include <QHostAddress>

namespace {
// One read of a response into the reused input buffer.
constexpr qint64 readChunk = 64 * 1024;
} // namespace

TrafficConnection::TrafficConnection(const QString &host, quint16 port, const QByteArray &request,
                                     std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_port(port)
    , m_request(request)
    , m_input(readChunk) {
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeout);
    connect(&m_timeout, &QTimer::timeout, this, [this] { fail(TrafficTransportError::Timeout); });
    connect(&m_socket, &QTcpSocket::connected, this, &TrafficConnection::writeRequest);
    connect(&m_socket, &QTcpSocket::readyRead, this, &TrafficConnection::processInput);
    connect(&m_socket, &QTcpSocket::disconnected, this, &TrafficConnection::onSocketGone);
    connect(&m_socket, &QTcpSocket::errorOccurred, this,
            [this](QAbstractSocket::SocketError error) {
                m_lastError = error;
                // A refused or failed connect emits no disconnected().
                if (m_socket.state() != QAbstractSocket::ConnectedState)
                    onSocketGone();
            });
}

TrafficConnection::~TrafficConnection() {
    // Nobody listens any more: the socket's last signals must not reach a half-destroyed object.
    m_socket.disconnect(this);
    m_socket.abort();
}

void TrafficConnection::send() {
    Q_ASSERT(isFree());
    m_sentAt.start();
    m_timeout.start();
    if (m_state == State::Idle) {
        writeRequest();
        return;
    }
    m_state = State::Connecting;
    m_lastError = QAbstractSocket::UnknownSocketError;
    m_input.clear();
    HttpParserListener *listener = this;
    m_parser = std::make_unique<HttpParser>(HttpParser::Kind::Response, listener);
    m_socket.connectToHost(m_host, m_port);
}

void TrafficConnection::abort() {
    m_timeout.stop();
    closeSocket();
}

void TrafficConnection::writeRequest() {
    m_state = State::Waiting;
    m_socket.write(m_request);
}

void TrafficConnection::processInput() {
    while (m_input.refill(m_socket)) {
        if (m_state != State::Waiting) {
            // Bytes nobody asked for: the connection is out of step with the server.
            m_input.clear();
            closeSocket();
            return;
        }
        const HttpParser::Result result = m_input.feed(*m_parser);
        switch (result.status) {
        case HttpParser::Status::NeedMoreData:
        case HttpParser::Status::Stopped: // never: onHeadComplete always continues
            break;
        case HttpParser::Status::Paused:
            m_parser->resume();
            if (m_parser->head().statusCode() >= 200)
                completeResponse();
            break;
        case HttpParser::Status::Upgraded: // a GET without Upgrade cannot be switched
        case HttpParser::Status::Failed:
            fail(TrafficTransportError::BadResponse);
            return;
        }
    }
}

void TrafficConnection::completeResponse() {
    const int status = m_parser->head().statusCode();
    const auto latency = std::chrono::microseconds(m_sentAt.nsecsElapsed() / 1000);
    m_timeout.stop();
    m_state = State::Idle;
    if (!m_parser->head().keepAlive())
        closeSocket();
    Q_EMIT responded(status, latency);
}

void TrafficConnection::onSocketGone() {
    if (m_state == State::Closed)
        return;
    if (m_state == State::Waiting) {
        processInput();
        if (m_state == State::Waiting) {
            // A close-delimited body ends here; anything else was cut short.
            if (m_parser->finish().status == HttpParser::Status::Paused &&
                m_parser->head().statusCode() >= 200) {
                completeResponse();
                closeSocket();
                return;
            }
        }
    }
    switch (m_state) {
    case State::Connecting:
        fail(m_lastError == QAbstractSocket::ConnectionRefusedError
                 ? TrafficTransportError::ConnectRefused
                 : TrafficTransportError::OtherSocketError);
        return;
    case State::Waiting:
        fail(m_lastError == QAbstractSocket::RemoteHostClosedError ||
                     m_lastError == QAbstractSocket::UnknownSocketError
                 ? TrafficTransportError::Reset
                 : TrafficTransportError::OtherSocketError);
        return;
    case State::Idle: // the server closed a keep-alive connection: reconnect on the next send()
    case State::Closed:
        closeSocket();
        return;
    }
}

void TrafficConnection::fail(TrafficTransportError error) {
    m_timeout.stop();
    closeSocket();
    Q_EMIT failed(error);
}

void TrafficConnection::closeSocket() {
    // State first: abort() emits disconnected() synchronously, which must find nothing to do.
    m_state = State::Closed;
    m_socket.abort();
}
