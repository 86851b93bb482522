#pragma once

#include "backendreply.h"
#include "http/httpparser.h"
#include "inputbuffer.h"
#include "receivedrequest.h"

#include <QObject>
#include <QTimer>

class QTcpSocket;
class ScriptedBackend;

// One connection accepted by a ScriptedBackend: parses requests one at a time (pipelined ones
// wait in the socket until the reply before them is done) and plays the handler's replies.
class BackendConnection final : public QObject, private HttpParserListener {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackendConnection)

public:
    // Takes ownership of socket.
    BackendConnection(QTcpSocket *socket, int index, qint64 readLimit, ScriptedBackend &backend);
    ~BackendConnection() override;

    void closeGracefully();
    void reset();

Q_SIGNALS:
    void closed();

private:
    enum class State { ReadingRequest, Replying, Echoing, Closed };

    bool onHeadComplete(const HttpMessageHead &head) override;
    void onBody(QByteArrayView data) override;
    void onMessageComplete() override {}

    void processInput();
    void requestComplete(bool upgraded);
    void startReply();
    void writeResponseHead();
    void pumpBody();
    void finishReply();
    void onBytesWritten();
    void onDisconnected();

    QTcpSocket *m_socket;
    ScriptedBackend &m_backend;
    HttpParser m_parser;
    InputBuffer m_input;
    QTimer m_readTick;
    int m_index;
    State m_state = State::ReadingRequest;
    ReceivedRequest m_request;
    BackendReply m_reply;
    QByteArray m_upgradeProtocol; // the request's Upgrade, repeated by a 101
    bool m_answeringHead = false;
    bool m_pumping = false;
    qint64 m_bodyLimit = 0; // body bytes this reply sends
    qint64 m_bodySent = 0;
};
