// Every way of changing what runs in the window (README, "Switching configs"): each bundled
// scenario from the Scenarios menu, File → Open Config on a copy of the bundled config, Stop and
// Start with another config, and the live reloads (Ctrl+R, the file watcher, POST /api/reload).
// After each, requests through the gateway reach the new config's demo instances, the tree, the
// chart, the log, the status bar and the admin API show the new config, and every URL keeps its
// colour. The bundled configs listen on fixed ports; the tests run them on free ones through
// the command line's overrides (--listen and --admin on port 0, --port-offset for the demo
// instances), as a user whose 8080 is taken would.
#include "distribution/distributionchart.h"
#include "freedemoports.h"
#include "modalanswer.h"
#include "requestlog/requestlogmodel.h"
#include "routes/routetreemodel.h"
#include "scenarios/scenariocatalog.h"
#include "teaching/scenariomenu.h"
#include "window/gatewaysession.h"
#include "window/mainwindow.h"
#include "window/statusbarstats.h"

#include "config/bundledconfig.h"
#include "config/configloader.h"
#include "control/gatewaycontroller.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Reply {
    int status = 0;
    QByteArray body;
};

struct ExpectedInstance {
    QString name;
    QString url;
    int weight = 1;
};

struct ExpectedRoute {
    QString id;
    QByteArray path;
    QList<ExpectedInstance> instances;
};

} // namespace

class TestConfigSwitch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void everyScenarioFromTheMenu();
    void openConfigRunsACopyOfTheBundledConfig();
    void liveReloadsKeepCountersAndSaySo();
    void stopAndStartWithAnotherConfigSwitches();

private:
    // The routes config describes as the window runs it (the overrides applied).
    QList<ExpectedRoute> expectedRoutes(const QString &configPath) const;
    // Waits until the gateway runs configPath and the tree, the admin API and the demo
    // instances all show it, then sends requestsPerRoute requests to each route.
    void verifyRunning(const QString &configPath, int requestsPerRoute);
    void verifyTree(const QList<ExpectedRoute> &routes);
    void verifyColours(const QList<ExpectedRoute> &routes);
    void verifyAdminApi(const QString &configPath, const QList<ExpectedRoute> &routes);
    Reply get(const QString &url);
    Reply post(const QString &url);
    // Waits up to 10 s for reply; an empty Reply when it did not finish.
    Reply finish(QNetworkReply *reply);
    QStringList markers() const;
    QString requestsLabelText() const;
    void openWithDialog(const QString &path);
    QString copyOfBundledConfig(const QString &name);
    // Waits until the gateway runs; a failed start fails the test with its message.
    void waitUntilRunning();

    QTemporaryDir *m_dir = nullptr;
    GatewayController *m_controller = nullptr;
    MainWindow *m_window = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    ConfigOverrides m_overrides;
    // Every URL's colour as first seen: it must not change for the window's lifetime.
    QHash<QString, QRgb> m_colourOfUrl;
    QString m_startFailure;
};

void TestConfigSwitch::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("GatewayConsoleTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_configswitch"));
    QSettings().clear();
}

void TestConfigSwitch::init() {
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    const int offset = freeDemoPortOffset();
    QVERIFY2(offset != 0, "no free ports for the demo instances");
    m_overrides = ConfigOverrides{ListenAddress{QHostAddress::LocalHost, 0},
                                  ListenAddress{QHostAddress::LocalHost, 0}, offset};
    m_controller = new GatewayController;
    m_window = new MainWindow(*m_controller, WindowSettings::Defaults);
    m_window->session().setOverrides(m_overrides);
    m_startFailure.clear();
    connect(&m_window->session(), &GatewaySession::startFailed, this,
            [this](const QString &message) { m_startFailure = message; });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    m_network = new QNetworkAccessManager;
    m_network->setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
    m_colourOfUrl.clear();
}

void TestConfigSwitch::waitUntilRunning() {
    QTRY_VERIFY2_WITH_TIMEOUT(m_window->session().state() == GatewaySession::State::Running ||
                                  !m_startFailure.isEmpty(),
                              "the gateway neither started nor failed to start", 15000);
    QVERIFY2(m_startFailure.isEmpty(), qPrintable(m_startFailure));
}

