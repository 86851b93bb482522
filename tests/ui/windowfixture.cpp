#include "windowfixture.h"

#include "requestlog/requestlogpanel.h"
#include "window/gatewaysession.h"
#include "window/mainwindow.h"

#include "control/gatewaycontroller.h"

#include <QAction>
#include <QFile>
#include <QMenuBar>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

WindowFixture::WindowFixture()
    : m_controller(new GatewayController)
    , m_window(new MainWindow(*m_controller, WindowSettings::Defaults)) {
    m_network.setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
    m_ready = m_dir.isValid() && show();
}

WindowFixture::~WindowFixture() {
    // The window first: it holds connections to the controller.
    delete m_window;
    delete m_controller;
}

bool WindowFixture::show() {
    m_window->show();
    return QTest::qWaitForWindowExposed(m_window);
}

bool WindowFixture::replaceWindow(MainWindow *window) {
    delete m_window;
    m_window = window;
    return show();
}

QString WindowFixture::writeFile(const QString &name, const QByteArray &contents) const {
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(contents) != contents.size())
        return {};
    return path;
}

bool WindowFixture::start(const QString &configPath) {
    if (!m_window->session().loadConfig(configPath))
        return false;
    m_window->startAction()->trigger();
    return QTest::qWaitFor(
        [this] { return m_window->session().state() == GatewaySession::State::Running; });
}

QByteArray WindowFixture::get(const QString &path) {
    QNetworkReply *reply =
        m_network.get(QNetworkRequest(QUrl(m_window->session().listenUrl() + path)));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        return QByteArrayLiteral("(no reply)");
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

bool WindowFixture::waitUntilTheLogShows(int rows) const {
    const QAbstractItemModel *table = m_window->logPanel()->view()->model();
    return QTest::qWaitFor([table, rows] { return table->rowCount() == rows; });
}

QMenu *WindowFixture::menuBarMenu(const QString &title) const {
    for (QAction *action : m_window->menuBar()->actions()) {
        if (action->menu() && action->text() == title)
            return action->menu();
    }
    return nullptr;
}
