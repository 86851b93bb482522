#pragma once

#include "balancing/backend.h"
#include "config/gatewayconfig.h"
#include "model/healthcheckresult.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>
#include <memory>

class HealthProbe;

// Active health checks (HAProxy's `check inter/rise/fall`): every route with a health_check
// probes each of its instances once per interval, and the instance's active verdict
// (Backend::activeHealth, never passive health's state) follows the probes:
// `fall` consecutive failures mark it down (from up or unknown), `rise` consecutive successes
// mark it up (from down or unknown). A route's first round starts at once, so a fresh instance
// leaves `unknown` after rise probes rather than after rise intervals. A probe still running
// when the next tick comes is not doubled. Worker thread only; never blocks.
class HealthChecker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthChecker)

public:
    struct CheckedRoute {
        QString id;
        HealthCheckConfig config;
        QList<BackendPtr> backends;
    };

    explicit HealthChecker(QObject *parent = nullptr);
    ~HealthChecker() override;

    // Replaces what is checked. Instances present before (same Backend id) keep their counters
    // and last result; a route whose settings did not change keeps its rhythm; probes of
    // instances no longer listed are dropped.
    void setRoutes(const QList<CheckedRoute> &routes);
    void clear() { setRoutes({}); }

    // Empty (ran = false) before the instance's first probe finished.
    HealthCheckResult lastResult(quint64 backendId) const;

Q_SIGNALS:
    // A probe finished (its result may or may not have changed the instance's health).
    void resultRecorded(quint64 backendId);
    // The probes changed the instance's active verdict (emitted before resultRecorded).
    void healthChanged(quint64 backendId, Health health);

private:
    struct RouteState {
        HealthCheckConfig config;
        QList<BackendPtr> backends;
        std::unique_ptr<QTimer> timer;
    };
    struct BackendState {
        HealthCheckResult last;
        int successes = 0;
        int failures = 0;
        int fall = 2;
        HealthProbe *probe = nullptr; // child of this, running
    };

    void runRound(const QString &routeId);
    void recordResult(const BackendPtr &backend, const HealthCheckConfig &config,
                      const HealthCheckResult &result);

    QHash<QString, std::shared_ptr<RouteState>> m_routes;
    QHash<quint64, BackendState> m_backends;
};
