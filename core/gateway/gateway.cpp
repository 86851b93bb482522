#include "gateway/gateway.h"

#include "admin/adminserver.h"
#include "gateway/recordbatcher.h"
#include "health/healthchecker.h"
#include "health/passivehealth.h"
#include "proxy/exchangeobserver.h"
#include "proxy/proxyserver.h"
#include "proxy/routetable.h"

#include <QLoggingCategory>
#include <QThread>
#include <QTimer>
#include <optional>

Q_LOGGING_CATEGORY(lcGateway, "gateway.core")

namespace {
// Snapshots go out at this rate while something changed, so the window's counters move
// smoothly without a signal per request.
constexpr int snapshotIntervalMs = 250;
} // namespace

class Gateway::Private final : public ExchangeObserver {
public:
    // Parented to the Gateway so that moveToThread() takes them along to the worker.
    explicit Private(Gateway &owner)
        : q(owner)
        , batcher(&owner)
        , snapshotTimer(&owner)
        , stopTimer(&owner)
        , checker(&owner)
        , passive(&owner) {}

    void exchangeFinished(RequestRecord &&record) override {
        ++totalRequests;
        if (record.outcome != Outcome::Ok || record.status >= 500)
            ++totalErrors;
        batcher.append(std::move(record));
        snapshotDirty = true;
    }

    void attemptFinished(Route &route, Backend &backend, bool failed) override {
        // The exchange holds the Backend by pointer; passive health keeps it weakly, and an
        // instance removed meanwhile has nothing left to mark.
        for (const BackendPtr &candidate : route.balancer->backends()) {
            if (candidate.get() == &backend) {
                passive.recordAttempt(candidate, route.passiveHealth, failed);
                return;
            }
        }
    }

    // Rebuilds the table from config, keeping every instance that stays (same route id and
    // URL) with its state, and hands it to the listener: exchanges in flight keep the old one.
    void applyRoutes() {
        routes = RouteTable::build(config.routes, routes.get());
        if (server)
            server->setRoutes(routes);
        syncHealthChecks();
        snapshotDirty = true;
        publishSnapshotIfDirty();
    }

    // Finds the route (and, given an index, checks the instance) a command names.
    ControlResult locate(const QString &routeId, std::optional<int> index, Route **route,
                         qsizetype *configIndex) const {
        if (!routes)
            return ControlResult::failure(ControlResult::Error::NotRunning,
                                          QStringLiteral("no config loaded"));
        *route = routes->find(routeId);
        if (!*route)
            return ControlResult::failure(ControlResult::Error::UnknownRoute,
                                          QStringLiteral("no route '%1'").arg(routeId));
        const qsizetype count = (*route)->balancer->backends().size();
        if (index && (*index < 0 || *index >= count))
            return ControlResult::failure(
                ControlResult::Error::UnknownBackend,
                QStringLiteral("route '%1' has no instance %2 (it has %3, numbered from 0)")
                    .arg(routeId)
                    .arg(*index)
                    .arg(count));
        *configIndex = -1;
        for (qsizetype i = 0; i < config.routes.size(); ++i) {
            if (config.routes[i].id == routeId)
                *configIndex = i;
        }
        Q_ASSERT(*configIndex >= 0);
        return ControlResult::success();
    }

    static ControlResult checkWeight(int weight) {
        if (weight < 1 || weight > maxBackendWeight)
            return ControlResult::failure(
                ControlResult::Error::InvalidArgument,
                QStringLiteral("weight: expected an integer in 1..%1, found %2")
                    .arg(maxBackendWeight)
                    .arg(weight));
        return ControlResult::success();
    }

    // Points the active checks at the current table's routes (after start, reload and every
    // change to a route's instances).
    void syncHealthChecks() {
        QList<HealthChecker::CheckedRoute> checked;
        if (routes && server) {
            for (const std::unique_ptr<Route> &route : routes->routes()) {
                if (route->healthCheck)
                    checked.append({route->id, *route->healthCheck, route->balancer->backends()});
            }
        }
        checker.setRoutes(checked);
    }