void TestConfigSwitch::cleanup() {
    delete m_network;
    delete m_window;
    delete m_controller;
    delete m_dir;
}

QList<ExpectedRoute> TestConfigSwitch::expectedRoutes(const QString &configPath) const {
    ConfigLoadResult loaded = loadConfigFile(configPath);
    if (!loaded.ok())
        return {};
    m_overrides.applyTo(*loaded.config);
    QList<ExpectedRoute> routes;
    for (const RouteConfig &route : loaded.config->routes) {
        ExpectedRoute expected{route.id, route.path, {}};
        for (const TargetConfig &target : route.targets) {
            const QString name =
                target.name.isEmpty()
                    ? QStringLiteral("%1:%2").arg(target.url.host()).arg(target.url.port())
                    : target.name;
            expected.instances.append({name, target.url.toString(), target.weight});
        }
        routes.append(expected);
    }
    return routes;
}

Reply TestConfigSwitch::get(const QString &url) {
    return finish(m_network->get(QNetworkRequest(QUrl(url))));
}

Reply TestConfigSwitch::post(const QString &url) {
    return finish(m_network->post(QNetworkRequest(QUrl(url)), QByteArray()));
}

Reply TestConfigSwitch::finish(QNetworkReply *reply) {
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        return {};
    const Reply result{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                       reply->readAll()};
    reply->deleteLater();
    return result;
}

QStringList TestConfigSwitch::markers() const {
    QStringList texts;
    const RequestLogModel *log = m_window->logModel();
    for (int row = 0; row < log->rowCount(); ++row) {
        if (log->isMarkerAt(row))
            texts.append(log->index(row, RequestLogModel::PathColumn).data().toString());
    }
    return texts;
}

QString TestConfigSwitch::requestsLabelText() const {
    const QList<QLabel *> labels = m_window->statusBarStats()->findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        if (label->text().startsWith(QLatin1String("Requests")))
            return label->text();
    }
    return {};
}

void TestConfigSwitch::verifyTree(const QList<ExpectedRoute> &routes) {
    const RouteTreeModel *tree = m_window->routeModel();
    QCOMPARE(tree->rowCount(), int(routes.size()));
    for (const ExpectedRoute &route : routes) {
        const QModelIndex routeRow = tree->routeIndex(route.id);
        QVERIFY2(routeRow.isValid(), qPrintable(route.id));
        QCOMPARE(tree->rowCount(routeRow), int(route.instances.size()));
        for (int i = 0; i < route.instances.size(); ++i) {
            const ExpectedInstance &instance = route.instances[i];
            QCOMPARE(tree->instanceIndex(route.id, i, RouteTreeModel::NameColumn).data().toString(),
                     instance.name);
            QCOMPARE(tree->instanceIndex(route.id, i, RouteTreeModel::UrlColumn).data().toString(),
                     instance.url);
            QCOMPARE(tree->instanceIndex(route.id, i, RouteTreeModel::WeightColumn).data().toInt(),
                     instance.weight);
        }
    }
}

void TestConfigSwitch::verifyColours(const QList<ExpectedRoute> &routes) {
    const RouteTreeModel *tree = m_window->routeModel();
    for (const ExpectedRoute &route : routes) {
        for (int i = 0; i < route.instances.size(); ++i) {
            const QIcon swatch = tree->instanceIndex(route.id, i, RouteTreeModel::NameColumn)
                                     .data(Qt::DecorationRole)
                                     .value<QIcon>();
            QVERIFY(!swatch.isNull());
            const QImage image = swatch.pixmap(12, 12).toImage();
            const QRgb colour = image.pixelColor(image.width() / 2, image.height() / 2).rgb();
            const QString &url = route.instances[i].url;
            const auto known = m_colourOfUrl.constFind(url);
            if (known == m_colourOfUrl.constEnd())
                m_colourOfUrl.insert(url, colour);
            else
                QVERIFY2(*known == colour, qPrintable(url + QStringLiteral(" changed colour")));
        }
    }
    // The log's rows of an instance have the tree's colour.
    const RequestLogModel *log = m_window->logModel();
    for (int row = 0; row < log->rowCount(); ++row) {
        if (log->isMarkerAt(row) || log->recordAt(row).backendId == 0)
            continue;
        const QString url = QString::fromUtf8(log->recordAt(row).backendUrl);
        const QImage image = log->index(row, RequestLogModel::InstanceColumn)
                                 .data(Qt::DecorationRole)
                                 .value<QIcon>()
                                 .pixmap(12, 12)
                                 .toImage();
        QCOMPARE(image.pixelColor(image.width() / 2, image.height() / 2).rgb(),
                 m_colourOfUrl.value(url));
    }
}

