#pragma once

#include "config/gatewayconfig.h"
#include "control/gatewaycontroller.h"
#include "eventwait.h"

#include <QList>
#include <QObject>
#include <QUrl>
#include <chrono>
#include <functional>

// A Gateway running in its worker thread, driven from the test's thread through
// GatewayController exactly as the window drives it. Collects every RequestRecord batch.
class GatewayFixture final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayFixture)

public:
    explicit GatewayFixture(QObject *parent = nullptr);
    // The controller stops the gateway and joins its thread.
    ~GatewayFixture() override;

    // Listens on 127.0.0.1, port 0 (any free port), no admin API, default limits, no routes.
    static GatewayConfig baseConfig();
    // A round-robin route without active health checks.
    static RouteConfig route(const QString &id, const QByteArray &path, const QList<QUrl> &targets);
    // The commonest set-up: baseConfig() with one route, "svc" at /svc, over targets.
    static GatewayConfig singleRouteConfig(const QList<QUrl> &targets);
    // Active checks of /health every interval with a 1 s probe timeout: fast enough for a test
    // to watch health change, with room for a loaded machine to answer.
    static HealthCheckConfig healthChecks(std::chrono::milliseconds interval, int rise, int fall);
    // A port on 127.0.0.1 that nothing listens on (bound, then released), for refused connects.
    static quint16 unusedPort();

    // Starts and waits for started() or startFailed(); true when started.
    bool start(const GatewayConfig &config, int timeoutMs = defaultWaitMs);
    // Starts singleRouteConfig(targets) with limits; on failure logs startError() (for
    // QVERIFY(startSingleRoute(...)) to say why) and returns false.
    bool startSingleRoute(const QList<QUrl> &targets, const LimitsConfig &limits = LimitsConfig());
    const QString &startError() const { return m_startError; }
    quint16 port() const { return m_port; }
    GatewayController &controller() { return m_controller; }

    // Stops (in-flight requests get grace) and waits for stopped().
    bool stop(std::chrono::milliseconds grace, int timeoutMs = defaultWaitMs);
    bool isStopped() const { return m_stopped; }

    // Through the controller; waits for controlFinished() and returns its result.
    ControlResult setBackendAdminState(const QString &routeId, int index, AdminState state,
                                       int timeoutMs = defaultWaitMs);

    // Asks for snapshots until one satisfies condition; false after timeoutMs.
    bool waitForSnapshot(const std::function<bool(const GatewaySnapshot &)> &condition,
                         int timeoutMs = defaultWaitMs);

    const QList<RequestRecord> &records() const { return m_records; }
    bool waitForRecords(qsizetype count, int timeoutMs = defaultWaitMs);
    // Every capturesReady() batch (capture is on by default, as in the config).
    const QList<CapturedExchange> &captures() const { return m_captures; }
    bool waitForCaptures(qsizetype count, int timeoutMs = defaultWaitMs);

private:
    GatewayController m_controller;
    QList<RequestRecord> m_records;
    QList<CapturedExchange> m_captures;
    QString m_startError;
    quint16 m_port = 0;
    bool m_started = false;
    bool m_stopped = false;
};
