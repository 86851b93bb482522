#pragma once

#include "demo/demobackend.h"
#include "http/httpinputbuffer.h"
#include "http/httpparser.h"

#include <QByteArray>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>

// One client connection of a DemoBackend. Requests are answered one at a time, in order, as Go's
// net/http does for HTTP/1.1: while a response is held back by the latency the connection reads
// nothing more, so pipelined requests wait in the socket (bounded by its read buffer) and their
// responses keep the order of the requests.
class DemoConnection final : public QObject, private HttpParserListener {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoConnection)

public:
    // Takes ownership of the connected socket; lives as a child of the backend.
    DemoConnection(QTcpSocket *socket, DemoBackend &backend);
    ~DemoConnection() override;

    bool isHoldingResponse() const { return m_state == State::HoldingResponse; }

Q_SIGNALS:
    // The socket has disconnected; the backend deletes the connection.
    void closed(DemoConnection *connection);

private:
    enum class State {
        ReadingRequest,  // parsing; the parser is running
        HoldingResponse, // a reply waits for m_delayTimer; nothing is read meanwhile
        Closing,         // the last bytes are being written, then the socket closes
    };

    // HttpParserListener.
    bool onHeadComplete(const HttpMessageHead &head) override;
    void onBody(QByteArrayView data) override;
    void onMessageComplete() override;

    void readRequests();
    void answerRequest();
    void answerParseError();
    void sendReply();
    void setState(State state);

    QTcpSocket *m_socket; // child of this object
    DemoBackend &m_backend;
    HttpParser m_parser;
    QTimer m_delayTimer;
    HttpInputBuffer m_input;
    QByteArray m_body;          // body of the request being read
    DemoBackend::Reply m_reply; // held while State::HoldingResponse
    State m_state = State::ReadingRequest;
};
