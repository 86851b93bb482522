#pragma once

#include <QByteArray>
#include <QTcpServer>

// A minimal HTTP/1.1 instance for the window's tests: listens on 127.0.0.1, port 0, and answers
// every request head with "200 OK" and its own name as the body, keeping connections alive.
// Requests with bodies are not supported (the tests send GETs only).
class TinyBackend final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TinyBackend)

public:
    explicit TinyBackend(const QByteArray &name, QObject *parent = nullptr);

    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    QByteArray name() const { return m_name; }
    int requestCount() const { return m_requestCount; }

private:
    void serve(QTcpSocket *socket);

    QTcpServer m_server;
    QByteArray m_name;
    int m_requestCount = 0;
};
