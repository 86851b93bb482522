#pragma once

#include "balancing/backend.h"
#include "http/httpinputbuffer.h"
#include "http/httpparser.h"
#include "proxy/upstreamhandler.h"
#include "proxy/upstreamlink.h"
#include "proxy/upstreamtransport.h"

#include <QObject>
#include <memory>

// One keep-alive connection to one backend instance. Parses responses with the strict parser,
// hands what it finds to the attached UpstreamHandler, and tells the pool whether it can be
// reused. A connection is reused only when the last response completed cleanly with keep-alive
// and no stray byte followed it. Reads and writes through an UpstreamTransport: a socket in the
// gateway, memory in the response fuzzer (docs/ARCHITECTURE.md, "The transport seam").
class UpstreamConnection final : public QObject,
                                 public UpstreamLink,
                                 private HttpParserListener,
                                 private UpstreamTransportListener {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UpstreamConnection)

public:
    enum class State { Connecting, Idle, Busy, Tunnel, Closed };

    UpstreamConnection(BackendPtr backend, std::unique_ptr<UpstreamTransport> transport,
                       QObject *parent = nullptr);
    ~UpstreamConnection() override;

    // Starts connecting. When the socket cannot even be created (out of descriptors or memory),
    // Qt reports it inside this call: the connection is then already Closed, and the exchange
    // that attaches to it hears upstreamFailed() from the event loop, never before it attached.
    void connectToBackend();
    // Interim (1xx) responses relayed before the final one, at most: each may carry a head of
    // maxHeadBytes, and a backend could otherwise send them forever.
    static constexpr int maxInterimResponses = 16;

    // Starts an exchange: responses go to handler until detach(). A response head over
    // maxHeadBytes fails the exchange (BadResponse).
    void attach(UpstreamHandler *handler, bool answeringHead, qint64 maxHeadBytes) override;
    void detach();

    void write(QByteArrayView data) override;
    // Hands what is queued to the kernel now instead of on the next event-loop pass (saves a
    // wake-up per message; called at message boundaries).
    void flush() override;
    qint64 bytesToWrite() const override;
    // Back-pressure from the client side: stop/resume reading the backend.
    void setReadingPaused(bool paused) override;
    void close() override;

    State state() const { return m_state; }
    bool isConnected() const override { return m_state == State::Idle || m_state == State::Busy; }
    bool isReusable() const;
    bool wasReusedForThisExchange() const override { return m_exchangesServed > 1; }
    // Whether a byte of the attached exchange's response has arrived.
    bool hasReceivedResponseBytes() const override { return m_responseBytesReceived; }
    const BackendPtr &backend() const { return m_backend; }
    qint64 idleSinceMs() const { return m_idleSinceMs; }

Q_SIGNALS:
    // An idle connection closed or sent stray bytes: the pool must drop it.
    void becameUnusable(UpstreamConnection *connection);

private:
    // HttpParserListener (responses).
    bool onHeadComplete(const HttpMessageHead &head) override;
    void onBody(QByteArrayView data) override;
    void onMessageComplete() override;

    // UpstreamTransportListener.
    void transportConnected() override;
    void transportReadable() override;
    void transportDisconnected() override;
    void transportFailed(QAbstractSocket::SocketError error, const QString &errorString) override;
    void transportWritten() override;

    void processInput();
    void handleEndOfStream();
    void fail(UpstreamFailure failure, const QByteArray &detail);

    BackendPtr m_backend;
    std::unique_ptr<UpstreamTransport> m_transport;
    HttpParser m_parser;
    UpstreamHandler *m_handler = nullptr;
    HttpInputBuffer m_input;
    State m_state = State::Connecting;
    int m_exchangesServed = 0;
    int m_interimResponses = 0; // in the current exchange
    qint64 m_idleSinceMs = 0;
    bool m_responseComplete = false;
    bool m_responseBytesReceived = false;
    bool m_keepAlive = true;
    bool m_readingPaused = false;
    bool m_strayBytes = false;
    bool m_peerClosed = false;
    bool m_processingInput = false; // processInput() is on the stack
    bool m_opening = false;         // connectToBackend() is on the stack
    bool m_failedOpening = false;   // failed inside connectToBackend(); reported from the loop
};
