#include "gatewayfixture.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTcpServer>

GatewayFixture::GatewayFixture(QObject *parent)
    : QObject(parent) {
    connect(&m_controller, &GatewayController::recordsReady, this,
            [this](const QList<RequestRecord> &records) { m_records.append(records); });
    connect(&m_controller, &GatewayController::capturesReady, this,
            [this](const QList<CapturedExchange> &captures) { m_captures.append(captures); });
    connect(&m_controller, &GatewayController::started, this,
            [this](const QString &listenUrl, const QString &) {
                m_started = true;
                m_port = quint16(QUrl(listenUrl).port());
            });
    connect(&m_controller, &GatewayController::startFailed, this,
            [this](const QString &message) { m_startError = message; });
    connect(&m_controller, &GatewayController::stopped, this, [this] { m_stopped = true; });
}

GatewayFixture::~GatewayFixture() = default;

GatewayConfig GatewayFixture::baseConfig() {
    GatewayConfig config;
    config.listen = ListenAddress{QHostAddress::LocalHost, 0};
    config.admin.reset();
    return config;
}

RouteConfig GatewayFixture::route(const QString &id, const QByteArray &path,
                                  const QList<QUrl> &targets) {
    RouteConfig route;
    route.id = id;
    route.path = path;
    route.strategy = StrategyKind::RoundRobin;
    for (const QUrl &url : targets)
        route.targets.append(TargetConfig{url, 1, QString()});
    return route;
}

GatewayConfig GatewayFixture::singleRouteConfig(const QList<QUrl> &targets) {
    GatewayConfig config = baseConfig();
    config.routes = {route(QStringLiteral("svc"), "/svc", targets)};
    return config;
}

HealthCheckConfig GatewayFixture::healthChecks(std::chrono::milliseconds interval, int rise,
                                               int fall) {
    return HealthCheckConfig{"/health", interval, std::chrono::milliseconds(1000), rise, fall};
}

quint16 GatewayFixture::unusedPort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

bool GatewayFixture::startSingleRoute(const QList<QUrl> &targets, const LimitsConfig &limits) {
    GatewayConfig config = singleRouteConfig(targets);
    config.limits = limits;
    if (start(config))
        return true;
    qWarning("gateway did not start: %s", qPrintable(m_startError));
    return false;
}

bool GatewayFixture::start(const GatewayConfig &config, int timeoutMs) {
    m_startError.clear();
    m_started = false;
    m_stopped = false;
    m_controller.start(config);
    waitUntil([this] { return m_started || !m_startError.isEmpty(); }, timeoutMs);
    if (!m_started && m_startError.isEmpty())
        m_startError =
            QStringLiteral("neither started() nor startFailed() within %1 ms").arg(timeoutMs);
    return m_started;
}

bool GatewayFixture::stop(std::chrono::milliseconds grace, int timeoutMs) {
    m_controller.stop(grace);
    return waitUntil([this] { return m_stopped; }, timeoutMs);
}

ControlResult GatewayFixture::setBackendAdminState(const QString &routeId, int index,
                                                   AdminState state, int timeoutMs) {
    QSignalSpy finished(&m_controller, &GatewayController::controlFinished);
    m_controller.setBackendAdminState(routeId, index, state);
    if (!finished.wait(timeoutMs))
        return ControlResult::failure(
            ControlResult::Error::NotRunning,
            QStringLiteral("no controlFinished() within %1 ms").arg(timeoutMs));
    return finished.first().first().value<ControlResult>();
}

bool GatewayFixture::waitForSnapshot(const std::function<bool(const GatewaySnapshot &)> &condition,
                                     int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        QSignalSpy answered(&m_controller, &GatewayController::snapshotReady);
        m_controller.requestSnapshot();
        if (!answered.wait(int(deadline.remainingTime())))
            return false;
        if (condition(answered.last().first().value<GatewaySnapshot>()))
            return true;
    }
    return false;
}

bool GatewayFixture::waitForCaptures(qsizetype count, int timeoutMs) {
    return waitUntil([this, count] { return m_captures.size() >= count; }, timeoutMs);
}

bool GatewayFixture::waitForRecords(qsizetype count, int timeoutMs) {
    return waitUntil([this, count] { return m_records.size() >= count; }, timeoutMs);
}
