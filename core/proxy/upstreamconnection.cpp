#include "proxy/upstreamconnection.h"

#include "net/socketshortage.h"
#include "proxy/monotonicclock.h"
#include "proxy/socketbuffers.h"

#include <QScopedValueRollback>

UpstreamConnection::UpstreamConnection(BackendPtr backend,
                                       std::unique_ptr<UpstreamTransport> transport,
                                       QObject *parent)
    : QObject(parent)
    , m_backend(std::move(backend))
    , m_transport(std::move(transport))
    , m_parser(HttpParser::Kind::Response, this)
    , m_input(SocketBuffers::readChunk) {
    m_transport->setListener(this);
}

UpstreamConnection::~UpstreamConnection() {
    m_handler = nullptr;
    m_transport.reset(); // aborts without reporting it
}

void UpstreamConnection::connectToBackend() {
    m_state = State::Connecting;
    const QScopedValueRollback<bool> opening(m_opening, true);
    m_transport->connectTo(m_backend->host, m_backend->port);
}

void UpstreamConnection::attach(UpstreamHandler *handler, bool answeringHead, qint64 maxHeadBytes) {
    Q_ASSERT(m_state == State::Connecting || m_state == State::Idle ||
             (m_state == State::Closed && m_failedOpening));
    m_handler = handler;
    m_parser.setAnsweringHead(answeringHead);
    m_parser.setLimits(maxHeadBytes, 0);
    m_interimResponses = 0;
    m_responseBytesReceived = false;
    m_responseComplete = false;
    m_keepAlive = true;
    ++m_exchangesServed;
    if (m_state == State::Idle)
        m_state = State::Busy;
}

void UpstreamConnection::detach() {
    m_handler = nullptr;
    if (m_state == State::Busy && isReusable()) {
        m_state = State::Idle;
        m_idleSinceMs = monotonicMillis();
        m_parser.resume();
        setReadingPaused(false);
    }
}

bool UpstreamConnection::isReusable() const {
    return (m_state == State::Busy || m_state == State::Idle) && m_responseComplete &&
           m_keepAlive && !m_strayBytes && m_transport->isConnected() &&
           m_transport->bytesToWrite() == 0;
}

void UpstreamConnection::write(QByteArrayView data) {
    m_transport->write(data);
}

void UpstreamConnection::flush() {
    m_transport->flush();
}

qint64 UpstreamConnection::bytesToWrite() const {
    return m_transport->bytesToWrite();
}

void UpstreamConnection::setReadingPaused(bool paused) {
    if (m_readingPaused == paused)
        return;
    m_readingPaused = paused;
    if (!paused)
        processInput();
}

void UpstreamConnection::close() {
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_handler = nullptr;
    m_transport->abort();
}

void UpstreamConnection::transportConnected() {
    m_state = m_handler ? State::Busy : State::Idle;
    m_idleSinceMs = monotonicMillis();
    if (m_handler)
        m_handler->upstreamConnected();
}

void UpstreamConnection::transportReadable() {
    if (m_state == State::Idle) {
        // Bytes with no request outstanding: never hand them to the next client
        // (docs/ARCHITECTURE.md, "What 'strict' means here").
        m_strayBytes = true;
        close();
        Q_EMIT becameUnusable(this);
        return;
    }
    processInput();
}

void UpstreamConnection::processInput() {
    // A handler's write or flush can lead back here through signals; the running loop carries on.
    if (m_processingInput)
        return;
    const QScopedValueRollback<bool> processing(m_processingInput, true);
    while (!m_readingPaused && m_handler && m_state != State::Closed) {
        if (!m_input.hasPending()) {
            if (m_transport->bytesAvailable() <= 0) {
                if (m_peerClosed)
                    handleEndOfStream();
                return;
            }
            if (!m_transport->refill(m_input))
                return;
            m_responseBytesReceived = true;
        }
        const QByteArrayView pending = m_input.pending();
        if (m_state == State::Tunnel) {
            m_input.consumeAll();
            m_handler->upstreamTunnelData(pending);
            continue;
        }
        if (m_responseComplete) {
            // The response ended but more bytes followed it: the connection is out of sync.
            m_strayBytes = true;
            return;
        }
        const HttpParser::Result result = m_input.feed(m_parser);
        switch (result.status) {
        case HttpParser::Status::NeedMoreData:
        case HttpParser::Status::Stopped:
            break;
        case HttpParser::Status::Paused:
            if (!m_responseComplete && m_interimResponses > maxInterimResponses) {
                fail(UpstreamFailure::BadResponse, "upstream sent more than " +
                                                       QByteArray::number(maxInterimResponses) +
                                                       " interim (1xx) responses");
                return;
            }
            if (!m_responseComplete)
                m_parser.resume(); // an interim 1xx response ended; the final one follows
            else if (m_input.hasPending())
                m_strayBytes = true;
            if (m_responseComplete && m_handler) {
                UpstreamHandler *handler = m_handler;
                handler->upstreamComplete();
                return;
            }
            break;
        case HttpParser::Status::Upgraded:
            // After a 101 the rest of the bytes, these included, are relayed as they are.
            m_state = State::Tunnel;
            break;
        case HttpParser::Status::Failed:
            fail(UpstreamFailure::BadResponse, m_parser.error().message);
            return;
        }
    }
}