    BackendSnapshot snapshotOf(const Backend &backend, int index) const {
        BackendSnapshot snapshot;
        snapshot.id = backend.id;
        snapshot.index = index;
        snapshot.name = backend.name;
        snapshot.url = backend.url.toString();
        snapshot.weight = backend.weight;
        snapshot.adminState = backend.adminState;
        snapshot.adminStateChangedAt = backend.adminStateChangedAt;
        snapshot.health = backend.health;
        snapshot.healthChangedAt = backend.healthChangedAt;
        snapshot.activeRequests = backend.activeRequests;
        snapshot.requests = backend.requests;
        snapshot.errors = backend.errors;
        snapshot.latencyP50Us = backend.latency.quantileMicros(0.5);
        snapshot.latencyP99Us = backend.latency.quantileMicros(0.99);
        snapshot.latency = backend.latency;
        snapshot.lastCheck = checker.lastResult(backend.id);
        return snapshot;
    }

    GatewaySnapshot snapshot() const {
        GatewaySnapshot snapshot;
        snapshot.running = server != nullptr && server->isListening();
        snapshot.configFile = config.sourceFile;
        if (snapshot.running) {
            snapshot.listenUrl = listenUrl;
            snapshot.adminUrl = adminUrl;
            snapshot.startedAt = startedAt;
            snapshot.openConnections = server->connectionCount();
        }
        snapshot.totalRequests = totalRequests;
        snapshot.totalErrors = totalErrors;
        if (!routes)
            return snapshot;
        for (const std::unique_ptr<Route> &route : routes->routes()) {
            RouteSnapshot routeSnapshot;
            routeSnapshot.id = route->id;
            routeSnapshot.path = route->path;
            routeSnapshot.strategy = route->balancer->kind();
            const QList<BackendPtr> &backends = route->balancer->backends();
            for (int i = 0; i < backends.size(); ++i)
                routeSnapshot.backends.append(snapshotOf(*backends[i], i));
            snapshot.routes.append(std::move(routeSnapshot));
        }
        return snapshot;
    }

    void publishSnapshotIfDirty() {
        if (!snapshotDirty)
            return;
        snapshotDirty = false;
        Q_EMIT q.snapshotReady(snapshot());
    }

    void finishStop() {
        stopTimer.stop();
        server.reset();
        admin.reset();
        syncHealthChecks();
        passive.clear();
        adminUrl.clear();
        batcher.flush();
        snapshotDirty = true;
        publishSnapshotIfDirty();
        qCInfo(lcGateway) << "stopped";
        Q_EMIT q.stopped();
    }

    Gateway &q;
    GatewayConfig config;
    std::shared_ptr<RouteTable> routes;
    std::unique_ptr<ProxyServer> server;
    std::unique_ptr<AdminServer> admin;
    RecordBatcher batcher;
    QTimer snapshotTimer;
    QTimer stopTimer;
    QString listenUrl;
    QString adminUrl;
    QDateTime startedAt;
    quint64 totalRequests = 0;
    quint64 totalErrors = 0;
    bool snapshotDirty = false;
    HealthChecker checker;
    PassiveHealth passive;
};

Gateway::Gateway(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(*this)) {
    connect(&d->batcher, &RecordBatcher::batchReady, this, &Gateway::recordsReady);
    d->snapshotTimer.setInterval(snapshotIntervalMs);
    connect(&d->snapshotTimer, &QTimer::timeout, this, [this] { d->publishSnapshotIfDirty(); });
    d->stopTimer.setSingleShot(true);
    connect(&d->stopTimer, &QTimer::timeout, this, [this] {
        if (d->server)
            d->server->closeAllConnections();
        d->finishStop();
    });
    d->passive.setActivelyDown(
        [this](quint64 backendId) { return d->checker.isFailing(backendId); });
    connect(&d->passive, &PassiveHealth::markedDown, this,
            [this](quint64 backendId) { d->checker.restartRise(backendId); });
    connect(&d->passive, &PassiveHealth::changed, this, [this] { d->snapshotDirty = true; });
    connect(&d->checker, &HealthChecker::healthChanged, this,
            [this](quint64 backendId, Health health) {
                if (health == Health::Up)
                    d->passive.forget(backendId);
            });
    connect(&d->checker, &HealthChecker::resultRecorded, this, [this] { d->snapshotDirty = true; });
}

