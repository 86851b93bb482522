// gateway-console: the window by default, headless without a display or with --headless.
#include "commandline.h"
#include "headlessrunner.h"
#include "openfilelimit.h"

#include "config/gatewayconfig.h"

#include <QApplication>
#include <QCoreApplication>
#include <cstdio>

#include "consolewindowrunner.h"

namespace {

// Whether a window can be shown: a display, or a Qt platform chosen explicitly (offscreen for
// --screenshot in CI).
bool displayAvailable() {
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char *argv[]) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QCoreApplication::setApplicationName(QStringLiteral("gateway-console"));
    QCoreApplication::setOrganizationName(QStringLiteral("Gateway Console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GATEWAY_VERSION));

    const CommandLineResult parsed = parseCommandLine(arguments);
    if (!parsed.commandLine) {
        std::fprintf(stderr, "gateway-console: %s\nTry 'gateway-console --help'.\n",
                     qPrintable(parsed.error));
        return 2;
    }
    const CommandLine &commandLine = *parsed.commandLine;
    switch (commandLine.action) {
    case CommandLine::Action::ShowHelp:
        std::printf("%s", qPrintable(commandLine.helpText));
        return 0;
    case CommandLine::Action::ShowVersion:
        std::printf("gateway-console %s\n", GATEWAY_VERSION);
        return 0;
    case CommandLine::Action::CheckConfig:
        return runCheckConfig(commandLine.checkConfigPath);
    case CommandLine::Action::Run:
        break;
    }

    // Qt's own poll()-based event dispatcher costs less per wake-up than the GLib one (measured
    // with callgrind, docs/BENCHMARKS.md); every thread created afterwards, the gateway's too,
    // uses the same kind.
    qputenv("QT_NO_GLIB", "1");
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
    ConsoleOptions options;
    // Empty: the window reopens the last config that loaded, else the bundled demo config.
    options.configPath = commandLine.configPath;
    options.overrides = commandLine.overrides;
    options.screenshotPath = commandLine.screenshotPath;
    return runConsoleWindow(app, options);
}
