#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>

// Sends one request's bytes (replayrequest.h) to host:port over a fresh connection and reports
// the response's status line once the connection ends: the request says "Connection: close",
// so the end of the connection is the end of the response, and the gateway logs the exchange as
// complete (a sender that hung up after the head would be logged as client_closed). Keeps only
// the response's first bytes. Deletes itself after finished() or failed().
class ReplaySender final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplaySender)

public:
    enum class Phase { Idle, Connecting, Waiting, Done };

    explicit ReplaySender(QObject *parent = nullptr);
    ~ReplaySender() override;

    // Once; the answer is finished() or failed().
    void send(const QString &host, quint16 port, const QByteArray &request);
    Phase phase() const { return m_phase; }

Q_SIGNALS:
    // statusLine: "HTTP/1.1 200 OK".
    void finished(const QByteArray &statusLine);
    void failed(const QString &error);

private:
    void setPhase(Phase phase);
    void finish();
    void fail(const QString &error);

    QTcpSocket m_socket;
    QTimer m_deadline;
    QByteArray m_request;
    QByteArray m_responseStart; // at most the first keptBytes of the response
    Phase m_phase = Phase::Idle;
};
