#include "haproxy/runtimeapiaddress.h"

std::optional<RuntimeApiAddress> RuntimeApiAddress::parse(const QString &text, QString *error) {
    QString rest = text.trimmed();
    RuntimeApiAddress address;
    if (rest.startsWith(QLatin1String("unix@"))) {
        address.path = rest.sliced(5);
    } else {
        for (const QLatin1String prefix : {QLatin1String("ipv4@"), QLatin1String("ipv6@")}) {
            if (rest.startsWith(prefix))
                rest = rest.sliced(prefix.size());
        }
        const qsizetype colon = rest.lastIndexOf(QLatin1Char(':'));
        const bool bracketed = rest.startsWith(QLatin1Char('['));
        const QString host = rest.left(colon);
        // A path may hold a colon too: a TCP address is one host (no '/') and one port.
        const bool tcp =
            colon > 0 && !host.contains(QLatin1Char('/')) &&
            (bracketed ? host.endsWith(QLatin1Char(']')) : !host.contains(QLatin1Char(':')));
        if (!tcp) {
            address.path = rest;
        } else {
            bool ok = false;
            const uint port = rest.sliced(colon + 1).toUInt(&ok);
            if (!ok || port == 0 || port > 65535) {
                *error = QStringLiteral("expected SOCKET or HOST:PORT, found port '%1' in '%2'")
                             .arg(rest.sliced(colon + 1), text);
                return std::nullopt;
            }
            address.kind = Kind::Tcp;
            address.host = bracketed ? host.sliced(1, host.size() - 2) : host;
            address.port = quint16(port);
            return address;
        }
    }
    if (address.path.isEmpty()) {
        *error = QStringLiteral("expected SOCKET or HOST:PORT, found '%1'").arg(text);
        return std::nullopt;
    }
    return address;
}

QString RuntimeApiAddress::toString() const {
    if (kind == Kind::Unix)
        return QStringLiteral("unix socket %1").arg(path);
    if (host.contains(QLatin1Char(':')))
        return QStringLiteral("[%1]:%2").arg(host).arg(port);
    return QStringLiteral("%1:%2").arg(host).arg(port);
}