bool UpstreamConnection::onHeadComplete(const HttpMessageHead &head) {
    m_keepAlive = head.keepAlive();
    const int status = head.statusCode();
    if (status >= 100 && status < 200 && status != 101 &&
        ++m_interimResponses > maxInterimResponses)
        return true; // not relayed: the exchange fails once this response ends
    if (m_handler)
        m_handler->upstreamHead(head);
    return true;
}

void UpstreamConnection::onBody(QByteArrayView data) {
    if (m_handler)
        m_handler->upstreamBody(data);
}

void UpstreamConnection::onMessageComplete() {
    const int status = m_parser.head().statusCode();
    // 1xx (other than 101) are interim: the final response still follows on this exchange.
    if (status >= 200 || status == 101)
        m_responseComplete = status != 101;
}

void UpstreamConnection::transportDisconnected() {
    if (m_state == State::Closed)
        return;
    // Bytes may still wait in the buffers (reading paused by back-pressure): they are handled
    // first, and the end of the stream after them.
    m_peerClosed = true;
    if (!m_handler || m_state == State::Connecting) {
        handleEndOfStream();
        return;
    }
    processInput();
}

void UpstreamConnection::handleEndOfStream() {
    if (m_state == State::Closed)
        return;
    if (m_state == State::Busy && m_handler && !m_responseComplete) {
        // A close-delimited body ends here; any other response was cut short.
        const HttpParser::Result result = m_parser.finish();
        if (result.status == HttpParser::Status::Paused && m_responseComplete) {
            m_keepAlive = false;
            m_state = State::Closed;
            m_handler->upstreamComplete();
            return;
        }
    }
    const State previous = m_state;
    UpstreamHandler *handler = m_handler;
    close();
    if (!handler) {
        Q_EMIT becameUnusable(this);
        return;
    }
    if (previous == State::Connecting)
        handler->upstreamFailed(UpstreamFailure::ConnectFailed,
                                "connection closed while connecting");
    else if (previous == State::Tunnel)
        handler->upstreamFailed(UpstreamFailure::Closed, "tunnel closed by backend");
    else if (!m_responseComplete)
        handler->upstreamFailed(UpstreamFailure::Closed, "connection closed by backend");
}

void UpstreamConnection::transportFailed(QAbstractSocket::SocketError error,
                                         const QString &errorString) {
    if (m_state == State::Closed)
        return;
    if (error == QAbstractSocket::RemoteHostClosedError)
        return; // disconnected() follows and handles it after the buffered bytes
    const bool connecting = m_state == State::Connecting;
    if (connecting && error == QAbstractSocket::SocketResourceError) {
        fail(UpstreamFailure::NoResources, "cannot open a connection: " + socketShortage());
        return;
    }
    QByteArray detail = connecting ? "connect failed: " : "";
    detail += errorString.toUtf8();
    if (connecting && error == QAbstractSocket::ConnectionRefusedError)
        detail = "connect refused";
    fail(connecting ? UpstreamFailure::ConnectFailed : UpstreamFailure::Closed, detail);
}

void UpstreamConnection::fail(UpstreamFailure failure, const QByteArray &detail) {
    UpstreamHandler *handler = m_handler;
    close();
    if (handler) {
        handler->upstreamFailed(failure, detail);
    } else if (m_opening) {
        // Inside connectToBackend(): the pool has not handed this connection out yet, so neither
        // dropping it now (the exchange would attach to a deleted object) nor calling a handler
        // is possible. The exchange attached by the next pass hears it then.
        m_failedOpening = true;
        QMetaObject::invokeMethod(
            this,
            [this, failure, detail] {
                if (UpstreamHandler *attached = std::exchange(m_handler, nullptr))
                    attached->upstreamFailed(failure, detail);
                else
                    Q_EMIT becameUnusable(this);
            },
            Qt::QueuedConnection);
    } else {
        Q_EMIT becameUnusable(this);
    }
}

void UpstreamConnection::transportWritten() {
    if (m_handler && m_transport->bytesToWrite() <= SocketBuffers::lowWatermark)
        m_handler->upstreamDrained();
}
