// File → Export as nginx.conf… / haproxy.cfg… (ConfigExportActions): enabled once a config is
// loaded, and what it writes is the loaded config with the running gateway's admin states, the
// same text as --export and the admin API (README, "Outgrowing the laptop").
#include "window/configexportactions.h"
#include "window/gatewaysession.h"

#include "control/gatewaycontroller.h"

#include <QAction>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

class TestConfigExportActions final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void disabledUntilAConfigIsLoaded();
    void writesTheLoadedConfig();
    void exportsTheRunningAdminStates();
    void failedWriteSaysWhy();

private:
    QString writeConfig();
    QByteArray readFile(const QString &path);

    QTemporaryDir *m_dir = nullptr;
    GatewayController *m_controller = nullptr;
    QWidget *m_window = nullptr;
    GatewaySession *m_session = nullptr;
    ConfigExportActions *m_actions = nullptr;
};

void TestConfigExportActions::init() {
    m_dir = new QTemporaryDir;
    m_controller = new GatewayController;
    m_window = new QWidget;
    m_session = new GatewaySession(*m_controller, m_window);
    m_actions = new ConfigExportActions(*m_session, *m_controller, m_window);
}

void TestConfigExportActions::cleanup() {
    delete m_window; // the session and the actions with it
    delete m_controller;
    delete m_dir;
}

// Two instances nothing listens on: the export only needs the gateway to run, not to reach them.
QString TestConfigExportActions::writeConfig() {
    const QString path = m_dir->filePath(QStringLiteral("gateway.yaml"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("server:\n  listen: 127.0.0.1:0\n"
               "routes:\n  - id: svc\n    path: /svc\n    targets:\n"
               "      - { url: http://127.0.0.1:9, name: alpha }\n"
               "      - { url: http://127.0.0.1:7, name: beta }\n");
    return path;
}

QByteArray TestConfigExportActions::readFile(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestConfigExportActions::disabledUntilAConfigIsLoaded() {
    for (const ExportFormat format : {ExportFormat::Nginx, ExportFormat::Haproxy})
        QVERIFY(!m_actions->action(format)->isEnabled());
    QCOMPARE(m_actions->action(ExportFormat::Nginx)->text(),
             QStringLiteral("Export as nginx.conf…"));
    QCOMPARE(m_actions->action(ExportFormat::Haproxy)->text(),
             QStringLiteral("Export as haproxy.cfg…"));
    QCOMPARE(m_actions->exportTo(ExportFormat::Nginx, m_dir->filePath(QStringLiteral("x"))),
             QStringLiteral("No config is loaded."));

    QVERIFY(m_session->loadConfig(writeConfig()));
    for (const ExportFormat format : {ExportFormat::Nginx, ExportFormat::Haproxy})
        QVERIFY(m_actions->action(format)->isEnabled());
}

void TestConfigExportActions::writesTheLoadedConfig() {
    const QString configPath = writeConfig();
    QVERIFY(m_session->loadConfig(configPath));
    const QString path = m_dir->filePath(QStringLiteral("nginx.conf"));
    QCOMPARE(m_actions->exportTo(ExportFormat::Nginx, path), QString());
    const QByteArray written = readFile(path);
    QVERIFY(written.startsWith("# nginx.conf: "));
    QVERIFY2(
        written.contains(QByteArray("Exported by Gateway Console from " + configPath.toUtf8())),
        written.constData());
    QVERIFY(written.contains("server 127.0.0.1:7 max_fails=1 fail_timeout=10s; # #2 beta\n"));
}

void TestConfigExportActions::exportsTheRunningAdminStates() {
    QVERIFY(m_session->loadConfig(writeConfig()));
    m_session->start();
    QTRY_COMPARE(m_session->state(), GatewaySession::State::Running);
    m_controller->setBackendAdminState(QStringLiteral("svc"), 1, AdminState::Disabled);
    QTRY_VERIFY([this] {
        m_controller->requestSnapshot();
        const RouteSnapshot *route = m_controller->lastSnapshot().findRoute(QStringLiteral("svc"));
        return route && route->backends.size() == 2 &&
               route->backends[1].adminState == AdminState::Disabled;
    }());
    const QString path = m_dir->filePath(QStringLiteral("haproxy.cfg"));
    QCOMPARE(m_actions->exportTo(ExportFormat::Haproxy, path), QString());
    const QByteArray written = readFile(path);
    QVERIFY2(written.contains("server beta 127.0.0.1:7 disabled # #2\n"), written.constData());
    QVERIFY2(written.contains("server alpha 127.0.0.1:9 # #1\n"), written.constData());
}

void TestConfigExportActions::failedWriteSaysWhy() {
    QVERIFY(m_session->loadConfig(writeConfig()));
    const QString error = m_actions->exportTo(
        ExportFormat::Nginx, m_dir->filePath(QStringLiteral("no/such/folder/nginx.conf")));
    QVERIFY(!error.isEmpty());
}

QTEST_MAIN(TestConfigExportActions)
#include "tst_configexportactions.moc"
