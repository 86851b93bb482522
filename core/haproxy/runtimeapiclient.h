#pragma once

#include "haproxy/runtimeapiaddress.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QTimer>
#include <memory>

class QIODevice;

// What one runtime API command got: HAProxy's answer as it came (the caller interprets it:
// runtimestate.h, runtimecommand.h), or why there was none.
struct RuntimeApiAnswer {
    enum class Error {
        None,
        Unreachable, // could not connect, or the connection failed before it closed
        Timeout,     // no complete answer (the close) within the client's timeout
        TooLarge,    // more than RuntimeApiClient::maxAnswerBytes: not an answer HAProxy gives
    };

    QByteArray command;
    QByteArray text;
    Error error = Error::None;
    QString message; // for people, when error is set: "connection refused (unix socket …)"

    bool ok() const { return error == Error::None; }
};

Q_DECLARE_METATYPE(RuntimeApiAnswer)

// A client of HAProxy's runtime API (the `stats socket`): one command per connection, as
// `echo CMD | socat` sends it. HAProxy answers and closes, so the close marks the end of the
// answer without parsing it; prompt mode would keep the connection but leave the end to be
// found by a "> " prompt that an answer may itself contain (docs/ARCHITECTURE.md, "A running
// HAProxy"). Commands run one at a time, in the order given, each within the timeout.
//
// Phases: Idle → Connecting → Reading (the command sent) → Idle. Event-driven; never blocks.
// Lives in the thread that created it.
class RuntimeApiClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuntimeApiClient)

public:
    static constexpr int defaultTimeoutMs = 3000;
    // `show stat` of a thousand servers is about 1 MiB.
    static constexpr qsizetype maxAnswerBytes = 16 * 1024 * 1024;

    explicit RuntimeApiClient(const RuntimeApiAddress &address, QObject *parent = nullptr);
    ~RuntimeApiClient() override;

    // Queues command (one line, without '\n'); its answer comes as answered().
    void send(const QByteArray &command);
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    const RuntimeApiAddress &address() const { return m_address; }
    // Commands queued or under way.
    qsizetype pendingCommands() const { return m_queue.size(); }

Q_SIGNALS:
    void answered(const RuntimeApiAnswer &answer);

private:
    enum class Phase { Idle, Connecting, Reading };

    void postStartNext();
    void startNext();
    void onConnected();
    void onReadable();
    // The peer closed: the answer is complete.
    void onClosed();
    void fail(RuntimeApiAnswer::Error error, const QString &message);
    void finish(RuntimeApiAnswer answer);
    void transitionTo(Phase phase);

    RuntimeApiAddress m_address;
    int m_timeoutMs = defaultTimeoutMs;
    QList<QByteArray> m_queue; // the first is under way unless m_phase is Idle
    Phase m_phase = Phase::Idle;
    std::unique_ptr<QIODevice> m_socket; // QLocalSocket or QTcpSocket, one per command
    QByteArray m_text;
    QTimer m_deadline;
};
