#include "configerrorpanel.h"
#include "gatewaysession.h"
#include "mainwindow.h"
#include "requestdetailsview.h"
#include "requestlogmodel.h"
#include "requestlogpanel.h"
#include "routetreemodel.h"
#include "routetreeview.h"
#include "tinybackend.h"

#include "config/configloader.h"
#include "gateway/gatewaycontroller.h"

#include <QAction>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

// The window over real sockets: two TinyBackends on port 0 behind a gateway on port 0.
class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void clickingTheCheckBoxDisablesTheInstanceForTheNextRequests();
    void spaceTogglesTheSelectedInstance();
    void logShowsWhichInstanceServedEachRequestInOrder();
    void selectingARequestShowsItsDetails();
    void configWithErrorsIsListedInThePanel();
    void reloadWithErrorsKeepsTheGatewayRunning();
    void reloadRestartsWithTheNewConfig();
    void takenPortLeavesTheWindowRunningAndSaysWhy();
    void remembersLayoutAndLastConfig();

private:
    QString writeConfig(const QByteArray &yaml);
    QByteArray twoInstanceConfig(quint16 listenPort = 0) const;
    void startGateway(const QString &configPath);
    QByteArray get(const QString &path);
    void clickCheckBox(const QModelIndex &index);
    QStringList logColumn(int column) const;

    QTemporaryDir *m_dir = nullptr;
    TinyBackend *m_alpha = nullptr;
    TinyBackend *m_beta = nullptr;
    GatewayController *m_controller = nullptr;
    MainWindow *m_window = nullptr;
    QNetworkAccessManager *m_network = nullptr;
};

void TestMainWindow::initTestCase() {
    // QSettings of this test go to a test location, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("GatewayConsoleTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QSettings().clear();
}

void TestMainWindow::init() {
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_alpha = new TinyBackend("alpha");
    m_beta = new TinyBackend("beta");
    QVERIFY(m_alpha->isListening() && m_beta->isListening());
    m_controller = new GatewayController;
    m_window = new MainWindow(*m_controller, WindowSettings::Defaults);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    m_network = new QNetworkAccessManager;
    m_network->setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
}

void TestMainWindow::cleanup() {
    delete m_network;
    delete m_window;
    delete m_controller;
    delete m_beta;
    delete m_alpha;
    delete m_dir;
}

