#pragma once

#include <QTcpSocket>
#include <QUrl>

// A port on 127.0.0.1 where connects are refused for as long as this object lives: a TCP socket
// bound to it that never listens. A port merely released after a probe is not enough: while the
// tests run in parallel another process may be given it for a listener, and a client's connect
// to a free port on the same host can even be given it as its own source port and connect to
// itself. The kernel hands neither a port that a socket is bound to.
class RefusingPort final {
public:
    RefusingPort();
    RefusingPort(const RefusingPort &) = delete;
    RefusingPort &operator=(const RefusingPort &) = delete;

    // 0 when the bind failed (the test should fail on it).
    quint16 port() const { return m_socket.localPort(); }
    QUrl url() const;

private:
    QTcpSocket m_socket;
};
