#include "demo/demobackend.h"

#include "demo/democonnection.h"
#include "http/httpmessagehead.h"
#include "http/httpwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <algorithm>
#include <utility>

namespace {

// A complete response; the head is needed to know where a cut-short response may stop.
struct Response {
    QByteArray bytes;
    qsizetype headBytes = 0;
};

Response buildResponse(const HttpMessageHead &request, bool closeConnection, int status,
                       QByteArrayView contentType, QByteArrayView body) {
    Response response;
    response.bytes.reserve(160 + body.size());
    appendStatusLine(response.bytes, status, reasonPhrase(status));
    appendHeader(response.bytes, "Content-Type", contentType);
    appendHeader(response.bytes, "Content-Length", body.size());
    if (closeConnection)
        appendHeader(response.bytes, "Connection", "close");
    else if (request.versionMinor() == 0)
        appendHeader(response.bytes, "Connection", "keep-alive"); // HTTP/1.0 defaults to close
    appendEndOfHead(response.bytes);
    response.headBytes = response.bytes.size();
    if (request.method() != "HEAD")
        response.bytes.append(body);
    return response;
}

} // namespace

DemoBackend::DemoBackend(QObject *parent)
    : QObject(parent) {
    connect(&m_server, &QTcpServer::newConnection, this, &DemoBackend::acceptConnections);
}

DemoBackend::~DemoBackend() = default;

bool DemoBackend::listen(quint16 port) {
    assertThread();
    Q_ASSERT(!m_server.isListening());
    if (!m_server.listen(QHostAddress::LocalHost, port)) {
        m_errorString = m_server.serverError() == QAbstractSocket::AddressInUseError
                            ? QStringLiteral("port %1 is already in use").arg(port)
                            : QStringLiteral("cannot listen on 127.0.0.1:%1: %2")
                                  .arg(port)
                                  .arg(m_server.errorString());
        return false;
    }
    m_port = m_server.serverPort();
    m_errorString.clear();
    return true;
}

void DemoBackend::kill() {
    assertThread();
    m_server.close();
    // Deleting a connection aborts its socket together with any reply its timer still holds.
    qDeleteAll(std::exchange(m_connections, {}));
}

bool DemoBackend::revive() {
    assertThread();
    Q_ASSERT_X(m_port != 0, "DemoBackend::revive", "revive() needs a port from listen()");
    if (m_server.isListening())
        return true;
    return listen(m_port);
}

void DemoBackend::setLatency(std::chrono::milliseconds latency) {
    assertThread();
    m_latency = std::max(latency, std::chrono::milliseconds(0));
}

void DemoBackend::setErrorRate(int percent) {
    assertThread();
    m_errorRatePercent = std::clamp(percent, 0, 100);
}

void DemoBackend::setResetMidResponse(bool reset) {
    assertThread();
    m_resetMidResponse = reset;
}

DemoInstanceState DemoBackend::state() const {
    assertThread();
    DemoInstanceState state;
    state.port = m_port;
    state.listening = m_server.isListening();
    state.latency = m_latency;
    state.errorRatePercent = m_errorRatePercent;
    state.resetMidResponse = m_resetMidResponse;
    state.requestsServed = m_requestsServed;
    state.responsesByStatus = m_responsesByStatus;
    state.responsesReset = m_responsesReset;
    state.responsesPending = int(std::count_if(
        m_connections.cbegin(), m_connections.cend(),
        [](const DemoConnection *connection) { return connection->isHoldingResponse(); }));
    state.openConnections = int(m_connections.size());
    return state;
}

DemoBackend::Reply DemoBackend::answer(const HttpMessageHead &head, QByteArrayView body) {
    const QByteArrayView target = head.target();
    const qsizetype queryStart = target.indexOf('?');
    const QByteArrayView path = queryStart < 0 ? target : target.first(queryStart);
    const bool healthCheck = path == "/healthz";

    Reply reply;
    // After an Upgrade request llhttp stops parsing; the demo speaks nothing but HTTP/1.1.
    reply.closeConnection = !head.keepAlive() || head.isUpgrade();
    reply.delay = m_latency;
    const bool fails = healthCheck ? m_errorRatePercent >= 100 : takeErrorTurn();
    Response response;
    if (fails) {
        reply.status = 500;
        const QByteArray text =
            "500 Internal Server Error: injected by demo instance :" + QByteArray::number(m_port) +
            '\n';
        response = buildResponse(head, reply.closeConnection, reply.status,
                                 "text/plain; charset=utf-8", text);
    } else if (healthCheck) {
        response = buildResponse(head, reply.closeConnection, reply.status,
                                 "text/plain; charset=utf-8", "ok");
    } else if (path == "/echo") {
        response = buildResponse(head, reply.closeConnection, reply.status, "application/json",
                                 echo(head, body));
    } else {
        const QByteArray text = "Hello from instance :" + QByteArray::number(m_port) + '\n';
        response = buildResponse(head, reply.closeConnection, reply.status,
                                 "text/plain; charset=utf-8", text);
    }

    reply.bytes = std::move(response.bytes);
    reply.bytesToSend = reply.bytes.size();
    if (m_resetMidResponse && !healthCheck) {
        // Half of the body; a response without one (HEAD) is cut in its head instead.
        const qsizetype bodyBytes = reply.bytes.size() - response.headBytes;
        reply.bytesToSend =
            bodyBytes > 0 ? response.headBytes + bodyBytes / 2 : response.headBytes / 2;
    }
    return reply;
}

QByteArray DemoBackend::echo(const HttpMessageHead &head, QByteArrayView body) const {
    const QByteArrayView target = head.target();
    const qsizetype queryStart = target.indexOf('?');
    QJsonArray headers;
    for (qsizetype i = 0; i < head.headerCount(); ++i) {
        headers.append(QJsonArray{QString::fromUtf8(head.headerName(i)),
                                  QString::fromUtf8(head.headerValue(i))});
    }
    const QJsonObject echo{
        {QStringLiteral("method"), QString::fromLatin1(head.method())},
        {QStringLiteral("path"),
         QString::fromUtf8(queryStart < 0 ? target : target.first(queryStart))},
        {QStringLiteral("query"),
         queryStart < 0 ? QString() : QString::fromUtf8(target.sliced(queryStart + 1))},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("body"), QString::fromUtf8(body)},
        {QStringLiteral("port"), int(m_port)},
    };
    return QJsonDocument(echo).toJson(QJsonDocument::Indented);
}

bool DemoBackend::takeErrorTurn() {
    m_errorCredit += m_errorRatePercent;
    if (m_errorCredit < 100)
        return false;
    m_errorCredit -= 100;
    return true;
}

void DemoBackend::countResponse(int status, bool cutShort) {
    ++m_requestsServed;
    ++m_responsesByStatus[status];
    if (cutShort)
        ++m_responsesReset;
}

void DemoBackend::acceptConnections() {
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *connection = new DemoConnection(socket, *this);
        connect(connection, &DemoConnection::closed, this, &DemoBackend::forget);
        m_connections.append(connection);
    }
}

void DemoBackend::forget(DemoConnection *connection) {
    m_connections.removeOne(connection);
    // Called from the socket's own signal: delete once it has returned.
    connection->deleteLater();
}

void DemoBackend::assertThread() const {
    Q_ASSERT_X(QThread::currentThread() == thread(), "DemoBackend",
               "a DemoBackend is used only in its own thread");
}
