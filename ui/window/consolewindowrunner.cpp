#include "window/consolewindowrunner.h"

#include "balancers/haproxyactions.h"
#include "balancers/haproxyconnection.h"
#include "common/themepalette.h"
#include "requestlog/requestlogpanel.h"
#include "window/gatewaysession.h"
#include "window/mainwindow.h"
#include "window/screenshotdriver.h"

#include "control/gatewaycontroller.h"
#include "haproxy/haproxysession.h"

#include <QApplication>
#include <QFileInfo>
#include <QTableView>
#include <QTimer>
#include <cstdio>
#include <memory>

namespace {
// A picture of a HAProxy is taken at its third snapshot: the servers' counters and the log lines
// that arrived meanwhile, then a moment for the view to paint.
constexpr int haproxyScreenshotSnapshots = 3;
constexpr int screenshotSettleMs = 300;

void shootOnHaproxy(QApplication &app, MainWindow &window, const QString &path) {
    HaproxyConnection &connection = window.haproxyActions()->connection();
    QObject::connect(&connection, &HaproxyConnection::connectFailed, &app,
                     [&app](const QString &message) {
                         std::fprintf(stderr, "screenshot: %s\n", qPrintable(message));
                         app.exit(1);
                     });
    QObject::connect(
        &connection, &HaproxyConnection::connected, &app,
        [&app, &window, path](HaproxySession &session) {
            auto snapshots = std::make_shared<int>(0);
            QObject::connect(&session, &LiveBalancer::snapshotReady, &app, [=, &app, &window] {
                if (++*snapshots != haproxyScreenshotSnapshots)
                    return;
                QTableView *log = window.logPanel()->view();
                log->selectRow(log->model()->rowCount() - 1);
                QTimer::singleShot(screenshotSettleMs, &app, [&app, &window, path] {
                    const bool saved = window.grab().save(path, "PNG");
                    if (!saved)
                        std::fprintf(stderr, "screenshot: cannot write %s\n", qPrintable(path));
                    app.exit(saved ? 0 : 1);
                });
            });
        });
}

QString configToRun(const ConsoleOptions &options, bool screenshot) {
    if (!options.configPath.isEmpty())
        return options.configPath;
    const QString bundled = QString::fromLatin1(bundledConfigPath);
    if (screenshot)
        return bundled;
    const QString last = MainWindow::lastConfigPath();
    return !last.isEmpty() && QFileInfo::exists(last) ? last : bundled;
}
} // namespace

int runConsoleWindow(QApplication &app, const ConsoleOptions &options) {
    const bool screenshot = !options.screenshotPath.isEmpty();
    if (!screenshot && MainWindow::darkThemeRemembered())
        applyTheme(app, Theme::Dark);

    // Declared first so that it outlives the window, which holds a reference to it.
    GatewayController controller;
    MainWindow window(controller,
                      screenshot ? WindowSettings::Defaults : WindowSettings::Remembered);
    GatewaySession &session = window.session();
    session.setOverrides(options.overrides);

    std::optional<RuntimeApiAddress> haproxy;
    if (!options.haproxyAddress.isEmpty()) {
        QString error;
        haproxy = RuntimeApiAddress::parse(options.haproxyAddress, &error);
        if (!haproxy) {
            std::fprintf(stderr, "gateway-console: --haproxy: %s\n", qPrintable(error));
            return 1;
        }
    }

    std::unique_ptr<ScreenshotDriver> driver;
    if (screenshot && haproxy) {
        window.resize(options.screenshotSize);
        shootOnHaproxy(app, window, options.screenshotPath);
    } else if (screenshot) {
        window.resize(options.screenshotSize);
        driver = std::make_unique<ScreenshotDriver>(window, controller, options.screenshotPath,
                                                    options.screenshotView);
        QObject::connect(driver.get(), &ScreenshotDriver::finished, &app, &QCoreApplication::exit);
        driver->start();
    }
    int terminationRequests = 0;
    if (options.watchTermination) {
        options.watchTermination([&window, &session, &terminationRequests] {
            if (++terminationRequests > 1 || session.state() != GatewaySession::State::Running) {
                window.close(); // the last window: the event loop ends with 0
                return;
            }
            QObject::connect(&session, &GatewaySession::stateChanged, &window,
                             [&window](GatewaySession::State state) {
                                 if (state == GatewaySession::State::Stopped)
                                     window.close();
                             });
            session.stop();
        });
    }
    window.show();
    if (haproxy) {
        // Loaded for Disconnect, which returns to the gateway; started from there by the user.
        session.loadConfig(configToRun(options, screenshot));
        window.haproxyActions()->connectTo(*haproxy, options.haproxyLogPort);
    } else if (session.loadConfig(configToRun(options, screenshot))) {
        session.start();
    }
    return app.exec();
}
