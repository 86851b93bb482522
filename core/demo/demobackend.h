#pragma once

#include "model/demoinstancestate.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QObject>
#include <QString>
#include <QTcpServer>
#include <chrono>

class DemoConnection;
class HttpMessageHead;

// A small HTTP/1.1 server on 127.0.0.1 that the demo config's routes point at (README, "Demo
// instances"): any path answers "Hello from instance :PORT", /echo echoes the request as JSON,
// /healthz answers "ok". Its faults can be changed while it runs, so that the gateway's health
// checks, retries and error handling have something real to react to.
//
// Lives in one thread and is touched only there (in the gateway, DemoCluster's thread); the
// functions that act on it assert that.
class DemoBackend final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoBackend)

public:
    explicit DemoBackend(QObject *parent = nullptr);
    ~DemoBackend() override;

    // Binds 127.0.0.1:port; 0 picks a free port, which port() then reports. On failure returns
    // false and errorString() says which port and why.
    bool listen(quint16 port);
    QString errorString() const { return m_errorString; }
    quint16 port() const { return m_port; }
    bool isListening() const { return m_server.isListening(); }

    // A real outage: stops listening (connects are refused) and aborts every open connection,
    // including responses still held back by the latency.
    void kill();
    // Listens again on the same port. False (see errorString()) if it has been taken meanwhile.
    bool revive();

    // Every response is held back this long by a timer (the thread never blocks). Applies to
    // requests that arrive after the change. Negative counts as 0.
    void setLatency(std::chrono::milliseconds latency);
    // This share of responses (0-100, clamped) become 500, spread evenly: 50 fails every
    // second response. /healthz fails only at 100, so that active checks take an instance out
    // of rotation only when it is entirely broken while the error counters (and passive health,
    // on a route with count_5xx) see every error.
    void setErrorRate(int percent);
    // Every response except /healthz sends its head and half of its body, then the connection
    // is closed: a response cut short, which a proxy must never pass on as complete.
    void setResetMidResponse(bool reset);

    DemoInstanceState state() const;

private:
    friend class DemoConnection;

    // A response ready to be written by a DemoConnection.
    struct Reply {
        QByteArray bytes;
        qsizetype bytesToSend = 0; // less than bytes.size() when the response is cut short
        int status = 200;
        std::chrono::milliseconds delay{0};
        bool closeConnection = false; // after writing it
    };

    // For DemoConnection: the answer to one complete request, with the faults applied.
    Reply answer(const HttpMessageHead &head, QByteArrayView body);
    void countResponse(int status, bool cutShort);

    void acceptConnections();
    void forget(DemoConnection *connection);
    // Advances the even spread of the error rate; true if this response is one that fails.
    bool takeErrorTurn();
    QByteArray echo(const HttpMessageHead &head, QByteArrayView body) const;
    void assertThread() const;

    QTcpServer m_server;
    QList<DemoConnection *> m_connections; // children of this object
    QString m_errorString;
    quint16 m_port = 0;
    std::chrono::milliseconds m_latency{0};
    int m_errorRatePercent = 0;
    int m_errorCredit = 0; // accumulates the error rate; each 100 is one injected 500
    bool m_resetMidResponse = false;
    qint64 m_requestsServed = 0;
    qint64 m_responsesReset = 0;
    QMap<int, qint64> m_responsesByStatus;
};