void TestConfigSwitch::verifyAdminApi(const QString &configPath,
                                      const QList<ExpectedRoute> &routes) {
    const QString adminUrl = m_window->session().adminUrl();
    QVERIFY(!adminUrl.isEmpty());
    const Reply state = get(adminUrl + QStringLiteral("/api/state"));
    QCOMPARE(state.status, 200);
    const QJsonObject json = QJsonDocument::fromJson(state.body).object();
    QCOMPARE(json.value(QLatin1String("config_file")).toString(), configPath);
    const QJsonArray jsonRoutes = json.value(QLatin1String("routes")).toArray();
    QCOMPARE(jsonRoutes.size(), routes.size());
    for (int r = 0; r < routes.size(); ++r) {
        const QJsonArray backends =
            jsonRoutes[r].toObject().value(QLatin1String("backends")).toArray();
        QCOMPARE(backends.size(), routes[r].instances.size());
        for (int i = 0; i < backends.size(); ++i) {
            QCOMPARE(backends[i].toObject().value(QLatin1String("name")).toString(),
                     routes[r].instances[i].name);
        }
    }
    const Reply demo = get(adminUrl + QStringLiteral("/api/demo"));
    QCOMPARE(demo.status, 200);
}

void TestConfigSwitch::verifyRunning(const QString &configPath, int requestsPerRoute) {
    const QList<ExpectedRoute> routes = expectedRoutes(configPath);
    QVERIFY2(!routes.isEmpty(), qPrintable(configPath));
    waitUntilRunning();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_window->session().configPath(), configPath);
    QTRY_COMPARE(m_controller->lastSnapshot().configFile, configPath);
    QTRY_COMPARE(m_window->routeModel()->rowCount(), int(routes.size()));
    verifyTree(routes);
    verifyAdminApi(configPath, routes);

    // A new config counts from zero: the status bar, the snapshot and the chart.
    QTRY_VERIFY(m_controller->lastSnapshot().running);
    QCOMPARE(m_controller->lastSnapshot().totalRequests, quint64(0));
    QVERIFY2(requestsLabelText().startsWith(QLatin1String("Requests 0 since ")),
             qPrintable(requestsLabelText()));

    const quint64 appendedBefore = m_window->logModel()->appendedCount();
    const int rowsBefore = m_window->logModel()->rowCount();
    for (const ExpectedRoute &route : routes) {
        for (int i = 0; i < requestsPerRoute; ++i) {
            const Reply reply = get(m_window->session().listenUrl() +
                                    QString::fromUtf8(route.path) + QStringLiteral("/x"));
            QVERIFY2(reply.status == 200,
                     qPrintable(QStringLiteral("%1%2 → %3 %4")
                                    .arg(configPath, QString::fromUtf8(route.path))
                                    .arg(reply.status)
                                    .arg(QString::fromUtf8(reply.body))));
        }
    }
    const int sent = requestsPerRoute * int(routes.size());
    QTRY_COMPARE(m_window->logModel()->appendedCount(), appendedBefore + quint64(sent));
    // Every row after the switch is one of the new config's routes, served with 200.
    const RequestLogModel *log = m_window->logModel();
    QStringList routeIds;
    for (const ExpectedRoute &route : routes)
        routeIds.append(route.id);
    for (int row = rowsBefore; row < log->rowCount(); ++row) {
        QVERIFY(!log->isMarkerAt(row));
        QVERIFY(routeIds.contains(log->recordAt(row).routeId));
        QCOMPARE(log->recordAt(row).status, 200);
    }
    QTRY_COMPARE(m_controller->lastSnapshot().totalRequests, quint64(sent));
    QTRY_VERIFY2(requestsLabelText().startsWith(QStringLiteral("Requests %1 since ").arg(sent)),
                 qPrintable(requestsLabelText()));
    quint64 charted = 0;
    for (const RouteSnapshot &route : m_controller->lastSnapshot().routes) {
        for (const BackendSnapshot &backend : route.backends)
            charted += m_window->distributionChart()->countsFor(backend.id).sinceReset;
    }
    QCOMPARE(charted, quint64(sent));
    verifyColours(routes);
}

