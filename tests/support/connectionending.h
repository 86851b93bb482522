#pragma once

#include <QByteArray>

// A client connection to the gateway on a plain POSIX socket, for what Qt cannot tell apart:
// QTcpSocket reports a reset (ECONNRESET) exactly like an orderly close, but for a
// close-delimited body only the reset says the body was cut. Non-blocking, so that backends in
// the test's thread keep running: poll with QTRY_VERIFY(connection.readUntilEnd()).
class ConnectionEnding final {
public:
    enum class End { Open, Closed, Reset };

    explicit ConnectionEnding(quint16 port); // connects to 127.0.0.1:port (blocking)
    ~ConnectionEnding();
    ConnectionEnding(const ConnectionEnding &) = delete;
    ConnectionEnding &operator=(const ConnectionEnding &) = delete;

    bool isConnected() const { return m_descriptor >= 0; }
    bool send(const QByteArray &bytes);
    // Reads what is there; true once the gateway ended the connection.
    bool readUntilEnd();
    const QByteArray &received() const { return m_received; }
    End end() const { return m_end; }

private:
    int m_descriptor = -1;
    QByteArray m_received;
    End m_end = End::Open;
};
