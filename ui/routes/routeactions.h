#pragma once

#include "model/instancestate.h"
#include "model/strategykind.h"

#include <QList>
#include <QObject>

class DemoFaultMenu;
class GatewayController;
class LiveBalancer;
class QAction;
class QActionGroup;
class QMenu;
class QPoint;
class RouteTreeView;

// What can be done to the routes tree's current row, as QActions shared by the tree's context
// menu and the window's Instance and Route menus. On an instance row: Enable, Drain, Disable
// (the current admin state checked), Set Weight…, Remove… and Show Its Requests in the Log. On
// any row, for its route: Add Instance… and the strategy (the current one checked). An instance
// row also gets the Demo submenu (DemoFaultMenu: Kill / Revive and the faults), enabled when the
// instance is one of the controller's demo instances.
//
// Each action is one call on the balancer the window shows (LiveBalancer: the built-in gateway or
// a HAProxy): nothing here changes what the tree shows, the next snapshot does
// (docs/CONVENTIONS.md, "Snapshots change only what changed"), and its controlFinished()
// reports a refusal. The strategy and the Demo submenu are the built-in gateway's: on a HAProxy
// they are disabled and their tooltips say why. Shortcuts work while the tree has focus, like
// Space, so that they never take keys from the log's filter box.
class RouteActions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RouteActions)

public:
    // Acts on gateway until setBalancer() says otherwise.
    RouteActions(GatewayController &gateway, RouteTreeView &view, QObject *parent = nullptr);

    // The balancer the instance actions go to from now on (the window's, when it switches).
    void setBalancer(LiveBalancer &balancer);

    QAction *toggleAction() const { return m_toggle; }
    QAction *enableAction() const { return m_enable; }
    QAction *drainAction() const { return m_drain; }
    QAction *disableAction() const { return m_disable; }
    QAction *setWeightAction() const { return m_setWeight; }
    QAction *removeAction() const { return m_remove; }
    QAction *showRequestsAction() const { return m_showRequests; }
    QAction *addInstanceAction() const { return m_addInstance; }
    // The action choosing kind for the current row's route.
    QAction *strategyAction(StrategyKind kind) const;
    // The Demo submenu, set to the current instance row's URL.
    DemoFaultMenu *demoMenu() const { return m_demoMenu; }

    // Fill a menu (the window's, or the context menu) with the instance or the route actions.
    void addInstanceActionsTo(QMenu &menu) const;
    void addRouteActionsTo(QMenu &menu) const;

Q_SIGNALS:
    void showRequestsOfInstance(const QString &routeId, const QString &instanceName);

private:
    void createInstanceActions();
    void createRouteActions();
    QAction *addTreeAction(const QString &text, const QKeySequence &shortcut);
    void updateActions();
    void showContextMenu(const QPoint &globalPos);
    void setAdminState(AdminState state);
    void chooseWeight();
    void confirmRemove();
    void askForInstance();
    void setStrategy(StrategyKind kind);
    bool showsGateway() const;

    GatewayController &m_gateway;
    LiveBalancer *m_balancer;
    RouteTreeView &m_view;

    QAction *m_toggle = nullptr;
    QActionGroup *m_adminStates = nullptr;
    QAction *m_enable = nullptr;
    QAction *m_drain = nullptr;
    QAction *m_disable = nullptr;
    QAction *m_setWeight = nullptr;
    QAction *m_remove = nullptr;
    QAction *m_showRequests = nullptr;
    QAction *m_addInstance = nullptr;
    QActionGroup *m_strategies = nullptr;
    DemoFaultMenu *m_demoMenu = nullptr;
};
