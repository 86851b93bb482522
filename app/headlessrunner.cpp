#include "headlessrunner.h"

#include "accesslog.h"
#include "config/configloader.h"
#include "control/gatewaycontroller.h"
#include "openfilelimit.h"
#include "unixsignalwatcher.h"

#include <QFile>
#include <QTextStream>
#include <cstdio>

namespace {

// Time in-flight requests get to finish after SIGINT/SIGTERM; a second signal cuts it short.
constexpr std::chrono::milliseconds stopGrace(10000);

// A message on stderr, after the program's name ("gatewayd: ..."), as the command line's are.
void printProblem(const QString &message) {
    std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()),
                 qPrintable(message));
}

void printErrors(const QList<ConfigError> &errors) {
    QTextStream err(stderr);
    for (const ConfigError &error : errors)
        err << error.toString() << '\n';
}

} // namespace

int runCheckConfig(const QString &path) {
    const ConfigLoadResult result = loadConfigFile(path);
    if (!result.ok()) {
        printErrors(result.errors);
        QTextStream(stderr) << path << ": " << result.errors.size()
                            << (result.errors.size() == 1 ? " problem\n" : " problems\n");
        return 1;
    }
    QTextStream(stdout) << path << ": OK (" << result.config->routes.size() << " routes)\n";
    return 0;
}

int runHeadless(QCoreApplication &app, const CommandLine &commandLine) {
    const QString path = commandLine.configPath.isEmpty() ? QString::fromLatin1(bundledConfigPath)
                                                          : commandLine.configPath;
    ConfigLoadResult loaded = loadConfigFile(path);
    if (!loaded.ok()) {
        printErrors(loaded.errors);
        return 1;
    }
    GatewayConfig config = *loaded.config;
    commandLine.overrides.applyTo(config);
    const QString fileLimitWarning = raiseOpenFileLimit(config.limits.maxConnections);
    if (!fileLimitWarning.isEmpty())
        printProblem(fileLimitWarning);

    GatewayController controller;
    UnixSignalWatcher signals;
    int exitCode = 0;
    bool stopping = false;

    QObject::connect(&controller, &GatewayController::started, &app,
                     [](const QString &listenUrl, const QString &adminUrl) {
                         std::printf("listening on %s\n", qPrintable(listenUrl));
                         if (!adminUrl.isEmpty())
                             std::printf("admin API on %s\n", qPrintable(adminUrl));
                         std::fflush(stdout);
                     });
    QObject::connect(&controller, &GatewayController::startFailed, &app,
                     [&app, &exitCode](const QString &message) {
                         printProblem(message);
                         exitCode = 1;
                         app.exit(1);
                     });
    QObject::connect(&controller, &GatewayController::stopped, &app,
                     [&app, &exitCode] { app.exit(exitCode); });
    if (commandLine.logFormat != CommandLine::LogFormat::Off) {
        const bool json = commandLine.logFormat == CommandLine::LogFormat::Json;
        QObject::connect(&controller, &GatewayController::recordsReady, &app,
                         [json](const QList<RequestRecord> &records) {
                             QByteArray out;
                             for (const RequestRecord &record : records) {
                                 out += json ? formatAccessLogJson(record)
                                             : formatAccessLogText(record);
                                 out += '\n';
                             }
                             std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
                             std::fflush(stdout);
                         });
    }
    QObject::connect(&signals, &UnixSignalWatcher::terminationRequested, &app,
                     [&controller, &stopping](int) {
                         if (stopping) {
                             printProblem(QStringLiteral("stopping now"));
                             controller.stop(std::chrono::milliseconds(0));
                             return;
                         }
                         stopping = true;
                         printProblem(QStringLiteral("stopping (in-flight requests finish; "
                                                     "signal again to stop at once)"));
                         controller.stop(stopGrace);
                     });

    controller.start(config);
    return app.exec();
}
