#include "common/instancecolors.h"
#include "routes/routetreemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace {
BackendSnapshot backend(quint64 id, int index, const QString &name) {
    BackendSnapshot snapshot;
    snapshot.id = id;
    snapshot.index = index;
    snapshot.name = name;
    snapshot.url = QStringLiteral("http://%1").arg(name);
    return snapshot;
}

// Route "a" with instances 11 and 12, route "b" with instance 21.
GatewaySnapshot twoRoutes() {
    GatewaySnapshot snapshot;
    snapshot.running = true;
    RouteSnapshot a;
    a.id = QStringLiteral("a");
    a.path = "/a";
    a.backends = {backend(11, 0, QStringLiteral("a1:81")), backend(12, 1, QStringLiteral("a2:82"))};
    RouteSnapshot b;
    b.id = QStringLiteral("b");
    b.path = "/b";
    b.backends = {backend(21, 0, QStringLiteral("b1:83"))};
    snapshot.routes = {a, b};
    return snapshot;
}

struct DataChange {
    QModelIndex parent;
    int row;
    int firstColumn;
    int lastColumn;
};

QList<DataChange> dataChanges(const QSignalSpy &spy) {
    QList<DataChange> changes;
    for (const QList<QVariant> &arguments : spy) {
        const auto topLeft = arguments.at(0).value<QModelIndex>();
        const auto bottomRight = arguments.at(1).value<QModelIndex>();
        if (topLeft.row() != bottomRight.row() || topLeft.parent() != bottomRight.parent())
            return {}; // more than one row in one signal: never expected here
        changes.append({topLeft.parent(), topLeft.row(), topLeft.column(), bottomRight.column()});
    }
    return changes;
}
} // namespace

class TestRouteTreeModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void showsRoutesAndInstances();
    void adminStateAndHealthAreShownApart_data();
    void adminStateAndHealthAreShownApart();
    void counterChangeUpdatesOnlyItsCells();
    void attemptErrorsAreNamedSo();
    void panicShowsOnTheRouteRow();
    void haproxyBackendReadsWithoutWhatItLacks();
    void adminStateChangeUpdatesNameThroughEnabled();
    void identicalSnapshotChangesNothing();
    void differentInstancesResetTheModel();
    void checkingAsksTheControllerAndWaitsForTheSnapshot();
    void snapshotWinsOverTheRequest();
    void toggleAsksForTheOppositeState_data();
    void toggleAsksForTheOppositeState();
    void routeRowsAreNotToggled();

