#pragma once

#include "backendreply.h"
#include "eventwait.h"
#include "receivedrequest.h"

#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>
#include <functional>

class BackendConnection;

// A backend instance for end-to-end tests: listens on 127.0.0.1 (port 0) in the test's thread,
// parses requests with the gateway's own strict HttpParser (so a malformed request from the
// gateway fails the test) and answers each as the test's handler says. It records every request
// and counts connections, which is how tests see keep-alive reuse.
class ScriptedBackend final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptedBackend)

public:
    using Handler = std::function<void(const ReceivedRequest &request, BackendReply &reply)>;
    enum class ExpectContinue {
        Ignore,       // the body is awaited silently
        SendContinue, // "100 Continue" as soon as a head with Expect: 100-continue arrives
    };
    enum class AnswerAt {
        RequestEnd, // the handler runs once the whole request is in
        // The handler runs and its reply starts as soon as a request's head is in, and the
        // connection closes after the reply: an instance that answers an upload without taking
        // it. Body bytes that came with the head are recorded; later ones are never read.
        Head,
    };

    // name is the default handler's response body, so that tests see who answered.
    explicit ScriptedBackend(const QByteArray &name, QObject *parent = nullptr);
    ~ScriptedBackend() override;

    quint16 port() const { return m_server.serverPort(); }
    QUrl url() const;
    const QByteArray &name() const { return m_name; }

    // Replaces the default handler (200, body = name).
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    // A handler that answers every request with exactly these bytes (malformed responses).
    void answerRaw(const QByteArray &bytes);
    void setExpectContinue(ExpectContinue policy) { m_expectContinue = policy; }
    ExpectContinue expectContinue() const { return m_expectContinue; }
    void setAnswerAt(AnswerAt when) { m_answerAt = when; }
    AnswerAt answerAt() const { return m_answerAt; }
    // Reads at most bytesPerTick per millisecond on connections accepted from now on (0: as
    // fast as bytes come): a slow reader, so that the gateway must hold back the client.
    void setReadLimit(qint64 bytesPerTick) { m_readLimit = bytesPerTick; }

    const QList<ReceivedRequest> &requests() const { return m_requests; }
    bool waitForRequests(qsizetype count, int timeoutMs = defaultWaitMs);
    int connectionsAccepted() const { return m_connectionsAccepted; }
    int connectionsClosed() const { return m_connectionsClosed; }
    int openConnections() const { return m_connectionsAccepted - m_connectionsClosed; }

    // Ends every open connection: with a FIN, or with a RST (SO_LINGER 0).
    void closeConnections();
    void resetConnections();

private:
    friend class BackendConnection;
    BackendReply answer(ReceivedRequest &&request);

    void onNewConnection();

    QTcpServer m_server;
    QByteArray m_name;
    Handler m_handler;
    ExpectContinue m_expectContinue = ExpectContinue::Ignore;
    AnswerAt m_answerAt = AnswerAt::RequestEnd;
    qint64 m_readLimit = 0;
    QList<ReceivedRequest> m_requests;
    QList<BackendConnection *> m_connections;
    int m_connectionsAccepted = 0;
    int m_connectionsClosed = 0;
};
