#pragma once

#include "model/controlresult.h"
#include "model/gatewaysnapshot.h"
#include "model/instancestate.h"
#include "model/requestrecord.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

// A load balancer that is running and that the console watches and steers: the built-in
// gateway (GatewayController) or a HAProxy reached over its runtime API (HaproxySession). What
// the window's routes tree, instance actions, live log and distribution chart need, and no
// more (docs/ARCHITECTURE.md, "One window, two sources"): snapshots with a route per backend
// pool and an instance per server, request records in batches, and the instance changes,
// each answered by controlFinished() and shown by the next snapshot. The instance is
// addressed by route id and its index in the route's last snapshot. Everything else a source
// offers (the gateway's route tester, demo faults, reload; HAProxy's garbled-log count) stays
// on its own class. Lives in the thread that created it; no call blocks.
class LiveBalancer : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveBalancer)

public:
    ~LiveBalancer() override;

    virtual void requestSnapshot() = 0;
    virtual void setBackendAdminState(const QString &routeId, int index, AdminState state) = 0;
    virtual void setBackendWeight(const QString &routeId, int index, int weight) = 0;
    virtual void addBackend(const QString &routeId, const QUrl &url, int weight,
                            const QString &name) = 0;
    virtual void removeBackend(const QString &routeId, int index) = 0;
    // The largest weight setBackendWeight() takes (the gateway's maxBackendWeight, HAProxy's 256).
    virtual int weightLimit() const = 0;
    // The newest snapshot received (empty before the first).
    virtual const GatewaySnapshot &lastSnapshot() const = 0;

Q_SIGNALS:
    void recordsReady(const QList<RequestRecord> &records);
    void snapshotReady(const GatewaySnapshot &snapshot);
    void controlFinished(const ControlResult &result);

protected:
    explicit LiveBalancer(QObject *parent = nullptr);
};
