#include "tinybackend.h"

#include <QHostAddress>
#include <QTcpSocket>

TinyBackend::TinyBackend(const QByteArray &name, QObject *parent)
    : QObject(parent)
    , m_name(name) {
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    m_server.listen(QHostAddress::LocalHost, 0);
}

void TinyBackend::serve(QTcpSocket *socket) {
    // Buffer per socket in a dynamic property: one request head may arrive in pieces.
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    for (qsizetype end = buffer.indexOf("\r\n\r\n"); end >= 0; end = buffer.indexOf("\r\n\r\n")) {
        buffer.remove(0, end + 4);
        ++m_requestCount;
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                      QByteArray::number(m_name.size()) + "\r\n\r\n" + m_name);
    }
    socket->setProperty("buffer", buffer);
}
