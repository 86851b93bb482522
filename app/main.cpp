// gateway-console: the window by default, headless without a display or with --headless.
#include "eventlooplatencylog.h"
#include "headlessrunner.h"
#include "openfilelimit.h"
#include "programstart.h"
#include "unixsignalwatcher.h"

#include "config/gatewayconfig.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLocale>
#include <cstdio>

#include "common/uilanguage.h"
#include "window/consolewindowrunner.h"

namespace {

// Whether a window can be shown: a display, or a Qt platform chosen explicitly (offscreen for
// --screenshot in CI).
bool displayAvailable() {
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char *argv[]) {
    const ProgramStart start = startProgram(argc, argv, Program::Console);
    if (start.exitCode)
        return *start.exitCode;
    const CommandLine &commandLine = start.commandLine;

    if (!commandLine.screenshotPath.isEmpty() && !displayAvailable())
        qputenv("QT_QPA_PLATFORM", "offscreen"); // a screenshot needs no screen
    if (commandLine.headless || !displayAvailable()) {
        if (!commandLine.headless)
            std::fprintf(stderr, "gateway-console: no display found, running headless "
                                 "(use --headless to say so, or set DISPLAY for the window)\n");
        QCoreApplication app(argc, argv);
        return runHeadless(app, commandLine);
    }
    // The window may load any config later: room for the default max_connections.
    const QString fileLimitWarning = raiseOpenFileLimit(LimitsConfig{}.maxConnections);
    if (!fileLimitWarning.isEmpty())
        std::fprintf(stderr, "gateway-console: %s\n", qPrintable(fileLimitWarning));
    QApplication app(argc, argv);
    // For bench/run.sh's window rows: the GUI thread's event-loop lateness, sample by sample
    // (docs/BENCHMARKS.md, "The window rows"). Not a flag: nothing a user needs.
    EventLoopLatencyLog loopLatencyLog;
    if (const QString path = qEnvironmentVariable("GATEWAY_CONSOLE_LOOP_LATENCY_FILE");
        !path.isEmpty()) {
        const QString error = loopLatencyLog.start(path);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "gateway-console: GATEWAY_CONSOLE_LOOP_LATENCY_FILE: %s\n",
                         qPrintable(error));
            return 2;
        }
    }
    // Before the window exists: every text is translated once, when its widget is built. The
    // headless run stays in English, like the gateway's log (README, "Languages"). A screenshot
    // leaves the remembered settings alone, the language among them.
    const QString remembered =
        commandLine.screenshotPath.isEmpty() ? UiLanguage::remembered() : QString();
    const UiLanguage language(
        UiLanguage::choose(commandLine.language, remembered, QLocale::system()));
    ConsoleOptions options;
    // Empty: the window reopens the last config that loaded, else the bundled demo config.
    options.configPath = commandLine.configPath;
    options.overrides = commandLine.overrides;
    options.haproxyAddress = commandLine.haproxyAddress;
    options.haproxyLogPort = commandLine.haproxyLogPort;
    options.screenshotPath = commandLine.screenshotPath;
    options.screenshotSize = commandLine.screenshotSize;
    options.screenshotView = commandLine.screenshotView == CommandLine::ScreenshotView::Inspector
                                 ? ScreenshotView::Inspector
                                 : ScreenshotView::Log;
    // Without it SIGTERM would kill the window with 143 where the headless run exits 0.
    UnixSignalWatcher signalWatcher;
    options.watchTermination = [&signalWatcher, &app](std::function<void()> onTermination) {
        QObject::connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, &app,
                         [onTermination = std::move(onTermination)](int) { onTermination(); });
    };
    return runConsoleWindow(app, options);
}
