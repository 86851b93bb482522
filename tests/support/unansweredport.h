#pragma once

#include <QUrl>

// A port on 127.0.0.1 where connects neither succeed nor fail, as towards a host that drops
// packets: a listening socket with a backlog of 0 whose one queue slot is taken by a connection
// never accepted, so the kernel drops every further SYN (listen queue overflow) and a connect
// waits for its own timeout. Real sockets, no root, no routing tricks.
class UnansweredPort final {
public:
    UnansweredPort();
    ~UnansweredPort();
    UnansweredPort(const UnansweredPort &) = delete;
    UnansweredPort &operator=(const UnansweredPort &) = delete;

    // False when a socket call failed (the test should fail with errorText()).
    bool isReady() const { return m_port != 0; }
    const QByteArray &errorText() const { return m_error; }
    QUrl url() const;

private:
    // On failure leaves the failed call's name in m_error.
    bool open();

    int m_listener = -1;
    int m_queueFiller = -1;
    quint16 m_port = 0;
    QByteArray m_error;
};