private:
    InstanceColors m_colors;
    RouteTreeModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void TestRouteTreeModel::init() {
    m_model = new RouteTreeModel(m_colors);
    m_tester = new QAbstractItemModelTester(m_model,
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->applySnapshot(twoRoutes());
}

void TestRouteTreeModel::cleanup() {
    delete m_tester;
    delete m_model;
}

void TestRouteTreeModel::showsRoutesAndInstances() {
    QCOMPARE(m_model->rowCount(), 2);
    const QModelIndex a = m_model->index(0, 0);
    QCOMPARE(a.data().toString(), QStringLiteral("a"));
    QCOMPARE(m_model->rowCount(a), 2);
    QCOMPARE(m_model->rowCount(m_model->index(1, 0)), 1);
    const QModelIndex a2 = m_model->instanceIndex(QStringLiteral("a"), 1);
    QCOMPARE(a2.parent(), a);
    QCOMPARE(a2.data().toString(), QStringLiteral("a2:82"));
    QCOMPARE(a2.siblingAtColumn(RouteTreeModel::UrlColumn).data().toString(),
             QStringLiteral("http://a2:82"));
    QCOMPARE(a2.data(RouteTreeModel::BackendIdRole).toULongLong(), 12u);
    QCOMPARE(a2.data(RouteTreeModel::RouteIdRole).toString(), QStringLiteral("a"));
    QVERIFY(m_model->flags(a2.siblingAtColumn(RouteTreeModel::EnabledColumn)) &
            Qt::ItemIsUserCheckable);
    QVERIFY(!(m_model->flags(a.siblingAtColumn(RouteTreeModel::EnabledColumn)) &
              Qt::ItemIsUserCheckable));
    QCOMPARE(a.siblingAtColumn(RouteTreeModel::EnabledColumn).data().toString(),
             QStringLiteral("2 of 2"));
    QVERIFY(!m_model->instanceIndex(QStringLiteral("a"), 2).isValid());
    QVERIFY(!m_model->instanceIndex(QStringLiteral("c"), 0).isValid());
}

void TestRouteTreeModel::adminStateAndHealthAreShownApart_data() {
    QTest::addColumn<AdminState>("adminState");
    QTest::addColumn<Health>("health");
    QTest::addColumn<int>("checkState");
    QTest::addColumn<QString>("enabledText");
    QTest::addColumn<QString>("healthText");

    QTest::newRow("enabled but down")
        << AdminState::Enabled << Health::Down << int(Qt::Checked) << "enabled"
        << "down";
    QTest::newRow("disabled but up")
        << AdminState::Disabled << Health::Up << int(Qt::Unchecked) << "disabled"
        << "up";
    QTest::newRow("draining, unknown")
        << AdminState::Draining << Health::Unknown << int(Qt::PartiallyChecked) << "draining"
        << "unknown";
}

void TestRouteTreeModel::adminStateAndHealthAreShownApart() {
    QFETCH(AdminState, adminState);
    QFETCH(Health, health);
    QFETCH(int, checkState);
    QFETCH(QString, enabledText);
    QFETCH(QString, healthText);

    GatewaySnapshot snapshot = twoRoutes();
    snapshot.routes[0].backends[0].adminState = adminState;
    snapshot.routes[0].backends[0].health = health;
    m_model->applySnapshot(snapshot);

    const QModelIndex enabled =
        m_model->instanceIndex(QStringLiteral("a"), 0, RouteTreeModel::EnabledColumn);
    const QModelIndex healthCell = enabled.siblingAtColumn(RouteTreeModel::HealthColumn);
    QCOMPARE(enabled.data(Qt::CheckStateRole).toInt(), checkState);
    QCOMPARE(enabled.data().toString(), enabledText);
    QCOMPARE(healthCell.data().toString(), healthText);
    QCOMPARE(healthCell.data(Qt::CheckStateRole), QVariant());
    QCOMPARE(AdminState(enabled.data(RouteTreeModel::AdminStateRole).toInt()), adminState);
    QCOMPARE(Health(enabled.data(RouteTreeModel::HealthRole).toInt()), health);
}

void TestRouteTreeModel::counterChangeUpdatesOnlyItsCells() {
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    GatewaySnapshot snapshot = twoRoutes();
    snapshot.routes[0].backends[1].requests = 5;
    m_model->applySnapshot(snapshot);

    QCOMPARE(reset.count(), 0);
    const QList<DataChange> changes = dataChanges(changed);
    QCOMPARE(changes.size(), 2);
    // The route's total, then the instance's own cell.
    QCOMPARE(changes[0].parent, QModelIndex());
    QCOMPARE(changes[0].row, 0);
    QCOMPARE(changes[0].firstColumn, int(RouteTreeModel::RequestsColumn));
    QCOMPARE(changes[0].lastColumn, int(RouteTreeModel::RequestsColumn));
    QCOMPARE(changes[1].parent, m_model->index(0, 0));
    QCOMPARE(changes[1].row, 1);
    QCOMPARE(changes[1].firstColumn, int(RouteTreeModel::RequestsColumn));
    QCOMPARE(changes[1].lastColumn, int(RouteTreeModel::RequestsColumn));
    QCOMPARE(m_model->index(0, RouteTreeModel::RequestsColumn).data().toString(),
             QLocale().toString(5));
}

// README, "What the counts mean": the column counts attempts that failed through the instance's
// fault, retried or not, and says so; it is not the status bar's Failed.
void TestRouteTreeModel::attemptErrorsAreNamedSo() {
    QCOMPARE(m_model->headerData(RouteTreeModel::AttemptErrorsColumn, Qt::Horizontal).toString(),
             QStringLiteral("Attempt errors"));
    QVERIFY(
        m_model->headerData(RouteTreeModel::AttemptErrorsColumn, Qt::Horizontal, Qt::ToolTipRole)
            .toString()
            .contains(QStringLiteral("retried or not")));
    GatewaySnapshot snapshot = twoRoutes();
    snapshot.routes[0].backends[0].attemptErrors = 1; // a refused connect, retried on a2
    snapshot.routes[0].backends[1].attemptErrors = 2;
    m_model->applySnapshot(snapshot);
    const QModelIndex route = m_model->index(0, 0);
    QCOMPARE(m_model->index(0, RouteTreeModel::AttemptErrorsColumn).data().toString(),
             QLocale().toString(3));
    QCOMPARE(m_model->index(0, RouteTreeModel::AttemptErrorsColumn, route).data().toString(),
             QLocale().toString(1));
}

void TestRouteTreeModel::panicShowsOnTheRouteRow() {
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    GatewaySnapshot snapshot = twoRoutes();
    for (BackendSnapshot &backend : snapshot.routes[0].backends) {
        backend.health = Health::Down;
        backend.passiveState = PassiveState::Ejected;
    }
    snapshot.routes[0].panic = true;
    m_model->applySnapshot(snapshot);

    const QModelIndex health = m_model->index(0, RouteTreeModel::HealthColumn);
    QVERIFY2(health.data().toString().startsWith(QStringLiteral("panic: ")),
             qPrintable(health.data().toString()));
    QVERIFY(health.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Panic")));
    QVERIFY(health.data(Qt::ForegroundRole).isValid());
    const QModelIndex instance = m_model->instanceIndex(QStringLiteral("a"), 0)
                                     .siblingAtColumn(RouteTreeModel::HealthColumn);
    QVERIFY(instance.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Ejected")));
    QVERIFY(!dataChanges(changed).isEmpty());

    snapshot.routes[0].panic = false;
    m_model->applySnapshot(snapshot);
    QVERIFY(!health.data().toString().startsWith(QStringLiteral("panic")));
    QVERIFY(!health.data(Qt::ForegroundRole).isValid());
}

// A HAProxy's snapshot (core/haproxy/runtimestate.h): a backend has no path, a server no latency
// percentiles and a check result without its time. None of them reads as an empty or zero value.
void TestRouteTreeModel::haproxyBackendReadsWithoutWhatItLacks() {
    GatewaySnapshot snapshot = twoRoutes();
    RouteSnapshot &route = snapshot.routes[0];
    route.path.clear();
    route.strategy = StrategyKind::WeightedRoundRobin;
    BackendSnapshot &server = route.backends[0];
    server.requests = 5;
    server.latencyP50Us = -1;
    server.latencyP99Us = -1;
    server.health = Health::Up;
    server.lastCheck.ran = true;
    server.lastCheck.ok = true;
    server.lastCheck.status = 200;
    server.lastCheck.durationUs = 7000;
    m_model->applySnapshot(snapshot);

    const QModelIndex url = m_model->index(0, RouteTreeModel::UrlColumn);
    QCOMPARE(url.data().toString(), QStringLiteral("weighted_round_robin"));
    QCOMPARE(url.data(Qt::ToolTipRole).toString(),
             QStringLiteral("Route a: requests go to its instances by weighted_round_robin"));
    const QModelIndex instance = m_model->instanceIndex(QStringLiteral("a"), 0);
    QCOMPARE(instance.siblingAtColumn(RouteTreeModel::LatencyColumn).data().toString(),
             QStringLiteral("–"));
    const QString health =
        instance.siblingAtColumn(RouteTreeModel::HealthColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(health.contains(QStringLiteral("Last check: 200 in 7.00 ms")), qPrintable(health));
}

void TestRouteTreeModel::adminStateChangeUpdatesNameThroughEnabled() {
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    GatewaySnapshot snapshot = twoRoutes();
    snapshot.routes[1].backends[0].adminState = AdminState::Disabled;
    m_model->applySnapshot(snapshot);

    const QList<DataChange> changes = dataChanges(changed);
    QCOMPARE(changes.size(), 2);
    QCOMPARE(changes[0].row, 1); // route b's "1 of 1" → "0 of 1"
    QCOMPARE(changes[0].firstColumn, int(RouteTreeModel::EnabledColumn));
    QCOMPARE(changes[0].lastColumn, int(RouteTreeModel::EnabledColumn));
    // The instance's name and URL are muted while disabled, so they change with the check box.
    QCOMPARE(changes[1].parent, m_model->index(1, 0));
    QCOMPARE(changes[1].firstColumn, int(RouteTreeModel::NameColumn));
    QCOMPARE(changes[1].lastColumn, int(RouteTreeModel::EnabledColumn));
}

void TestRouteTreeModel::identicalSnapshotChangesNothing() {
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    GatewaySnapshot snapshot = twoRoutes();
    snapshot.totalRequests = 99; // not shown by this model
    m_model->applySnapshot(snapshot);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(reset.count(), 0);
}

void TestRouteTreeModel::differentInstancesResetTheModel() {
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    GatewaySnapshot snapshot = twoRoutes();
    snapshot.routes[0].backends.removeLast();
    m_model->applySnapshot(snapshot);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(m_model->index(0, 0)), 1);

    snapshot.routes.removeFirst();
    m_model->applySnapshot(snapshot);
    QCOMPARE(reset.count(), 2);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0, 0).data().toString(), QStringLiteral("b"));
}

void TestRouteTreeModel::checkingAsksTheControllerAndWaitsForTheSnapshot() {
    QSignalSpy requested(m_model, &RouteTreeModel::adminStateChangeRequested);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    const QModelIndex enabled =
        m_model->instanceIndex(QStringLiteral("a"), 1, RouteTreeModel::EnabledColumn);
    QVERIFY(m_model->setData(enabled, int(Qt::Unchecked), Qt::CheckStateRole));

    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested[0][0].toString(), QStringLiteral("a"));
    QCOMPARE(requested[0][1].toInt(), 1);
    QCOMPARE(requested[0][2].value<AdminState>(), AdminState::Disabled);
    // Nothing changes until the gateway says so.
    QCOMPARE(changed.count(), 0);
    QCOMPARE(enabled.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));

    GatewaySnapshot snapshot = twoRoutes();
    snapshot.routes[0].backends[1].adminState = AdminState::Disabled;
    m_model->applySnapshot(snapshot);
    QCOMPARE(enabled.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
}

