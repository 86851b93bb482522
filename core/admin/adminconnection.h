#pragma once

#include "admin/adminrequest.h"
#include "admin/adminresponder.h"
#include "admin/adminresponse.h"
#include "http/httpinputbuffer.h"
#include "http/httpparser.h"

#include <QObject>
#include <QTcpSocket>
#include <QTimer>
#include <chrono>

class AdminRouter;

// Limits of one admin API connection. Admin requests are small: a state read or a command with
// at most a short JSON body.
struct AdminLimits {
    qint64 maxHeaderBytes = 16 * 1024; // over it → 431
    qint64 maxBodyBytes = 64 * 1024;   // over it → 413
    // From the first byte of a request to its last → 408 and close.
    std::chrono::milliseconds requestTimeout{10000};
    // A keep-alive connection with no request for this long is closed.
    std::chrono::milliseconds idleTimeout{60000};
    // Connections served at once; AdminServer answers any more with 503 and closes them.
    int maxConnections = 64;
};

// One client of the admin API: reads requests with the project's llhttp wrapper (keep-alive,
// pipelined requests answered in order), hands each to the router and writes the answer.
// Handlers run in this thread; one that answers later (AdminResponder) holds the connection in
// Answering, where nothing more is read, so answers still go out in request order.
// Malformed input → the parser's status (400, 413, 431, 505) with a JSON error, then close.
class AdminConnection final : public QObject, private HttpParserListener {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdminConnection)

public:
    // Takes ownership of socket.
    AdminConnection(QTcpSocket *socket, const AdminRouter &router, const AdminLimits &limits,
                    QObject *parent = nullptr);
    ~AdminConnection() override;

    // Drops the connection now, unanswered, without emitting closed(). Safe while a handler of
    // this connection is running (the owner deletes the connection later).
    void abort();

Q_SIGNALS:
    // The connection is over; the owner deletes it later.
    void closed(AdminConnection *connection);

private:
    friend class AdminResponder;

    enum class State {
        Idle,           // between requests; idle timeout running
        ReadingRequest, // bytes of a request arrived; request timeout running
        Answering,      // a handler answers later; request timeout running, nothing read
        Closing,        // the last answer is being written, then the socket closes
        Closed,
    };

    // HttpParserListener
    bool onHeadComplete(const HttpMessageHead &head) override;
    void onBody(QByteArrayView data) override;
    void onMessageComplete() override;

    void processInput();
    void respond(AdminResponse::Connection connection);
    void writeAnswer(const AdminResponse &response);
    // For AdminResponder: the late answer to request number requestNumber.
    void answerLater(quint64 requestNumber, const AdminResponse &response);
    void respondAndClose(const AdminResponse &response);
    void onTimeout();
    void onDisconnected();
    void setState(State state);

    QTcpSocket *m_socket;
    const AdminRouter &m_router;
    AdminLimits m_limits;
    HttpParser m_parser;
    HttpInputBuffer m_input;
    AdminRequest m_request;
    bool m_keepAlive = true;
    // How the answer being prepared goes out.
    AdminResponse::Connection m_answerConnection = AdminResponse::Connection::KeepAlive;
    AdminResponse::Body m_answerBody = AdminResponse::Body::Include;
    quint64 m_requestNumber = 0; // of the request being answered; tells stale answers apart
    QTimer m_timer;
    State m_state = State::Idle;
};
