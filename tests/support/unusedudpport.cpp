#include "unusedudpport.h"

#include <QUdpSocket>

quint16 unusedUdpPort() {
    QUdpSocket socket;
    socket.bind(QHostAddress::LocalHost, 0);
    return socket.localPort();
}
