#include "window/consolewindowrunner.h"

#include "common/themepalette.h"
#include "window/gatewaysession.h"
#include "window/mainwindow.h"
#include "window/screenshotdriver.h"

#include "control/gatewaycontroller.h"

#include <QApplication>
#include <QFileInfo>
#include <memory>

namespace {
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

    std::unique_ptr<ScreenshotDriver> driver;
    if (screenshot) {
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
    if (session.loadConfig(configToRun(options, screenshot)))
        session.start();
    return app.exec();
}
