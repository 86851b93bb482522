#include "headlessrunner.h"

#include "accesslogformatter.h"
#include "accesslogwriter.h"
#include "config/configloader.h"
#include "config/selftarget.h"
#include "control/gatewaycontroller.h"
#include "haproxyrunner.h"
#include "harrecorder.h"
#include "openfilelimit.h"
#include "unixsignalwatcher.h"

#include <QDateTime>
#include <QFile>
#include <QTextStream>
#include <cstdio>
#include <cstring>
#include <optional>
#include <unistd.h>

namespace {

// Time in-flight requests get to finish after SIGINT/SIGTERM; a second signal cuts it short.
constexpr std::chrono::milliseconds stopGrace(10000);
// Time stdout gets at exit to take the access-log lines still queued; a stalled stdout must not
// keep the program from ending (README, "Access log").
constexpr std::chrono::milliseconds logDrainTimeout(2000);

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
    if (!commandLine.haproxyAddress.isEmpty())
        return runHaproxyHeadless(app, commandLine);
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
    std::optional<HarRecorder> har;
    if (!commandLine.harPath.isEmpty()) {
        har.emplace(commandLine.harPath, config.capture);
        if (const QString error = har->checkWritable(); !error.isEmpty()) {
            printProblem(error);
            return 1;
        }
        if (!config.capture.enabled)
            printProblem(QStringLiteral("warning: --har: capture is off in the config "
                                        "(capture.enabled: false); the file will have no "
                                        "entries"));
    }
    const QString fileLimitWarning = raiseOpenFileLimit(config.limits.maxConnections);
    if (!fileLimitWarning.isEmpty())
        printProblem(fileLimitWarning);

    // Everything for stdout goes through the writer, the status lines too, so that the main
    // thread never waits on stdout. Both outlive the controller, whose signals use them.
    AccessLogWriter writer(STDOUT_FILENO);
    AccessLogFormatter formatter(commandLine.logFormat == CommandLine::LogFormat::Json
                                     ? AccessLogFormatter::Format::Json
                                     : AccessLogFormatter::Format::Text);
    GatewayController controller;
    UnixSignalWatcher signals;
    int exitCode = 0;
    bool stopping = false;

    // What /metrics last heard of, and whether stderr has told of a failed write.
    quint64 droppedReported = 0;
    bool writeErrorReported = false;
    const auto reportDrops = [&writer, &controller, &droppedReported, &writeErrorReported] {
        if (const quint64 dropped = writer.droppedLines(); dropped != droppedReported) {
            droppedReported = dropped;
            controller.setAccessLogDroppedLines(dropped);
        }
        if (const int error = writer.writeError(); error != 0 && !writeErrorReported) {
            writeErrorReported = true;
            printProblem(QStringLiteral("stdout: %1; access-log lines are dropped from now on")
                             .arg(QString::fromLocal8Bit(std::strerror(error))));
        }
    };

    QString listenedOn;
    if (har) {
        QObject::connect(&controller, &GatewayController::capturesReady, &app,
                         [&har](const QList<CapturedExchange> &captures) { har->admit(captures); });
    }
    QObject::connect(
        &controller, &GatewayController::started, &app,
        [&formatter, &writer, &listenedOn](const QString &listenUrl, const QString &adminUrl) {
            listenedOn = listenUrl;
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            QByteArray out;
            formatter.appendEvent(out, AccessLogFormatter::Event::Listening, listenUrl, now);
            out += '\n';
            if (!adminUrl.isEmpty()) {
                formatter.appendEvent(out, AccessLogFormatter::Event::AdminApi, adminUrl, now);
                out += '\n';
            }
            writer.enqueue(std::move(out));
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
                         [&formatter, &writer, &reportDrops](const QList<RequestRecord> &records) {
                             writer.enqueue(formatter.formatBatch(records));
                             reportDrops();
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
    int status = app.exec();
    // stopped() came after the last batch of captures too: the file holds every exchange kept.
    if (har) {
        if (const QString error = har->write(listenedOn); !error.isEmpty()) {
            printProblem(error);
            status = 1;
        } else {
            printProblem(
                QStringLiteral("wrote %1 exchange(s) to %2").arg(har->held()).arg(har->path()));
        }
    }
    // stopped() came after the last batch of records: all of them are queued by now.
    if (const quint64 dropped = writer.finish(logDrainTimeout); dropped > 0) {
        const int error = writer.writeError();
        printProblem(QStringLiteral("%1 access-log %2 dropped (%3)")
                         .arg(dropped)
                         .arg(dropped == 1 ? QStringLiteral("line") : QStringLiteral("lines"))
                         .arg(error != 0 ? QStringLiteral("stdout: ") +
                                               QString::fromLocal8Bit(std::strerror(error))
                                         : QStringLiteral("stdout did not keep up")));
    }
    return status;
}
