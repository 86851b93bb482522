#pragma once

#include <QObject>
#include <QSocketNotifier>
#include <QTimer>
#include <functional>
#include <memory>

class QTcpServer;

// Accepts the connections of a listening QTcpServer through its own notifier, and pauses when
// accept() fails for want of descriptors (EMFILE, ENFILE) or memory: for retryMs or until the
// owner says a connection closed, whichever comes first, as nginx does. QTcpServer cannot be
// left to accept: it then spins on accept() or stops for good (docs/ARCHITECTURE.md, "Running
// out of descriptors"). Shared by the proxy's listener and the admin API's. Lives in the
// server's thread and is used only there.
class BackoffAcceptor final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackoffAcceptor)

public:
    // Whether the owner takes another connection now (its max_connections); while it says no,
    // the rest wait in the kernel's backlog until connectionClosed().
    using RoomCheck = std::function<bool()>;

    // nginx's pause after EMFILE/ENFILE (the accept_mutex_delay it re-enables accepting after).
    static constexpr int retryMs = 500;

    // server must outlive the acceptor; hasRoom may be empty (no cap).
    explicit BackoffAcceptor(QTcpServer &server, RoomCheck hasRoom = {}, QObject *parent = nullptr);
    ~BackoffAcceptor() override;

    // Call once server.listen() succeeded: turns the server's own notifier off for good and
    // accepts through this one.
    void start();
    // Stops accepting for good; call before the server closes the descriptor it watches.
    void stop();
    // A connection of the owner closed: its descriptors are free (once it is deleted), so a
    // pause for an accept error ends now, and a full owner may have room again.
    void connectionClosed();
    // Times accepting paused because accept() failed, since construction.
    quint64 pauses() const { return m_pauses; }

Q_SIGNALS:
    // A new connection; the receiver owns descriptor and must close it. Connect directly.
    void accepted(qintptr descriptor);
    // Accepting paused after accept() failed with error (an errno). Emitted once until an
    // accept succeeds again, so that a log line written for it does not repeat every retry.
    void acceptFailed(int error);

private:
    bool hasRoom() const { return !m_hasRoom || m_hasRoom(); }
    void setAccepting(bool accepting);
    void acceptPending();
    void pause(int error);
    void resumeAfterError();

    QTcpServer &m_server;
    RoomCheck m_hasRoom;
    std::unique_ptr<QSocketNotifier> m_notifier; // on the listening descriptor
    QTimer m_retryTimer; // running while accepting is paused by an accept error
    quint64 m_pauses = 0;
    bool m_failureReported = false; // acceptFailed() emitted, and no accept succeeded since
};
