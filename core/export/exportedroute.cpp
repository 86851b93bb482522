#include "export/exportedroute.h"

#include <QHostAddress>
#include <QSet>
#include <algorithm>

namespace {

QByteArray identifierFor(const QString &routeId, QSet<QByteArray> &taken) {
    QByteArray base = "route_";
    for (const char c : routeId.toLower().toUtf8())
        base += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_';
    QByteArray identifier = base;
    for (int n = 2; taken.contains(identifier); ++n)
        identifier = base + '_' + QByteArray::number(n);
    taken.insert(identifier);
    return identifier;
}

QByteArray addressOf(const QUrl &url) {
    const QString host = url.host();
    const QByteArray port = QByteArray::number(url.port(80));
    if (host.contains(QLatin1Char(':')))
        return '[' + host.toUtf8() + "]:" + port;
    return host.toUtf8() + ':' + port;
}

QByteArray basePathOf(const QUrl &url) {
    QByteArray path = url.path(QUrl::FullyEncoded).toUtf8();
    while (path.endsWith('/'))
        path.chop(1);
    return path;
}

bool isDemoInstance(const QUrl &url, const DemoConfig &demo) {
    const QHostAddress host(url.host());
    const bool loopback = url.host() == QLatin1String("localhost") || host.isLoopback();
    return loopback && demo.backendPorts.contains(quint16(url.port(80)));
}

ExportedRoute exportedRoute(const RouteConfig &route, const ExportSource &source,
                            QSet<QByteArray> &identifiers) {
    ExportedRoute exported;
    exported.id = route.id;
    exported.identifier = identifierFor(route.id, identifiers);
    exported.path = route.path;
    exported.strategy = route.strategy;
    exported.healthCheck = route.healthCheck;
    exported.passiveHealth = route.passiveHealth;
    if (!route.targets.isEmpty())
        exported.basePath = basePathOf(route.targets.first().url);
    for (qsizetype i = 0; i < route.targets.size(); ++i) {
        const TargetConfig &target = route.targets[i];
        ExportedInstance instance;
        instance.address = addressOf(target.url);
        instance.weight = target.weight;
        instance.name = target.name.isEmpty() ? QString::fromUtf8(instance.address) : target.name;
        instance.adminState = source.adminState(route.id, i);
        instance.demoInstance = isDemoInstance(target.url, source.config.demo);
        exported.instances.append(instance);
        if (basePathOf(target.url) != exported.basePath) {
            exported.untranslated.append(
                QStringLiteral("%1: instance #%2 has the base path \"%3\", the first \"%4\"; "
                               "one upstream has one path, so every instance gets the first's")
                    .arg(exported.title())
                    .arg(i + 1)
                    .arg(QString::fromUtf8(basePathOf(target.url)),
                         QString::fromUtf8(exported.basePath)));
        }
    }
    return exported;
}

} // namespace

QString ExportedRoute::title() const {
    return QStringLiteral("route %1 (%2, %3)")
        .arg(id, QString::fromUtf8(path), QString::fromLatin1(strategyName(strategy)));
}

QList<ExportedRoute> exportedRoutes(const ExportSource &source) {
    QList<ExportedRoute> routes;
    QSet<QByteArray> identifiers;
    for (const RouteConfig &route : source.config.routes)
        routes.append(exportedRoute(route, source, identifiers));
    // Stable: of two routes with the same prefix the first wins, as in the gateway.
    std::stable_sort(routes.begin(), routes.end(),
                     [](const ExportedRoute &a, const ExportedRoute &b) {
                         return a.path.size() > b.path.size();
                     });
    return routes;
}

QStringList untranslatedByBoth(const ExportSource &source, const QList<ExportedRoute> &routes) {
    QStringList items;
    QStringList demoAddresses;
    for (const ExportedRoute &route : routes) {
        items += route.untranslated;
        for (const ExportedInstance &instance : route.instances) {
            if (instance.demoInstance &&
                !demoAddresses.contains(QString::fromUtf8(instance.address)))
                demoAddresses.append(QString::fromUtf8(instance.address));
        }
    }
    if (!source.config.demo.backendPorts.isEmpty()) {
        items.append(
            QStringLiteral("demo: the demo instances run inside the gateway; nothing answers at "
                           "%1 unless real backends are started there")
                .arg(demoAddresses.isEmpty() ? QStringLiteral("their ports")
                                             : demoAddresses.join(QStringLiteral(", "))));
    }
    if (source.config.listen.port == 0) {
        items.append(QStringLiteral("server.listen: port 0 (any free port) has no meaning for "
                                    "the engine; write the port to listen on"));
    }
    if (source.config.admin) {
        items.append(QStringLiteral("admin: the JSON admin API and /metrics at %1")
                         .arg(source.config.admin->toString()));
    }
    items.append(QStringLiteral(
        "panic: with every enabled instance down by health the gateway tries them anyway; the "
        "engine answers 502 or 503"));
    items.append(QStringLiteral(
        "probation: after an ejection the gateway lets one request at a time test the "
        "instance"));
    items.append(QStringLiteral(
        "loop protection: no Via header, so a target that leads back here is not answered 508"));
    items.append(QStringLiteral(
        "Host: the gateway sends each instance its own host:port; here the client's Host goes "
        "upstream"));
    items.append(QStringLiteral(
        "lingering close, parked idle connections and the raised open-file limit are the "
        "engine's own business"));
    return items;
}
