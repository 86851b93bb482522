#include "health/healthprobe.h"

#include "net/socketshortage.h"

namespace {

// A probe reads what has arrived in reads of at most this much (the answer is small).
constexpr qint64 readChunk = 16 * 1024;

bool isHealthyStatus(int status) {
    return status >= 200 && status < 400;
}

QByteArray socketErrorText(QAbstractSocket::SocketError error, const QString &description) {
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return QByteArrayLiteral("connection refused");
    case QAbstractSocket::RemoteHostClosedError:
        return QByteArrayLiteral("closed before a response");
    case QAbstractSocket::HostNotFoundError:
        return QByteArrayLiteral("host not found");
    default:
        return description.toUtf8();
    }
}

} // namespace

HealthProbe::HealthProbe(const Backend &backend, const QByteArray &path, Milliseconds timeout,
                         QObject *parent)
    : QObject(parent)
    , m_socket(this)
    , m_parser(HttpParser::Kind::Response, this)
    , m_input(readChunk)
    , m_timeout(this)
    , m_host(backend.host)
    , m_port(backend.port) {
    // The instance's base path applies to probes as it does to proxied requests.
    m_request = "GET " + backend.basePath + path + " HTTP/1.1\r\nHost: " + backend.authority +
                "\r\nUser-Agent: gateway-console-health-check\r\nConnection: close\r\n\r\n";
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeout);
    connect(&m_timeout, &QTimer::timeout, this, [this] { finish(0, "timeout"); });
    connect(&m_socket, &QTcpSocket::connected, this, [this] { m_socket.write(m_request); });
    connect(&m_socket, &QTcpSocket::readyRead, this, &HealthProbe::onReadyRead);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, &HealthProbe::onSocketError);
}

HealthProbe::~HealthProbe() {
    m_socket.disconnect(this);
    m_socket.abort();
}

void HealthProbe::start() {
    m_elapsed.start();
    m_timeout.start();
    m_socket.connectToHost(m_host, m_port);
}

bool HealthProbe::onHeadComplete(const HttpMessageHead &head) {
    // 1xx heads are interim; the final one decides.
    if (head.statusCode() >= 200)
        m_status = head.statusCode();
    return m_status == 0;
}

void HealthProbe::onReadyRead() {
    while (!m_finished) {
        if (!m_input.refill(m_socket))
            return;
        const HttpParser::Result result = m_input.feed(m_parser);
        switch (result.status) {
        case HttpParser::Status::NeedMoreData:
            break;
        case HttpParser::Status::Paused: // a complete 1xx; the final response follows
            m_parser.resume();
            break;
        case HttpParser::Status::Stopped:
            finish(m_status, QByteArray());
            return;
        case HttpParser::Status::Upgraded:
            finish(0, "unexpected protocol switch");
            return;
        case HttpParser::Status::Failed:
            finish(0, "bad response: " + m_parser.error().message);
            return;
        }
    }
}

void HealthProbe::onSocketError(QAbstractSocket::SocketError error) {
    // Qt reports only this when the socket cannot be created (out of descriptors or memory).
    if (error == QAbstractSocket::SocketResourceError) {
        m_noSocket = true;
        finish(0, "no socket: " + socketShortage());
        return;
    }
    finish(0, socketErrorText(error, m_socket.errorString()));
}

void HealthProbe::finish(int status, const QByteArray &error) {
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    m_socket.disconnect(this);
    m_socket.abort();
    HealthCheckResult result;
    result.ran = true;
    result.status = status;
    result.ok = error.isEmpty() && isHealthyStatus(status);
    result.error = error;
    result.noSocket = m_noSocket;
    if (error.isEmpty() && !result.ok)
        result.error = "unhealthy status " + QByteArray::number(status);
    result.durationUs = m_elapsed.nsecsElapsed() / 1000;
    result.at = QDateTime::currentDateTimeUtc();
    Q_EMIT finished(result);
}
