#pragma once

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QString>
#include <QTemporaryDir>

class GatewayController;
class MainWindow;
class QMenu;

// What the tests of the whole window start from: a MainWindow on default settings over its own
// GatewayController, shown and exposed; a temporary directory for the configs they write; and
// an HTTP client without proxy for requests through the window's gateway.
class WindowFixture final {
public:
    WindowFixture();
    ~WindowFixture();
    WindowFixture(const WindowFixture &) = delete;
    WindowFixture &operator=(const WindowFixture &) = delete;

    // The directory is usable and the window is exposed: the test may go on.
    bool isReady() const { return m_ready; }
    GatewayController &controller() const { return *m_controller; }
    MainWindow *window() const { return m_window; }
    QNetworkAccessManager &network() { return m_network; }

    // Shows window in place of the current one (deleted), e.g. a window made in another
    // language or with its own scenarios; false when it was not exposed.
    bool replaceWindow(MainWindow *window);
    // Writes contents to name in the directory; returns its path, empty when it failed.
    QString writeFile(const QString &name, const QByteArray &contents) const;
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    // Loads configPath and presses Start; false when the gateway did not reach Running.
    bool start(const QString &configPath);
    // GET path through the running gateway: the reply's body, "(no reply)" after 10 s.
    QByteArray get(const QString &path);
    // The live log's table sees new rows on its panel's tick, not with their batch: waits until
    // it shows rows (as long as QTRY_* would); false when it did not.
    bool waitUntilTheLogShows(int rows) const;
    // The menu bar's menu titled title ("&File"), nullptr when there is none.
    QMenu *menuBarMenu(const QString &title) const;

private:
    bool show();

    QTemporaryDir m_dir;
    GatewayController *m_controller;
    MainWindow *m_window;
    QNetworkAccessManager m_network;
    bool m_ready = false;
};