void TestRouteTreeModel::snapshotWinsOverTheRequest() {
    const QModelIndex enabled =
        m_model->instanceIndex(QStringLiteral("b"), 0, RouteTreeModel::EnabledColumn);
    m_model->setData(enabled, int(Qt::Unchecked), Qt::CheckStateRole);
    // The gateway refused (or has not acted yet): the next snapshot still says enabled.
    m_model->applySnapshot(twoRoutes());
    QCOMPARE(enabled.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
}

void TestRouteTreeModel::toggleAsksForTheOppositeState_data() {
    QTest::addColumn<AdminState>("current");
    QTest::addColumn<AdminState>("requested");
    QTest::newRow("enabled → disabled") << AdminState::Enabled << AdminState::Disabled;
    QTest::newRow("disabled → enabled") << AdminState::Disabled << AdminState::Enabled;
    QTest::newRow("draining → enabled") << AdminState::Draining << AdminState::Enabled;
}

void TestRouteTreeModel::toggleAsksForTheOppositeState() {
    QFETCH(AdminState, current);
    QFETCH(AdminState, requested);
    GatewaySnapshot snapshot = twoRoutes();
    snapshot.routes[0].backends[0].adminState = current;
    m_model->applySnapshot(snapshot);

    QSignalSpy spy(m_model, &RouteTreeModel::adminStateChangeRequested);
    // Any column of the instance's row will do (Space acts on the current row).
    m_model->requestToggle(
        m_model->instanceIndex(QStringLiteral("a"), 0, RouteTreeModel::LatencyColumn));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy[0][2].value<AdminState>(), requested);
}

void TestRouteTreeModel::routeRowsAreNotToggled() {
    QSignalSpy spy(m_model, &RouteTreeModel::adminStateChangeRequested);
    m_model->requestToggle(m_model->index(0, 0));
    QVERIFY(!m_model->setData(m_model->index(0, RouteTreeModel::EnabledColumn), int(Qt::Unchecked),
                              Qt::CheckStateRole));
    QCOMPARE(spy.count(), 0);
}

QTEST_MAIN(TestRouteTreeModel)
#include "tst_routetreemodel.moc"