void TestConfigSwitch::everyScenarioFromTheMenu() {
    const ScenarioCatalog catalog = ScenarioCatalog::bundled();
    QVERIFY(catalog.scenarios().size() >= 5);
    // Each scenario switched to from the one before; the last one again from the first, so
    // that every scenario is also switched away from.
    QList<Scenario> order = catalog.scenarios();
    order.append(catalog.scenarios().first());
    QString previousTitle;
    for (const Scenario &scenario : order) {
        const QDateTime before = QDateTime::currentDateTime().addSecs(-1);
        QAction *action = m_window->scenarioMenu()->actionFor(scenario.name);
        QVERIFY(action);
        QTRY_VERIFY(m_window->scenarioMenu()->isEnabled());
        action->trigger();
        waitUntilRunning();
        if (QTest::currentTestFailed())
            return;
        if (!previousTitle.isEmpty()) {
            QCOMPARE(markers().last(), QStringLiteral("— switched to %1 —").arg(scenario.title));
            const QString message = m_window->statusBar()->currentMessage();
            QVERIFY2(message.contains(QStringLiteral("Switched to %1").arg(scenario.title)),
                     qPrintable(message));
        }
        verifyRunning(scenario.configPath, 4);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(action->isChecked());
        QVERIFY(m_window->distributionChart()->resetAt() >= before);
        previousTitle = scenario.title;
    }
    QCOMPARE(markers().size(), order.size() - 1);
}

QString TestConfigSwitch::copyOfBundledConfig(const QString &name) {
    const QString path = m_dir->filePath(name);
    QFile bundled(QString::fromLatin1(bundledConfigPath));
    if (!bundled.open(QIODevice::ReadOnly))
        return {};
    QFile copy(path);
    if (!copy.open(QIODevice::WriteOnly))
        return {};
    copy.write(bundled.readAll());
    return path;
}

