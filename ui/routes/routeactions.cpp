#include "routes/routeactions.h"

#include "balancers/haproxyfeaturetext.h"
#include "dialogs/addinstancedialog.h"
#include "routes/routetreemodel.h"
#include "routes/routetreeview.h"
#include "teaching/demofaultmenu.h"

#include "control/gatewaycontroller.h"
#include "model/instancestate.h"

#include <QAction>
#include <QActionGroup>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>

namespace {
// The row the actions apply to, read from the model's roles (valid only while the model is
// unchanged: read it again after a dialog).
struct CurrentRow {
    bool valid = false;
    bool isInstance = false;
    QString routeId;
    int backendIndex = -1;
    QString name;
    QString url;
    int weight = 1;
    AdminState adminState = AdminState::Enabled;
    StrategyKind strategy = StrategyKind::RoundRobin;

    explicit CurrentRow(const QModelIndex &index) {
        if (!index.isValid())
            return;
        valid = true;
        routeId = index.data(RouteTreeModel::RouteIdRole).toString();
        strategy = StrategyKind(index.data(RouteTreeModel::StrategyRole).toInt());
        backendIndex = index.data(RouteTreeModel::BackendIndexRole).toInt();
        isInstance = backendIndex >= 0;
        if (!isInstance)
            return;
        name = index.siblingAtColumn(RouteTreeModel::NameColumn).data().toString();
        url = index.siblingAtColumn(RouteTreeModel::UrlColumn).data().toString();
        weight = index.siblingAtColumn(RouteTreeModel::WeightColumn).data().toInt();
        adminState = AdminState(index.data(RouteTreeModel::AdminStateRole).toInt());
    }
};
} // namespace

RouteActions::RouteActions(GatewayController &gateway, RouteTreeView &view, QObject *parent)
    : QObject(parent)
    , m_gateway(gateway)
    , m_balancer(&gateway)
    , m_view(view) {
    createInstanceActions();
    createRouteActions();
    // One menu for every instance row, re-aimed at the current row by updateActions().
    m_demoMenu = new DemoFaultMenu(gateway, &m_view);
    // Connected after the menu's own connection, so that it has the new states when this runs:
    // an instance becomes a demo one when its cluster starts, and stops being one when it stops.
    connect(&gateway, &GatewayController::demoStateChanged, this, &RouteActions::updateActions);

    QAbstractItemModel *model = m_view.model();
    connect(m_view.selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RouteActions::updateActions);
    // Snapshots change the admin state, the strategy and the set of rows under the actions; a
    // reset clears the current row without currentRowChanged.
    connect(model, &QAbstractItemModel::dataChanged, this, &RouteActions::updateActions);
    connect(model, &QAbstractItemModel::modelReset, this, &RouteActions::updateActions);
    connect(&m_view, &RouteTreeView::rowMenuRequested, this, &RouteActions::showContextMenu);
    updateActions();
}

void RouteActions::setBalancer(LiveBalancer &balancer) {
    m_balancer = &balancer;
    const QString strategyReason =
        showsGateway() ? QString()
                       : HaproxyFeatureText::reason(HaproxySession::Feature::StrategyChange);
    for (QAction *action : m_strategies->actions()) {
        action->setToolTip(strategyReason);
        action->setStatusTip(strategyReason);
    }
    m_demoMenu->menuAction()->setToolTip(
        showsGateway() ? QString()
                       : HaproxyFeatureText::reason(HaproxySession::Feature::DemoFaults));
    m_demoMenu->menuAction()->setStatusTip(m_demoMenu->menuAction()->toolTip());
    updateActions();
}

bool RouteActions::showsGateway() const {
    return m_balancer == &m_gateway;
}

QAction *RouteActions::addTreeAction(const QString &text, const QKeySequence &shortcut) {
    auto *action = new QAction(text, this);
    if (!shortcut.isEmpty()) {
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_view.addAction(action);
    }
    return action;
}

