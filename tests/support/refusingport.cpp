#include "refusingport.h"

RefusingPort::RefusingPort() {
    // No ShareAddress/ReuseAddressHint: a listener elsewhere cannot bind it beside us.
    m_socket.bind(QHostAddress::LocalHost, 0, QAbstractSocket::DontShareAddress);
}

QUrl RefusingPort::url() const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}