// File → Open Config…, answered in its file dialog as a user would.
void TestConfigSwitch::openWithDialog(const QString &path) {
    QAction *open = nullptr;
    for (QAction *action : m_window->findChildren<QAction *>()) {
        if (action->shortcut() == QKeySequence(QKeySequence::Open))
            open = action;
    }
    QVERIFY(open);
    // QFileDialog::selectFile() leaves the file name box alone while it has the keyboard focus
    // (a user may be typing), and the box takes the focus once the dialog is active.
    const QString problem = triggerAnswering<QFileDialog>(open, [&path](QFileDialog *dialog) {
        if (QWidget *focused = dialog->focusWidget())
            focused->clearFocus();
        dialog->selectFile(path);
        static_cast<QDialog *>(dialog)->accept(); // QFileDialog makes it protected
    });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestConfigSwitch::openConfigRunsACopyOfTheBundledConfig() {
    const ScenarioCatalog catalog = ScenarioCatalog::bundled();
    const Scenario *weighted = catalog.find(QStringLiteral("weighted"));
    QVERIFY(weighted);
    m_window->scenarioMenu()->actionFor(weighted->name)->trigger();
    verifyRunning(weighted->configPath, 4);

    const QString copy = copyOfBundledConfig(QStringLiteral("my-gateway.yaml"));
    QVERIFY(!copy.isEmpty());
    openWithDialog(copy);
    if (QTest::currentTestFailed())
        return;
    verifyRunning(copy, 4);
    QCOMPARE(markers(), QStringList{QStringLiteral("— switched to my-gateway.yaml —")});
    // No scenario runs now: none is checked.
    QVERIFY(!m_window->scenarioMenu()->actionFor(weighted->name)->isChecked());

    // And back to the scenario: 8081 had the same colour under both configs and still has.
    m_window->scenarioMenu()->actionFor(weighted->name)->trigger();
    verifyRunning(weighted->configPath, 4);
    QCOMPARE(markers().last(), QStringLiteral("— switched to %1 —").arg(weighted->title));
}

void TestConfigSwitch::liveReloadsKeepCountersAndSaySo() {
    const QString copy = copyOfBundledConfig(QStringLiteral("live.yaml"));
    QVERIFY(m_window->session().loadConfig(copy));
    m_window->startAction()->trigger();
    verifyRunning(copy, 2);
    const quint64 counted = m_controller->lastSnapshot().totalRequests;
    const QDateTime chartSince = m_window->distributionChart()->resetAt();
    QVERIFY(markers().isEmpty()); // the first start needs none

    const auto rewrite = [&copy](const QByteArray &from, const QByteArray &to) {
        QFile file(copy);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        QByteArray yaml = file.readAll();
        file.close();
        if (!yaml.contains(from))
            return false;
        yaml.replace(from, to);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
               file.write(yaml) == yaml.size();
    };

    // Ctrl+R: a marker with the gateway's summary; counters and the chart's count kept.
    m_window->reloadAction()->trigger();
    QTRY_COMPARE(markers().size(), 1);
    QCOMPARE(markers().last(), QStringLiteral("— reloaded live.yaml —"));
    const int ctrlRRow = m_window->logModel()->rowCount() - 1;
    QVERIFY(m_window->logModel()
                ->index(ctrlRRow, RequestLogModel::ReasonColumn)
                .data()
                .toString()
                .startsWith(QStringLiteral("reloaded ")));
    QCOMPARE(m_controller->lastSnapshot().totalRequests, counted);
    QCOMPARE(m_window->distributionChart()->resetAt(), chartSince);

    // The file watcher: a change that needs a restart says which.
    QVERIFY(rewrite("backends: [8081, 8082, 8083, 8084]",
                    "backends: [8081, 8082, 8083, { port: 8084, latency: 10ms }]"));
    QTRY_COMPARE(markers().size(), 2);
    const QString detail =
        m_window->logModel()
            ->index(m_window->logModel()->rowCount() - 1, RequestLogModel::ReasonColumn)
            .data()
            .toString();
    QVERIFY2(detail.contains(QStringLiteral("the demo instances change on the next start")),
             qPrintable(detail));

    // POST /api/reload.
    const Reply reloaded = post(m_window->session().adminUrl() + QStringLiteral("/api/reload"));
    QCOMPARE(reloaded.status, 200);
    QTRY_COMPARE(markers().size(), 3);
    QCOMPARE(m_controller->lastSnapshot().totalRequests, counted);
    QVERIFY2(requestsLabelText().startsWith(QStringLiteral("Requests %1 since ").arg(counted)),
             qPrintable(requestsLabelText()));
}

void TestConfigSwitch::stopAndStartWithAnotherConfigSwitches() {
    const QString first = copyOfBundledConfig(QStringLiteral("first.yaml"));
    const QString second = copyOfBundledConfig(QStringLiteral("second.yaml"));
    QVERIFY(m_window->session().loadConfig(first));
    m_window->startAction()->trigger();
    verifyRunning(first, 2);

    // Stop and Start of the same config: counters kept, and the log says it restarted.
    const quint64 counted = m_controller->lastSnapshot().totalRequests;
    m_window->stopAction()->trigger();
    QTRY_COMPARE(m_window->session().state(), GatewaySession::State::Stopped);
    m_window->startAction()->trigger();
    waitUntilRunning();
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE(markers(), QStringList{QStringLiteral("— restarted first.yaml —")});
    QTRY_VERIFY(m_controller->lastSnapshot().running);
    QCOMPARE(m_controller->lastSnapshot().totalRequests, counted);

    // Stop, load another file while stopped, Start: a switch.
    m_window->stopAction()->trigger();
    QTRY_COMPARE(m_window->session().state(), GatewaySession::State::Stopped);
    QVERIFY(m_window->session().loadConfig(second));
    m_window->startAction()->trigger();
    verifyRunning(second, 2);
    QCOMPARE(markers().last(), QStringLiteral("— switched to second.yaml —"));
}

QTEST_MAIN(TestConfigSwitch)
#include "tst_configswitch.moc"