void RouteActions::createInstanceActions() {
    // Space is handled by the tree itself (it has a meaning in item views already); the menu
    // shows it after the tab.
    m_toggle = addTreeAction(tr("&Toggle Enabled\tSpace"), {});
    connect(m_toggle, &QAction::triggered, &m_view, &RouteTreeView::toggleCurrentInstance);

    // Shift reverses, as F5 starts and Shift+F5 stops.
    m_enable = addTreeAction(tr("&Enable"), QKeySequence(Qt::CTRL | Qt::Key_E));
    m_enable->setToolTip(tr("Send new requests to the instance"));
    m_drain = addTreeAction(tr("D&rain"), QKeySequence(Qt::CTRL | Qt::Key_D));
    m_drain->setToolTip(tr("No new requests; the ones in flight finish"));
    m_disable = addTreeAction(tr("&Disable"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_disable->setToolTip(tr("No new requests"));
    m_adminStates = new QActionGroup(this);
    m_adminStates->setExclusionPolicy(QActionGroup::ExclusionPolicy::Exclusive);
    const std::pair<QAction *, AdminState> states[] = {{m_enable, AdminState::Enabled},
                                                       {m_drain, AdminState::Draining},
                                                       {m_disable, AdminState::Disabled}};
    for (const auto &[action, state] : states) {
        action->setCheckable(true);
        m_adminStates->addAction(action);
        connect(action, &QAction::triggered, this, [this, state] { setAdminState(state); });
    }

    m_setWeight = addTreeAction(tr("Set &Weight…"), QKeySequence(Qt::Key_F2));
    connect(m_setWeight, &QAction::triggered, this, &RouteActions::chooseWeight);
    m_remove = addTreeAction(tr("Re&move…"), QKeySequence(QKeySequence::Delete));
    connect(m_remove, &QAction::triggered, this, &RouteActions::confirmRemove);

    m_showRequests = addTreeAction(tr("&Show Its Requests in the Log"), {});
    connect(m_showRequests, &QAction::triggered, this, [this] {
        const CurrentRow row(m_view.currentIndex());
        if (row.isInstance)
            Q_EMIT showRequestsOfInstance(row.routeId, row.name);
    });
}

void RouteActions::createRouteActions() {
    m_addInstance = addTreeAction(tr("&Add Instance…"), QKeySequence(Qt::CTRL | Qt::Key_N));
    connect(m_addInstance, &QAction::triggered, this, &RouteActions::askForInstance);

    m_strategies = new QActionGroup(this);
    m_strategies->setExclusionPolicy(QActionGroup::ExclusionPolicy::Exclusive);
    for (const QByteArray &name : allStrategyNames()) {
        const StrategyKind kind = *parseStrategyName(name);
        QAction *action = addTreeAction(QString::fromLatin1(name), {});
        action->setCheckable(true);
        action->setData(int(kind));
        m_strategies->addAction(action);
        connect(action, &QAction::triggered, this, [this, kind] { setStrategy(kind); });
    }
}

QAction *RouteActions::strategyAction(StrategyKind kind) const {
    for (QAction *action : m_strategies->actions()) {
        if (action->data().toInt() == int(kind))
            return action;
    }
    return nullptr;
}

void RouteActions::addInstanceActionsTo(QMenu &menu) const {
    menu.addAction(m_toggle);
    menu.addSeparator();
    menu.addActions(m_adminStates->actions());
    menu.addSeparator();
    menu.addAction(m_setWeight);
    menu.addAction(m_remove);
    menu.addSeparator();
    menu.addAction(m_showRequests);
    menu.addSeparator();
    menu.addMenu(m_demoMenu);
}

void RouteActions::addRouteActionsTo(QMenu &menu) const {
    menu.addAction(m_addInstance);
    QMenu *strategy = menu.addMenu(tr("&Strategy"));
    strategy->addActions(m_strategies->actions());
    // The submenu follows its actions: usable exactly when a row is current.
    connect(m_addInstance, &QAction::enabledChanged, strategy, &QMenu::setEnabled);
    strategy->setEnabled(m_addInstance->isEnabled());
}

void RouteActions::updateActions() {
    const CurrentRow row(m_view.currentIndex());
    for (QAction *action : m_adminStates->actions())
        action->setEnabled(row.isInstance);
    for (QAction *action : {m_toggle, m_setWeight, m_remove, m_showRequests})
        action->setEnabled(row.isInstance);
    // Only a confirmed state is checked: a click checks its action at once, so put the check
    // back where the model says until the next snapshot moves it.
    m_enable->setChecked(row.isInstance && row.adminState == AdminState::Enabled);
    m_drain->setChecked(row.isInstance && row.adminState == AdminState::Draining);
    m_disable->setChecked(row.isInstance && row.adminState == AdminState::Disabled);

    const bool isDemoInstance =
        showsGateway() && row.isInstance && m_demoMenu->setInstanceUrl(row.url);
    m_demoMenu->menuAction()->setEnabled(isDemoInstance);

    m_addInstance->setEnabled(row.valid);
    for (QAction *action : m_strategies->actions()) {
        action->setEnabled(row.valid && showsGateway());
        action->setChecked(row.valid && action->data().toInt() == int(row.strategy));
    }
}

void RouteActions::showContextMenu(const QPoint &globalPos) {
    const CurrentRow row(m_view.currentIndex());
    if (!row.valid)
        return;
    QMenu menu(&m_view);
    if (row.isInstance)
        addInstanceActionsTo(menu);
    else
        addRouteActionsTo(menu);
    menu.exec(globalPos);
}

void RouteActions::setAdminState(AdminState state) {
    const CurrentRow row(m_view.currentIndex());
    if (row.isInstance && row.adminState != state)
        m_balancer->setBackendAdminState(row.routeId, row.backendIndex, state);
    updateActions();
}

void RouteActions::chooseWeight() {
    const CurrentRow row(m_view.currentIndex());
    if (!row.isInstance)
        return;
    QString label = tr("Weight of %1 (%2) in route %3, 1..%4:")
                        .arg(row.name, row.url, row.routeId)
                        .arg(m_balancer->weightLimit());
    // Kept rather than refused: it counts as soon as the route switches to a strategy that uses
    // weights, as a weight in the config file does.
    if (!strategyUsesWeights(row.strategy))
        label = tr("%1 ignores weights: the new weight counts only once the route uses another "
                   "strategy.")
                    .arg(QString::fromLatin1(strategyName(row.strategy))) +
                QLatin1Char('\n') + label;
    bool ok = false;
    const int weight = QInputDialog::getInt(m_view.window(), tr("Set Weight"), label, row.weight, 1,
                                            m_balancer->weightLimit(), 1, &ok);
    if (ok && weight != row.weight)
        m_balancer->setBackendWeight(row.routeId, row.backendIndex, weight);
}

void RouteActions::confirmRemove() {
    const CurrentRow row(m_view.currentIndex());
    if (!row.isInstance)
        return;
    const auto answer = QMessageBox::question(
        m_view.window(), tr("Remove Instance"),
        tr("Remove %1 (%2) from route %3?\n\nIt gets no new requests from now on; requests in "
           "flight finish. The config file is not changed, so a reload brings it back.")
            .arg(row.name, row.url, row.routeId),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        m_balancer->removeBackend(row.routeId, row.backendIndex);
}

void RouteActions::askForInstance() {
    const CurrentRow row(m_view.currentIndex());
    if (!row.valid)
        return;
    AddInstanceDialog dialog(row.routeId, m_balancer->weightLimit(), m_view.window());
    if (dialog.exec() == QDialog::Accepted)
        m_balancer->addBackend(row.routeId, dialog.url(), dialog.weight(), dialog.name());
}

void RouteActions::setStrategy(StrategyKind kind) {
    const CurrentRow row(m_view.currentIndex());
    if (row.valid && row.strategy != kind && showsGateway())
        m_gateway.setRouteStrategy(row.routeId, kind);
    updateActions();
}
