#include "admin/adminhostcheck.h"

namespace {

// The name part of a Host value: without the port, an IPv6 literal without its brackets.
QByteArrayView hostName(QByteArrayView host) {
    if (host.startsWith('[')) {
        const qsizetype close = host.indexOf(']');
        return close < 0 ? host : host.sliced(1, close - 1);
    }
    const qsizetype colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.first(colon);
}

bool isLocalhost(QByteArrayView name) {
    // A trailing dot names the same host (an absolute DNS name).
    if (name.endsWith('.'))
        name.chop(1);
    return name.compare("localhost", Qt::CaseInsensitive) == 0;
}

} // namespace

QString adminHostRefusal(std::optional<QByteArrayView> host, const QHostAddress &localAddress) {
    if (!host)
        return QString();
    const QByteArrayView name = hostName(*host);
    if (isLocalhost(name))
        return QString();
    QHostAddress address;
    // Only a literal is compared: a DNS name is exactly what a rebinding page controls.
    if (address.setAddress(QString::fromLatin1(name)) &&
        (address.isLoopback() ||
         address.isEqual(localAddress, QHostAddress::ConvertV4MappedToIPv4)))
        return QString();
    bool isIpv4 = false;
    const quint32 ipv4 = localAddress.toIPv4Address(&isIpv4); // IPv4-mapped ones too
    const QString own = isIpv4 ? QHostAddress(ipv4).toString()
                               : QLatin1Char('[') + localAddress.toString() + QLatin1Char(']');
    return QStringLiteral("Host '%1' does not name this admin API: it answers only localhost, a "
                          "loopback address or %2 (protection against DNS rebinding)")
        .arg(QString::fromLatin1(*host), own);
}
