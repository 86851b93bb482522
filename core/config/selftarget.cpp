#include "config/selftarget.h"

#include <QNetworkInterface>
#include <algorithm>

namespace {

// The addresses a connection to host goes to.
QList<QHostAddress> destinationsOf(const QString &host) {
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return {QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)};
    QHostAddress address;
    if (!address.setAddress(host))
        return {};
    if (address == QHostAddress(QHostAddress::AnyIPv4))
        return {QHostAddress(QHostAddress::LocalHost)};
    if (address == QHostAddress(QHostAddress::AnyIPv6))
        return {QHostAddress(QHostAddress::LocalHostIPv6)};
    return {address};
}

bool isIpv4(const QHostAddress &address) {
    bool ipv4 = false;
    address.toIPv4Address(&ipv4); // IPv4-mapped IPv6 addresses count as IPv4
    return ipv4;
}

bool isThisMachine(const QHostAddress &address) {
    if (address.isLoopback())
        return true;
    const QList<QHostAddress> own = QNetworkInterface::allAddresses();
    return std::any_of(own.begin(), own.end(), [&address](const QHostAddress &candidate) {
        return candidate.isEqual(address, QHostAddress::ConvertV4MappedToIPv4);
    });
}

bool reaches(const QHostAddress &destination, const QHostAddress &listen) {
    // QHostAddress::Any (dual-stack) and the two single-family wildcards.
    if (listen == QHostAddress(QHostAddress::Any))
        return isThisMachine(destination);
    if (listen == QHostAddress(QHostAddress::AnyIPv4))
        return isIpv4(destination) && isThisMachine(destination);
    if (listen == QHostAddress(QHostAddress::AnyIPv6))
        return !isIpv4(destination) && isThisMachine(destination);
    return destination.isEqual(listen, QHostAddress::ConvertV4MappedToIPv4);
}

} // namespace

bool reachesListener(const QUrl &target, const ListenAddress &listen) {
    if (listen.port == 0 || target.port(80) != listen.port)
        return false;
    const QList<QHostAddress> destinations = destinationsOf(target.host());
    return std::any_of(destinations.begin(), destinations.end(),
                       [&listen](const QHostAddress &destination) {
                           return reaches(destination, listen.address);
                       });
}

QStringList selfTargetWarnings(const GatewayConfig &config) {
    QStringList warnings;
    for (const RouteConfig &route : config.routes) {
        for (const TargetConfig &target : route.targets) {
            if (!reachesListener(target.url, config.listen))
                continue;
            warnings.append(QStringLiteral("route '%1': instance %2 is the gateway's own address "
                                           "(server.listen %3): its requests would come back "
                                           "to the gateway, which answers them 508")
                                .arg(route.id, target.url.toString(), config.listen.toString()));
        }
    }
    return warnings;
}
