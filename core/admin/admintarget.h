#pragma once

#include "config/configloader.h"
#include "config/gatewayconfig.h"
#include "inspect/capturestore.h"
#include "model/controlresult.h"
#include "model/democommand.h"
#include "model/gatewaysnapshot.h"
#include "model/instancestate.h"
#include "model/routepreview.h"
#include "model/strategykind.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>
#include <functional>

// What the admin API operates on: the calls its endpoints make, with values in and out. The
// gateway implements it (Gateway) and hands itself to the AdminServer it owns, so that the admin
// area depends on no worker-side area and the two never include each other. Every call is made
// in the thread of the AdminServer, which is the implementation's thread.
class AdminTarget {
public:
    virtual ~AdminTarget() = default;

    virtual bool isRunning() const = 0;
    virtual GatewaySnapshot snapshot() const = 0;
    // The config as running, runtime changes included; sourceFile is what a reload re-reads.
    virtual const GatewayConfig &config() const = 0;
    // The recent captured exchanges (GET /api/requests, /api/har), within capture.memory.
    virtual const CaptureStore &captures() const = 0;

    virtual ControlResult setBackendAdminState(const QString &routeId, int index,
                                               AdminState state) = 0;
    virtual ControlResult setBackendWeight(const QString &routeId, int index, int weight) = 0;
    virtual ControlResult addBackend(const QString &routeId, const QUrl &url, int weight,
                                     const QString &name) = 0;
    virtual ControlResult removeBackend(const QString &routeId, int index) = 0;
    virtual ControlResult setRouteStrategy(const QString &routeId, StrategyKind strategy) = 0;
    virtual ControlResult reload(const GatewayConfig &config) = 0;
    // POST /api/reload found errors in the file: the running config stays, and whoever runs the
    // gateway (the window, the headless program) is told as it is of a failed file reload.
    virtual void reportReloadFailure(const QList<ConfigError> &errors) = 0;

    virtual RoutePreview previewRoute(const QByteArray &path,
                                      const QByteArray &clientAddress) const = 0;
    // Runs command on the demo instances and calls done with the result in context's thread,
    // later or (no demo instances) at once.
    virtual void controlDemo(const DemoCommand &command, QObject *context,
                             std::function<void(const DemoCommandResult &result)> done) = 0;
};
