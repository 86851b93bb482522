#include "headlessrunner.h"

#include "accesslog.h"
#include "config/configloader.h"
#include "config/selftarget.h"
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
    QByteArray out;
    for (const ConfigError &error : errors)
        out += error.toString().toUtf8() + '\n';
    std::fwrite(out.constData(), 1, size_t(out.size()), stderr);
    std::fflush(stderr);
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
    // A warning, not an error: the proxy stops such a loop at its first turn (508), and the
    // instance may be meant for a later server.listen.
    for (const QString &warning : selfTargetWarnings(*result.config))
        QTextStream(stderr) << path << ": warning: " << warning << '\n';
    const qsizetype routes = result.config->routes.size();
    QTextStream(stdout) << path << ": OK (" << routes << (routes == 1 ? " route)\n" : " routes)\n");
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
    for (const QString &warning : selfTargetWarnings(config))
        printProblem(QStringLiteral("warning: ") + warning);
    const QString fileLimitWarning = raiseOpenFileLimit(config.limits.maxConnections);
    if (!fileLimitWarning.isEmpty())
        printProblem(fileLimitWarning);

    GatewayController controller;
    UnixSignalWatcher signals;
    int exitCode = 0;
    bool stopping = false;

    const bool jsonLog = commandLine.logFormat == CommandLine::LogFormat::Json;
    QObject::connect(&controller, &GatewayController::started, &app,
                     [jsonLog](const QString &listenUrl, const QString &adminUrl) {
                         QByteArray out = jsonLog ? formatEventJson("listening", listenUrl)
                                                  : "listening on " + listenUrl.toUtf8();
                         out += '\n';
                         if (!adminUrl.isEmpty()) {
                             out += jsonLog ? formatEventJson("admin_api", adminUrl)
                                            : "admin API on " + adminUrl.toUtf8();
                             out += '\n';
                         }
                         std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
                         std::fflush(stdout);
                     });
    // Whatever started the reload (the file watcher, POST /api/reload), the gateway keeps its
    // config; stderr says why, in --check-config's format, in either log format.
    QObject::connect(&controller, &GatewayController::reloadFailed, &app,
                     [](const QList<ConfigError> &errors) {
                         const QString file = errors.isEmpty() ? QString() : errors.first().file;
                         printProblem(QStringLiteral("reload of %1 failed (%2 %3); the running "
                                                     "config is unchanged")
                                          .arg(file.isEmpty() ? QStringLiteral("the config") : file)
                                          .arg(errors.size())
                                          .arg(errors.size() == 1 ? QStringLiteral("problem")
                                                                  : QStringLiteral("problems")));
                         printErrors(errors);
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
        QObject::connect(&controller, &GatewayController::recordsReady, &app,
                         [jsonLog](const QList<RequestRecord> &records) {
                             QByteArray out;
                             for (const RequestRecord &record : records) {
                                 out += jsonLog ? formatAccessLogJson(record)
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