Gateway::~Gateway() = default;

void Gateway::start(const GatewayConfig &config) {
    Q_ASSERT(QThread::currentThread() == thread());
    if (d->server) {
        Q_EMIT startFailed(
            QStringLiteral("the gateway is already running on %1").arg(d->listenUrl));
        return;
    }
    d->config = config;
    d->routes = RouteTable::build(config.routes, d->routes.get());
    auto server = std::make_unique<ProxyServer>(config.limits, *d);
    server->setRoutes(d->routes);
    if (!server->listen(config.listen.address, config.listen.port)) {
        const QString message = QStringLiteral("cannot listen on %1: %2")
                                    .arg(config.listen.toString(), server->errorString());
        Q_EMIT startFailed(message);
        d->snapshotDirty = true;
        d->publishSnapshotIfDirty();
        return;
    }
    if (config.admin) {
        auto admin = std::make_unique<AdminServer>(*this);
        QString error;
        if (!admin->listen(*config.admin, &error)) {
            Q_EMIT startFailed(error);
            return;
        }
        d->admin = std::move(admin);
        d->adminUrl = d->admin->url();
    }
    d->server = std::move(server);
    connect(d->server.get(), &ProxyServer::drained, this, [this] { d->finishStop(); });
    d->listenUrl =
        QStringLiteral("http://%1")
            .arg(ListenAddress{config.listen.address, d->server->serverPort()}.toString());
    d->startedAt = QDateTime::currentDateTimeUtc();
    d->snapshotTimer.start();
    d->syncHealthChecks();
    d->snapshotDirty = true;
    qCInfo(lcGateway) << "listening on" << d->listenUrl;
    Q_EMIT started(d->listenUrl, d->adminUrl);
    d->publishSnapshotIfDirty();
}

void Gateway::stop(std::chrono::milliseconds grace) {
    Q_ASSERT(QThread::currentThread() == thread());
    if (!d->server) {
        Q_EMIT stopped();
        return;
    }
    if (d->stopTimer.isActive())
        return; // already stopping
    d->stopTimer.start(grace);
    d->server->beginShutdown();
}

bool Gateway::isRunning() const {
    Q_ASSERT(QThread::currentThread() == thread());
    return d->server != nullptr;
}

GatewaySnapshot Gateway::snapshot() const {
    Q_ASSERT(QThread::currentThread() == thread());
    return d->snapshot();
}

ControlResult Gateway::setBackendAdminState(const QString &routeId, int index, AdminState state) {
    Q_ASSERT(QThread::currentThread() == thread());
    Route *route = nullptr;
    qsizetype configIndex = 0;
    if (const ControlResult found = d->locate(routeId, index, &route, &configIndex); !found.ok())
        return found;
    route->balancer->backends()[index]->setAdminState(state);
    qCInfo(lcGateway) << "route" << routeId << "instance" << index << "now"
                      << adminStateName(state);
    d->snapshotDirty = true;
    d->publishSnapshotIfDirty();
    return ControlResult::success();
}

ControlResult Gateway::setBackendWeight(const QString &routeId, int index, int weight) {
    Q_ASSERT(QThread::currentThread() == thread());
    Route *route = nullptr;
    qsizetype configIndex = 0;
    if (const ControlResult found = d->locate(routeId, index, &route, &configIndex); !found.ok())
        return found;
    if (const ControlResult valid = Private::checkWeight(weight); !valid.ok())
        return valid;
    // The strategies read the weight at each pick, so the balancer needs no rebuild; the config
    // keeps it for reloads and later rebuilds.
    route->balancer->backends()[index]->weight = weight;
    d->config.routes[configIndex].targets[index].weight = weight;
    qCInfo(lcGateway) << "route" << routeId << "instance" << index << "weight" << weight;
    d->snapshotDirty = true;
    d->publishSnapshotIfDirty();
    return ControlResult::success();
}

