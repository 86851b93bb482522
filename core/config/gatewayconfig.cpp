#include "config/gatewayconfig.h"

#include <algorithm>

QString ListenAddress::toString() const {
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(address.toString())
                             : address.toString();
    return host + QLatin1Char(':') + QString::number(port);
}

void ConfigOverrides::applyTo(GatewayConfig &config) const {
    if (listen)
        config.listen = *listen;
    if (admin)
        config.admin = *admin;
    config.overrides = *this;
}

int LimitsConfig::listenBacklog() const {
    return std::max(minimumListenBacklog, maxConnections);
}
