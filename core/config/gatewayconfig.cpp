#include "config/gatewayconfig.h"

#include <algorithm>

QString ListenAddress::toString() const {
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(address.toString())
                             : address.toString();
    return host + QLatin1Char(':') + QString::number(port);
}

namespace {
quint16 shifted(quint16 port, int offset) {
    const int moved = int(port) + offset;
    return port == 0 || moved < 1 || moved > 65535 ? port : quint16(moved);
}

bool isLoopbackHost(const QString &host) {
    return host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
}

void shiftPorts(GatewayConfig &config, int offset) {
    config.listen.port = shifted(config.listen.port, offset);
    if (config.admin)
        config.admin->port = shifted(config.admin->port, offset);
    // Targets follow the demo instances they point at; any other upstream is left alone.
    const QList<quint16> demoPorts = config.demo.backendPorts;
    for (RouteConfig &route : config.routes) {
        for (TargetConfig &target : route.targets) {
            const int port = target.url.port();
            if (port > 0 && demoPorts.contains(quint16(port)) && isLoopbackHost(target.url.host()))
                target.url.setPort(shifted(quint16(port), offset));
        }
    }
    for (quint16 &port : config.demo.backendPorts)
        port = shifted(port, offset);
}
} // namespace

void ConfigOverrides::applyTo(GatewayConfig &config) const {
    // Only the difference to what was applied before: a config carries its overrides.
    if (const int offset = portOffset - config.overrides.portOffset; offset != 0)
        shiftPorts(config, offset);
    if (listen)
        config.listen = *listen;
    if (admin)
        config.admin = *admin;
    config.overrides = *this;
}

int LimitsConfig::listenBacklog() const {
    return std::max(minimumListenBacklog, maxConnections);
}
