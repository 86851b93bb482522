#pragma once

#include "http/httpinputbuffer.h"
#include "http/httpparser.h"
#include "traffic/trafficsummary.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTcpSocket>
#include <QTimer>
#include <chrono>
#include <memory>

// One keep-alive client connection of the traffic generator, with at most one request
// outstanding. Connects on the first send() and again on the next send() after the server
// closed it (keep-alive timeout, "Connection: close", an error). Responses are read with the
// project's strict HttpParser, so a malformed response from the gateway is counted, not guessed.
//
// Every send() ends in exactly one responded() or failed(), unless abort() comes first. Both are
// emitted after the connection is free again; a receiver should not call send() from inside
// them (the socket may still be in its own callback), but post it.
class TrafficConnection final : public QObject, private HttpParserListener {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficConnection)

public:
    TrafficConnection(const QString &host, quint16 port, const QByteArray &request,
                      std::chrono::milliseconds timeout, QObject *parent = nullptr);
    ~TrafficConnection() override;

    // No request outstanding: send() may be called.
    bool isFree() const { return m_state == State::Closed || m_state == State::Idle; }
    void send();
    // Closes the connection at once; an outstanding request gets no signal.
    void abort();

Q_SIGNALS:
    // A final response (1xx interim responses are skipped), timed from send().
    void responded(int status, std::chrono::microseconds latency);
    void failed(TrafficTransportError error);

private:
    enum class State {
        Closed,     // no socket connection; send() connects
        Connecting, // request waits for the connection
        Waiting,    // request written, response not complete
        Idle,       // connected, nothing outstanding
    };

    bool onHeadComplete(const HttpMessageHead &) override { return true; }
    void onBody(QByteArrayView) override {}
    void onMessageComplete() override {}

    void writeRequest();
    void processInput();
    void completeResponse();
    void onSocketGone();
    void fail(TrafficTransportError error);
    void closeSocket();

    const QString m_host;
    const quint16 m_port;
    const QByteArray m_request;
    QTcpSocket m_socket;
    std::unique_ptr<HttpParser> m_parser; // a fresh one per socket connection
    HttpInputBuffer m_input;
    QTimer m_timeout;
    QElapsedTimer m_sentAt;
    QAbstractSocket::SocketError m_lastError = QAbstractSocket::UnknownSocketError;
    State m_state = State::Closed;
};
