#include "gateway/gateway.h"

#include "admin/adminserver.h"
#include "gateway/recordbatcher.h"
#include "proxy/exchangeobserver.h"
#include "proxy/proxyserver.h"
#include "proxy/routetable.h"

#include <QLoggingCategory>
#include <QThread>
#include <QTimer>

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
        , stopTimer(&owner) {}

    void exchangeFinished(RequestRecord &&record) override {
        ++totalRequests;
        if (record.outcome != Outcome::Ok || record.status >= 500)
            ++totalErrors;
        batcher.append(std::move(record));
        snapshotDirty = true;
    }

    void attemptFinished(Route &, Backend &, bool) override {}

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
    if (!d->routes)
        return ControlResult::failure(ControlResult::Error::NotRunning,
                                      QStringLiteral("no config loaded"));
    Route *route = d->routes->find(routeId);
    if (!route)
        return ControlResult::failure(ControlResult::Error::UnknownRoute,
                                      QStringLiteral("no route '%1'").arg(routeId));
    const QList<BackendPtr> &backends = route->balancer->backends();
    if (index < 0 || index >= backends.size())
        return ControlResult::failure(
            ControlResult::Error::UnknownBackend,
            QStringLiteral("route '%1' has no instance %2 (it has %3, numbered from 0)")
                .arg(routeId)
                .arg(index)
                .arg(backends.size()));
    backends[index]->setAdminState(state);
    qCInfo(lcGateway) << "route" << routeId << "instance" << index << "now"
                      << adminStateName(state);
    d->snapshotDirty = true;
    d->publishSnapshotIfDirty();
    return ControlResult::success();
}
