#include "gateway/gateway.h"

#include "admin/adminserver.h"
#include "config/selftarget.h"
#include "gateway/recordbatcher.h"
#include "health/healthchecker.h"
#include "health/passivehealth.h"
#include "model/requestresult.h"
#include "proxy/exchangeobserver.h"
#include "proxy/proxyserver.h"
#include "proxy/routetable.h"
#include "proxy/upstreampool.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <functional>
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
    Private(Gateway &owner, DemoCommandRunner demoCommandRunner)
        : q(owner)
        , runDemoCommand(std::move(demoCommandRunner))
        , batcher(&owner)
        , snapshotTimer(&owner)
        , stopTimer(&owner)
        , checker(&owner)
        , passive(&owner) {}

    void exchangeFinished(RequestRecord &&record) override {
        ++totalRequests;
        switch (resultOf(record)) {
        case RequestResult::Failed:
            ++failedRequests;
            break;
        case RequestResult::ClientError:
            ++clientErrors;
            break;
        case RequestResult::Succeeded:
        case RequestResult::Upgraded:
            break;
        }
        attemptErrors += quint64(
            std::count_if(record.attempts.cbegin(), record.attempts.cend(), isAttemptError));
        batcher.append(std::move(record));
        snapshotDirty = true;
    }

    // Held for the admin API only while it is up: the window and the headless program keep
    // their own from capturesReady(), sharing the same immutable exchanges.
    void exchangeCaptured(CapturedExchange &&exchange) override {
        if (admin)
            captureStore.admit(exchange);
        batcher.append(std::move(exchange));
    }

    // The running config's capture section: on or off for new exchanges, and the store's limits
    // (what it holds is kept, cut to new ones).
    void applyCapture() {
        const CaptureConfig &capture = config.capture;
        const bool kept = capturesReceived || admin;
        if (server)
            server->setCaptureBodyLimit(capture.enabled && kept ? std::optional(capture.bodyLimit)
                                                                : std::nullopt);
        if (captureStore.bodyLimit() == capture.bodyLimit &&
            captureStore.memoryLimit() == capture.memoryLimit)
            return;
        CaptureStore resized(capture.bodyLimit, capture.memoryLimit);
        for (const CapturedExchange &exchange : captureStore.exchanges())
            resized.admit(exchange);
        captureStore = std::move(resized);
    }

    void attemptFinished(Route &route, Backend &backend, bool failed) override {
        // The exchange holds the Backend by pointer; passive health keeps it weakly, and an
        // instance removed meanwhile has nothing left to mark.
        for (const BackendPtr &candidate : route.balancer->backends()) {
            if (candidate.get() == &backend) {
                passive.recordAttempt(candidate, route.balancer->backends().size(),
                                      route.passiveHealth, failed);
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

    // Every route and instance command: finds the route (and, given an index, checks the
    // instance) it names, applies change to it and its config, and publishes the new state
    // when that succeeded.
    ControlResult changeRoute(
        const QString &routeId, std::optional<int> index,
        const std::function<ControlResult(Route &route, RouteConfig &routeConfig)> &change) {
        Q_ASSERT(QThread::currentThread() == q.thread());
        if (!routes || !server)
            return ControlResult::failure(ControlResult::Error::NotRunning,
                                          QStringLiteral("the gateway is not running"));
        Route *route = routes->find(routeId);
        if (!route)
            return ControlResult::failure(ControlResult::Error::UnknownRoute,
                                          QStringLiteral("no route '%1'").arg(routeId));
        const qsizetype count = route->balancer->backends().size();
        if (index && (*index < 0 || *index >= count))
            return ControlResult::failure(
                ControlResult::Error::UnknownBackend,
                QStringLiteral("route '%1' has no instance %2 (it has %3, numbered from 0)")
                    .arg(routeId)
                    .arg(*index)
                    .arg(count));
        const auto routeConfig = std::find_if(
            config.routes.begin(), config.routes.end(),
            [&routeId](const RouteConfig &candidate) { return candidate.id == routeId; });
        Q_ASSERT(routeConfig != config.routes.end());
        const ControlResult result = change(*route, *routeConfig);
        if (result.ok()) {
            snapshotDirty = true;
            publishSnapshotIfDirty();
        }
        return result;
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
        snapshot.activeHealth = backend.activeHealth;
        snapshot.passiveState = backend.passiveState;
        snapshot.activeRequests = backend.activeRequests;
        snapshot.requests = backend.requests;
        snapshot.attemptErrors = backend.attemptErrors;
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
            snapshot.parkedConnections = server->parkedConnectionCount();
            snapshot.upstreamConnectionsOpened = server->pool().connectionsOpened();
            snapshot.acceptPauses = server->acceptPauses() + (admin ? admin->acceptPauses() : 0);
        }
        snapshot.totalRequests = totalRequests;
        snapshot.failedRequests = failedRequests;
        snapshot.clientErrors = clientErrors;
        snapshot.attemptErrors = attemptErrors;
        snapshot.accessLogDroppedLines = accessLogDroppedLines;
        snapshot.countingSince = countingSince;
        if (!routes)
            return snapshot;
        for (const std::unique_ptr<Route> &route : routes->routes()) {
            RouteSnapshot routeSnapshot;
            routeSnapshot.id = route->id;
            routeSnapshot.path = route->path;
            routeSnapshot.strategy = route->balancer->kind();
            routeSnapshot.panic = route->balancer->inPanic();
            const QList<BackendPtr> &backends = route->balancer->backends();
            const QList<double> shares = route->balancer->expectedShares();
            for (int i = 0; i < backends.size(); ++i) {
                routeSnapshot.backends.append(snapshotOf(*backends[i], i));
                routeSnapshot.backends.back().expectedShare = shares[i];
            }
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

    // What the checks and the requests saw belongs to the run that ended: the next start
    // begins with health unknown, as a fresh one does, and serves at once.
    void forgetHealth() {
        if (!routes)
            return;
        for (const std::unique_ptr<Route> &route : routes->routes()) {
            for (const BackendPtr &backend : route->balancer->backends()) {
                backend->setActiveHealth(Health::Unknown);
                backend->setPassiveState(PassiveState::Clear);
            }
        }
    }

    // Ends every connection at once, each exchange under way with its record, then stops.
    void stopNow(const QByteArray &reason) {
        if (server)
            server->cutAllConnections(reason);
        finishStop();
    }

    void finishStop() {
        stopTimer.stop();
        server.reset();
        // The admin API stays up while the window keeps the stopped gateway: /api/state tells
        // it is stopped and commands answer 409 (README, "Admin API"). It goes with the Gateway.
        syncHealthChecks();
        passive.clear();
        forgetHealth();
        batcher.flush();
        snapshotDirty = true;
        publishSnapshotIfDirty();
        qCInfo(lcGateway) << "stopped";
        Q_EMIT q.stopped();
    }

    Gateway &q;
    DemoCommandRunner runDemoCommand; // may be empty
    GatewayConfig config;
    std::shared_ptr<RouteTable> routes;
    std::unique_ptr<ProxyServer> server;
    std::unique_ptr<AdminServer> admin;
    RecordBatcher batcher;
    CaptureStore captureStore{CaptureConfig{}.bodyLimit, CaptureConfig{}.memoryLimit};
    QTimer snapshotTimer;
    QTimer stopTimer;
    QString listenUrl;
    QString adminUrl;
    QDateTime startedAt;
    QDateTime countingSince; // see GatewaySnapshot::countingSince
    quint64 totalRequests = 0;
    quint64 failedRequests = 0;
    quint64 clientErrors = 0;
    quint64 attemptErrors = 0;
    quint64 accessLogDroppedLines = 0; // told by the headless program, never reset
    bool snapshotDirty = false;
    bool capturesReceived = false; // see setCapturesReceived()
    HealthChecker checker;
    PassiveHealth passive;
};

Gateway::Gateway(DemoCommandRunner runDemoCommand, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(*this, std::move(runDemoCommand))) {
    connect(&d->batcher, &RecordBatcher::batchReady, this, &Gateway::recordsReady);
    connect(&d->batcher, &RecordBatcher::capturesReady, this, &Gateway::capturesReady);
    d->snapshotTimer.setInterval(snapshotIntervalMs);
    connect(&d->snapshotTimer, &QTimer::timeout, this, [this] { d->publishSnapshotIfDirty(); });
    d->stopTimer.setSingleShot(true);
    connect(&d->stopTimer, &QTimer::timeout, this,
            [this] { d->stopNow("cut: the gateway stopped at the end of its grace period"); });
    // Active and passive health write separate verdicts on the Backend (README, "Passive
    // health"), so neither needs to hear from the other.
    connect(&d->passive, &PassiveHealth::changed, this, [this] { d->snapshotDirty = true; });
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
    const std::optional<ListenAddress> previousAdmin = d->config.admin;
    // Another config starts from nothing: its instances, their counters and the totals are its
    // own, not those of whatever ran before (README, "Switching configs"). The same config
    // started again keeps them, as it keeps the admin states set in the window.
    const bool sameConfig = d->routes && config.sourceFile == d->config.sourceFile;
    d->config = config;
    d->routes = RouteTable::build(config.routes, sameConfig ? d->routes.get() : nullptr);
    if (!sameConfig) {
        d->totalRequests = 0;
        d->failedRequests = 0;
        d->clientErrors = 0;
        d->attemptErrors = 0;
        d->countingSince = QDateTime::currentDateTimeUtc();
    }
    auto server = std::make_unique<ProxyServer>(config.limits, *d);
    server->setRoutes(d->routes);
    if (!server->listen(config.listen.address, config.listen.port)) {
        const QString message = QStringLiteral("cannot listen on %1: %2")
                                    .arg(config.listen.toString(), server->listenError());
        Q_EMIT startFailed(message);
        d->snapshotDirty = true;
        d->publishSnapshotIfDirty();
        return;
    }
    // The admin API of the previous run is still listening: kept if the address is the same.
    if (d->admin && config.admin != previousAdmin) {
        d->admin.reset();
        d->adminUrl.clear();
    }
    if (config.admin && !d->admin) {
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
    // Request ids start again with each listener: what the previous run captured would share
    // them.
    d->captureStore.clear();
    d->applyCapture();
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
    const bool stopping = d->stopTimer.isActive();
    if (!stopping)
        d->server->beginShutdown();
    if (grace.count() <= 0) {
        d->stopNow("cut: the gateway stopped at once");
        return;
    }
    // A later stop may shorten the grace (the headless program's second signal), never extend it.
    if (!stopping || grace.count() < d->stopTimer.remainingTime())
        d->stopTimer.start(grace);
}

void Gateway::setAccessLogDroppedLines(quint64 total) {
    Q_ASSERT(QThread::currentThread() == thread());
    d->accessLogDroppedLines = total;
}

void Gateway::setCaptureEnabled(bool enabled) {
    Q_ASSERT(QThread::currentThread() == thread());
    d->config.capture.enabled = enabled;
    d->applyCapture();
    qCInfo(lcGateway) << "capture" << (enabled ? "on" : "off");
}

void Gateway::setCapturesReceived(bool received) {
    Q_ASSERT(QThread::currentThread() == thread());
    d->capturesReceived = received;
    d->applyCapture();
}

const CaptureStore &Gateway::captures() const {
    Q_ASSERT(QThread::currentThread() == thread());
    return d->captureStore;
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
    return d->changeRoute(routeId, index, [&](Route &route, RouteConfig &) {
        route.balancer->backends()[index]->setAdminState(state);
        qCInfo(lcGateway) << "route" << routeId << "instance" << index << "now"
                          << adminStateName(state);
        return ControlResult::success();
    });
}

ControlResult Gateway::setBackendWeight(const QString &routeId, int index, int weight) {
    return d->changeRoute(routeId, index, [&](Route &, RouteConfig &routeConfig) {
        if (const ControlResult valid = Private::checkWeight(weight); !valid.ok())
            return valid;
        // Rebuilt like any other change to a route's instances, for every strategy: ip_hash lays
        // its ring out by weight when it is built, and the others continueFrom() where they
        // stood (docs/ARCHITECTURE.md, "Balancers and changing instances").
        routeConfig.targets[index].weight = weight;
        d->applyRoutes();
        qCInfo(lcGateway) << "route" << routeId << "instance" << index << "weight" << weight;
        return ControlResult::success();
    });
}

ControlResult Gateway::addBackend(const QString &routeId, const QUrl &url, int weight,
                                  const QString &name) {
    return d->changeRoute(routeId, std::nullopt, [&](Route &, RouteConfig &routeConfig) {
        if (const ControlResult valid = Private::checkWeight(weight); !valid.ok())
            return valid;
        for (const TargetConfig &target : std::as_const(routeConfig.targets)) {
            if (target.url == url)
                return ControlResult::failure(
                    ControlResult::Error::InvalidArgument,
                    QStringLiteral("route '%1' already has an instance at %2")
                        .arg(routeId, url.toString()));
        }
        // Loop protection (README, "Loop protection"): refused here, where the request that
        // would loop has not been sent yet.
        const ListenAddress listening{d->config.listen.address,
                                      d->server ? d->server->serverPort() : d->config.listen.port};
        if (reachesListener(url, listening))
            return ControlResult::failure(
                ControlResult::Error::InvalidArgument,
                QStringLiteral("url: %1 is the gateway's own address (listening on %2): its "
                               "requests would come back to the gateway")
                    .arg(url.toString(), listening.toString()));
        routeConfig.targets.append(TargetConfig{url, weight, name});
        d->applyRoutes();
        qCInfo(lcGateway) << "route" << routeId << "instance added:" << url.toString();
        return ControlResult::success();
    });
}

ControlResult Gateway::removeBackend(const QString &routeId, int index) {
    return d->changeRoute(routeId, index, [&](Route &, RouteConfig &routeConfig) {
        const QUrl url = routeConfig.targets.takeAt(index).url;
        d->applyRoutes();
        qCInfo(lcGateway) << "route" << routeId << "instance removed:" << url.toString();
        return ControlResult::success();
    });
}

ControlResult Gateway::setRouteStrategy(const QString &routeId, StrategyKind strategy) {
    return d->changeRoute(routeId, std::nullopt, [&](Route &, RouteConfig &routeConfig) {
        routeConfig.strategy = strategy;
        d->applyRoutes();
        qCInfo(lcGateway) << "route" << routeId << "strategy now" << strategyName(strategy);
        return ControlResult::success();
    });
}

RoutePreview Gateway::previewRoute(const QByteArray &path, const QByteArray &clientAddress) const {
    Q_ASSERT(QThread::currentThread() == thread());
    RoutePreview preview;
    preview.path = path;
    preview.clientAddress = clientAddress;
    const auto invalid = [&preview](const QString &message) {
        preview.outcome = RoutePreview::Outcome::InvalidInput;
        preview.message = message;
        return preview;
    };
    // What the proxy's parser would refuse before routing (docs/ARCHITECTURE.md, "What
    // 'strict' means here") is no route test.
    const bool hasRejectedByte = std::any_of(path.begin(), path.end(), [](char c) {
        return uchar(c) <= 0x20 || uchar(c) == 0x7f || c == '#';
    });
    if (!path.startsWith('/') || hasRejectedByte)
        return invalid(QStringLiteral("path: expected a request target starting with '/', "
                                      "percent-encoded, without '#' (such as /service-a/x?q=1), "
                                      "found '%1'")
                           .arg(QString::fromUtf8(path)));
    PickContext context;
    context.clientAddress = "127.0.0.1";
    if (!clientAddress.isEmpty()) {
        // Formatted as the proxy formats a peer address, which is what ip_hash hashes.
        QHostAddress address;
        if (!address.setAddress(QString::fromLatin1(clientAddress)))
            return invalid(QStringLiteral("client: expected an IP address such as 10.0.0.7, "
                                          "found '%1'")
                               .arg(QString::fromLatin1(clientAddress)));
        context.clientAddress = address.toString().toLatin1();
    }
    if (!d->routes) {
        preview.message = QStringLiteral("no config loaded");
        return preview;
    }
    const std::optional<RouteTable::Match> match = d->routes->match(path);
    if (!match) {
        preview.outcome = RoutePreview::Outcome::NoRoute;
        preview.message = QStringLiteral("no route for ") + QString::fromUtf8(path);
        return preview;
    }
    const Route &route = *match->route;
    preview.routeId = route.id;
    preview.routePrefix = route.path;
    preview.strippedTarget = match->upstreamTarget.in(path).toByteArray();
    const PickResult pick = route.balancer->preview(context);
    preview.explanation = pick.explanation;
    if (!pick.backend) {
        preview.outcome = RoutePreview::Outcome::NoInstance;
        preview.message = QStringLiteral("no instance of route '%1' is available").arg(route.id);
        return preview;
    }
    preview.outcome = RoutePreview::Outcome::Forwarded;
    preview.message = QString::fromUtf8(pick.explanation.summary());
    preview.instanceIndex = pick.index;
    preview.instanceId = pick.backend->id;
    preview.instanceName = pick.backend->name;
    preview.instanceUrl = QString::fromUtf8(pick.backend->encodedUrl);
    preview.upstreamTarget = joinUpstreamPath(pick.backend->basePath, preview.strippedTarget);
    return preview;
}

void Gateway::controlDemo(const DemoCommand &command, QObject *context,
                          std::function<void(const DemoCommandResult &result)> done) {
    Q_ASSERT(QThread::currentThread() == thread());
    if (!d->runDemoCommand || d->config.demo.backendPorts.isEmpty()) {
        DemoCommandResult result;
        result.error = DemoCommandResult::Error::NotConfigured;
        result.message = QStringLiteral("no demo instances: the running config has no demo: "
                                        "section");
        done(result);
        return;
    }
    d->runDemoCommand(command, context, std::move(done));
}

ControlResult Gateway::reload(const GatewayConfig &incoming) {
    Q_ASSERT(QThread::currentThread() == thread());
    // A file reloaded as it is on disk still runs under the command line's addresses.
    GatewayConfig config = incoming;
    d->config.overrides.applyTo(config);
    QStringList notes;
    if (d->server && config.listen != d->config.listen)
        notes.append(QStringLiteral("listen address %1 takes effect on the next start "
                                    "(still listening on %2)")
                         .arg(config.listen.toString(), d->config.listen.toString()));
    if (d->server && config.admin != d->config.admin)
        notes.append(QStringLiteral("the admin API address takes effect on the next start"));
    // The demo instances run beside the gateway (GatewayController starts them before it).
    if (d->server && config.demo != d->config.demo)
        notes.append(QStringLiteral("the demo instances change on the next start"));
    GatewayConfig applied = config;
    if (d->server) {
        // What is bound stays bound (see reload() in gateway.h).
        applied.listen = d->config.listen;
        applied.admin = d->config.admin;
        d->server->setLimits(applied.limits);
    }
    d->config = std::move(applied);
    d->applyCapture();
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

void Gateway::reportReloadFailure(const QList<ConfigError> &errors) {
    Q_ASSERT(QThread::currentThread() == thread());
    Q_EMIT reloadFailed(errors);
}

const GatewayConfig &Gateway::config() const {
    Q_ASSERT(QThread::currentThread() == thread());
    return d->config;
}