QString TestMainWindow::writeConfig(const QByteArray &yaml) {
    const QString path = m_dir->filePath(QStringLiteral("gateway.yaml"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(yaml);
    return path;
}

QByteArray TestMainWindow::twoInstanceConfig(quint16 listenPort) const {
    return "server:\n"
           "  listen: 127.0.0.1:" +
           QByteArray::number(listenPort) +
           "\n"
           "routes:\n"
           "  - id: svc\n"
           "    path: /svc\n"
           "    strategy: round_robin\n"
           "    targets:\n"
           "      - { url: http://127.0.0.1:" +
           QByteArray::number(m_alpha->port()) +
           ", name: alpha }\n"
           "      - { url: http://127.0.0.1:" +
           QByteArray::number(m_beta->port()) + ", name: beta }\n";
}

void TestMainWindow::startGateway(const QString &configPath) {
    QVERIFY(m_window->session().loadConfig(configPath));
    m_window->startAction()->trigger();
    QTRY_COMPARE(m_window->session().state(), GatewaySession::State::Running);
    // The first snapshot has arrived: the tree shows the instances.
    QTRY_VERIFY(m_window->routeModel()->instanceIndex(QStringLiteral("svc"), 1).isValid());
}

QByteArray TestMainWindow::get(const QString &path) {
    QNetworkReply *reply =
        m_network->get(QNetworkRequest(QUrl(m_window->session().listenUrl() + path)));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        return QByteArrayLiteral("(no reply)");
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

void TestMainWindow::clickCheckBox(const QModelIndex &index) {
    // Where the item delegate draws the check box, as QStyledItemDelegate computes it.
    RouteTreeView *view = m_window->routeView();
    view->scrollTo(index);
    QStyleOptionViewItem option;
    option.initFrom(view);
    option.rect = view->visualRect(index);
    option.features = QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDisplay;
    option.text = index.data().toString();
    const QRect checkBox =
        view->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, view);
    QVERIFY(!checkBox.isEmpty());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, checkBox.center());
}

QStringList TestMainWindow::logColumn(int column) const {
    QStringList values;
    const RequestLogModel *log = m_window->logModel();
    for (int row = 0; row < log->rowCount(); ++row)
        values.append(log->index(row, column).data().toString());
    return values;
}

void TestMainWindow::clickingTheCheckBoxDisablesTheInstanceForTheNextRequests() {
    startGateway(writeConfig(twoInstanceConfig()));
    // Both instances serve while enabled.
    QSet<QByteArray> servedBy;
    for (int i = 0; i < 4; ++i)
        servedBy.insert(get(QStringLiteral("/svc/before")));
    QCOMPARE(servedBy, (QSet<QByteArray>{"alpha", "beta"}));

    const QModelIndex alphaEnabled = m_window->routeModel()->instanceIndex(
        QStringLiteral("svc"), 0, RouteTreeModel::EnabledColumn);
    QCOMPARE(alphaEnabled.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    clickCheckBox(alphaEnabled);
    // The gateway's next snapshot confirms it.
    QTRY_COMPARE(alphaEnabled.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QCOMPARE(AdminState(alphaEnabled.data(RouteTreeModel::AdminStateRole).toInt()),
             AdminState::Disabled);

    const int alphaBefore = m_alpha->requestCount();
    for (int i = 0; i < 6; ++i)
        QCOMPARE(get(QStringLiteral("/svc/after")), QByteArray("beta"));
    QCOMPARE(m_alpha->requestCount(), alphaBefore);
    QTRY_COMPARE(m_window->logModel()->rowCount(), 10);
    QCOMPARE(logColumn(RequestLogModel::InstanceColumn).mid(4),
             QStringList(6, QStringLiteral("beta")));

    // A second click brings it back.
    clickCheckBox(alphaEnabled);
    QTRY_COMPARE(alphaEnabled.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    servedBy.clear();
    for (int i = 0; i < 2; ++i)
        servedBy.insert(get(QStringLiteral("/svc/again")));
    QCOMPARE(servedBy, (QSet<QByteArray>{"alpha", "beta"}));
}

void TestMainWindow::spaceTogglesTheSelectedInstance() {
    startGateway(writeConfig(twoInstanceConfig()));
    RouteTreeView *view = m_window->routeView();
    const QModelIndex beta = m_window->routeModel()->instanceIndex(QStringLiteral("svc"), 1);
    view->setFocus();
    view->setCurrentIndex(beta);
    QTest::keyClick(view, Qt::Key_Space);
    QTRY_COMPARE(AdminState(beta.data(RouteTreeModel::AdminStateRole).toInt()),
                 AdminState::Disabled);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(get(QStringLiteral("/svc/x")), QByteArray("alpha"));
    QTest::keyClick(view, Qt::Key_Space);
    QTRY_COMPARE(AdminState(beta.data(RouteTreeModel::AdminStateRole).toInt()),
                 AdminState::Enabled);
}

void TestMainWindow::logShowsWhichInstanceServedEachRequestInOrder() {
    startGateway(writeConfig(twoInstanceConfig()));
    QStringList answeredBy;
    QStringList paths;
    for (int i = 0; i < 8; ++i) {
        paths.append(QStringLiteral("/svc/item/%1").arg(i));
        answeredBy.append(QString::fromLatin1(get(paths.last())));
    }
    QTRY_COMPARE(m_window->logModel()->rowCount(), 8);
    QCOMPARE(logColumn(RequestLogModel::PathColumn), paths);
    QCOMPARE(logColumn(RequestLogModel::InstanceColumn), answeredBy);
    QCOMPARE(logColumn(RequestLogModel::StatusColumn), QStringList(8, QStringLiteral("200")));
    // Round robin alternates.
    for (int i = 1; i < answeredBy.size(); ++i)
        QVERIFY(answeredBy[i] != answeredBy[i - 1]);

    // The table shows the same rows in the same order, and each instance keeps its colour.
    const QAbstractItemModel *shown = m_window->logPanel()->view()->model();
    QCOMPARE(shown->rowCount(), 8);
    for (int row = 0; row < 8; ++row) {
        const QModelIndex instance = shown->index(row, RequestLogModel::InstanceColumn);
        QCOMPARE(instance.data().toString(), answeredBy[row]);
        QCOMPARE(instance.data(Qt::DecorationRole).value<QIcon>().cacheKey(),
                 shown->index(row % 2, RequestLogModel::InstanceColumn)
                     .data(Qt::DecorationRole)
                     .value<QIcon>()
                     .cacheKey());
    }
}

void TestMainWindow::selectingARequestShowsItsDetails() {
    startGateway(writeConfig(twoInstanceConfig()));
    const QByteArray servedBy = get(QStringLiteral("/svc/orders?id=7"));
    QTRY_COMPARE(m_window->logModel()->rowCount(), 1);
    QTableView *table = m_window->logPanel()->view();
    table->selectRow(0);
    const RequestRecord &record = m_window->logModel()->recordAt(0);
    QCOMPARE(m_window->detailsView()->shownRecordId(), record.id);
    const QString text = m_window->detailsView()->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("/svc/orders?id=7")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("/orders?id=7")), qPrintable(text)); // sent upstream
    QVERIFY2(text.contains(QString::fromLatin1(servedBy)), qPrintable(text));
    QVERIFY2(!record.reason.isEmpty() && text.contains(QString::fromUtf8(record.reason)),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("200")), qPrintable(text));

    m_window->logPanel()->clearAction()->trigger();
    QCOMPARE(m_window->detailsView()->shownRecordId(), 0u);
}

void TestMainWindow::configWithErrorsIsListedInThePanel() {
    const QString path = writeConfig("server:\n"
                                     "  listen: 127.0.0.1:0\n"
                                     "routes:\n"
                                     "  - id: svc\n"
                                     "    path: svc\n"
                                     "    colour: blue\n"
                                     "    targets: [https://127.0.0.1:1]\n");
    QVERIFY(!m_window->session().loadConfig(path));

    ConfigErrorPanel *panel = m_window->problemPanel();
    QVERIFY(panel->isVisible());
    QStringList expected;
    for (const ConfigError &error : loadConfigFile(path).errors)
        expected.append(error.toString());
    QVERIFY(expected.size() >= 3);
    QCOMPARE(panel->messages(), expected);
    const QRegularExpression positioned(
        QStringLiteral("^%1:\\d+:\\d+: ").arg(QRegularExpression::escape(path)));
    for (const QString &message : panel->messages())
        QVERIFY2(positioned.match(message).hasMatch(), qPrintable(message));
    const QString all = panel->messages().join(QLatin1Char('\n'));
    for (const QString &line :
         {QStringLiteral(":5:"), QStringLiteral(":6:"), QStringLiteral(":7:")})
        QVERIFY2(all.contains(path + line), qPrintable(all));
    QVERIFY(panel->title().contains(path));
    // Nothing to start.
    QCOMPARE(m_window->session().state(), GatewaySession::State::Stopped);
    QVERIFY(!m_window->startAction()->isEnabled());

    // A good file clears the panel.
    QVERIFY(m_window->session().loadConfig(writeConfig(twoInstanceConfig())));
    QVERIFY(panel->isHidden());
    QVERIFY(m_window->startAction()->isEnabled());
}

void TestMainWindow::reloadWithErrorsKeepsTheGatewayRunning() {
    const QString path = writeConfig(twoInstanceConfig());
    startGateway(path);
    const QString listenUrl = m_window->session().listenUrl();
    writeConfig("routes: [oops\n");
    m_window->session().reload();
    QVERIFY(m_window->problemPanel()->isVisible());
    QCOMPARE(m_window->problemPanel()->messages().size(), 1);
    QVERIFY(m_window->problemPanel()->messages().first().startsWith(path + QLatin1Char(':')));
    QCOMPARE(m_window->session().state(), GatewaySession::State::Running);
    QCOMPARE(m_window->session().listenUrl(), listenUrl);
    const QByteArray body = get(QStringLiteral("/svc/still"));
    QVERIFY2(body == "alpha" || body == "beta", body.constData());
}

void TestMainWindow::reloadRestartsWithTheNewConfig() {
    const QString path = writeConfig(twoInstanceConfig());
    startGateway(path);
    QSignalSpy reset(m_window->routeModel(), &QAbstractItemModel::modelReset);
    // Keep only beta.
    writeConfig("server:\n"
                "  listen: 127.0.0.1:0\n"
                "routes:\n"
                "  - id: svc\n"
                "    path: /svc\n"
                "    targets:\n"
                "      - { url: http://127.0.0.1:" +
                QByteArray::number(m_beta->port()) + ", name: beta }\n");
    m_window->session().reload();
    QTRY_COMPARE(m_window->routeModel()->rowCount(m_window->routeModel()->index(0, 0)), 1);
    QTRY_COMPARE(m_window->session().state(), GatewaySession::State::Running);
    QVERIFY(reset.count() >= 1);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(get(QStringLiteral("/svc/new")), QByteArray("beta"));
}

void TestMainWindow::takenPortLeavesTheWindowRunningAndSaysWhy() {
    QTcpServer holder;
    QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
    const quint16 port = holder.serverPort();
    QVERIFY(m_window->session().loadConfig(writeConfig(twoInstanceConfig(port))));
    QSignalSpy failed(&m_window->session(), &GatewaySession::startFailed);
    m_window->startAction()->trigger();
    QTRY_COMPARE(failed.count(), 1);

    QCOMPARE(m_window->session().state(), GatewaySession::State::Stopped);
    QVERIFY(m_window->isVisible());
    ConfigErrorPanel *panel = m_window->problemPanel();
    QVERIFY(panel->isVisible());
    QVERIFY2(panel->title().contains(QStringLiteral("could not start")),
             qPrintable(panel->title()));
    QCOMPARE(panel->messages().size(), 1);
    QVERIFY2(panel->messages().first().contains(QStringLiteral("127.0.0.1:%1").arg(port)),
             qPrintable(panel->messages().first()));
    QVERIFY(m_window->startAction()->isEnabled());
    QVERIFY(!m_window->stopAction()->isEnabled());

    // Once the port is free, Start works from the same window.
    holder.close();
    m_window->startAction()->trigger();
    QTRY_COMPARE(m_window->session().state(), GatewaySession::State::Running);
    QVERIFY(panel->isHidden());
    QCOMPARE(m_window->session().listenUrl(), QStringLiteral("http://127.0.0.1:%1").arg(port));
}

void TestMainWindow::remembersLayoutAndLastConfig() {
    const QString path = writeConfig(twoInstanceConfig());
    QList<int> logSizes;
    {
        MainWindow first(*m_controller, WindowSettings::Remembered);
        first.resize(1100, 700);
        first.show();
        QVERIFY(QTest::qWaitForWindowExposed(&first));
        QVERIFY(first.session().loadConfig(path));
        auto *splitter = qobject_cast<QSplitter *>(first.logPanel()->parentWidget());
        QVERIFY(splitter);
        splitter->setSizes({700, 380});
        logSizes = splitter->sizes();
        first.close();
    }
    QCOMPARE(MainWindow::lastConfigPath(), path);

    MainWindow second(*m_controller, WindowSettings::Remembered);
    second.show();
    QVERIFY(QTest::qWaitForWindowExposed(&second));
    QCOMPARE(second.size(), QSize(1100, 700));
    QCOMPARE(qobject_cast<QSplitter *>(second.logPanel()->parentWidget())->sizes(), logSizes);

    // A window on defaults neither reads nor writes them.
    MainWindow defaults(*m_controller, WindowSettings::Defaults);
    QCOMPARE(defaults.size(), QSize(1280, 800));
    QSettings().setValue(QStringLiteral("config/last"), QStringLiteral("/elsewhere.yaml"));
    QVERIFY(defaults.session().loadConfig(path));
    QCOMPARE(MainWindow::lastConfigPath(), QStringLiteral("/elsewhere.yaml"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