ControlResult Gateway::addBackend(const QString &routeId, const QUrl &url, int weight,
                                  const QString &name) {
    Q_ASSERT(QThread::currentThread() == thread());
    Route *route = nullptr;
    qsizetype configIndex = 0;
    if (const ControlResult found = d->locate(routeId, std::nullopt, &route, &configIndex);
        !found.ok())
        return found;
    if (const ControlResult valid = Private::checkWeight(weight); !valid.ok())
        return valid;
    QList<TargetConfig> &targets = d->config.routes[configIndex].targets;
    for (const TargetConfig &target : std::as_const(targets)) {
        if (target.url == url)
            return ControlResult::failure(ControlResult::Error::InvalidArgument,
                                          QStringLiteral("route '%1' already has an instance at %2")
                                              .arg(routeId, url.toString()));
    }
    targets.append(TargetConfig{url, weight, name});
    d->applyRoutes();
    qCInfo(lcGateway) << "route" << routeId << "instance added:" << url.toString();
    return ControlResult::success();
}

ControlResult Gateway::removeBackend(const QString &routeId, int index) {
    Q_ASSERT(QThread::currentThread() == thread());
    Route *route = nullptr;
    qsizetype configIndex = 0;
    if (const ControlResult found = d->locate(routeId, index, &route, &configIndex); !found.ok())
        return found;
    const QUrl url = d->config.routes[configIndex].targets.takeAt(index).url;
    d->applyRoutes();
    qCInfo(lcGateway) << "route" << routeId << "instance removed:" << url.toString();
    return ControlResult::success();
}

ControlResult Gateway::setRouteStrategy(const QString &routeId, StrategyKind strategy) {
    Q_ASSERT(QThread::currentThread() == thread());
    Route *route = nullptr;
    qsizetype configIndex = 0;
    if (const ControlResult found = d->locate(routeId, std::nullopt, &route, &configIndex);
        !found.ok())
        return found;
    d->config.routes[configIndex].strategy = strategy;
    d->applyRoutes();
    qCInfo(lcGateway) << "route" << routeId << "strategy now" << strategyName(strategy);
    return ControlResult::success();
}

ControlResult Gateway::reload(const GatewayConfig &config) {
    Q_ASSERT(QThread::currentThread() == thread());
    QStringList notes;
    if (d->server && config.listen != d->config.listen)
        notes.append(QStringLiteral("listen address %1 takes effect on the next start "
                                    "(still listening on %2)")
                         .arg(config.listen.toString(), d->config.listen.toString()));
    if (d->server && config.admin != d->config.admin)
        notes.append(QStringLiteral("the admin API address takes effect on the next start"));
    GatewayConfig applied = config;
    if (d->server) {
        // What is bound stays bound (see reload() in gateway.h).
        applied.listen = d->config.listen;
        applied.admin = d->config.admin;
        d->server->setLimits(applied.limits);
    }
    d->config = std::move(applied);
    d->applyRoutes();
    QString message =
        QStringLiteral("reloaded %1: %2 route(s)")
            .arg(d->config.sourceFile.isEmpty() ? QStringLiteral("config") : d->config.sourceFile)
            .arg(d->config.routes.size());
    if (!notes.isEmpty())
        message += QStringLiteral("; ") + notes.join(QStringLiteral("; "));
    qCInfo(lcGateway).noquote() << message;
    Q_EMIT reloaded(message);
    return ControlResult{ControlResult::Error::None, message};
}

const GatewayConfig &Gateway::config() const {
    Q_ASSERT(QThread::currentThread() == thread());
    return d->config;
}
