#include "haproxyrunner.h"

#include "accesslogformatter.h"
#include "accesslogwriter.h"
#include "haproxy/haproxysession.h"
#include "servertable.h"
#include "unixsignalwatcher.h"

#include <cstdio>
#include <unistd.h>

namespace {

// Time stdout gets at exit to take what is still queued.
constexpr std::chrono::milliseconds logDrainTimeout(2000);

void printProblem(const QString &message) {
    std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()),
                 qPrintable(message));
    std::fflush(stderr);
}

} // namespace

int runHaproxyHeadless(QCoreApplication &app, const CommandLine &commandLine) {
    QString error;
    const std::optional<RuntimeApiAddress> address =
        RuntimeApiAddress::parse(commandLine.haproxyAddress, &error);
    if (!address) {
        printProblem(QStringLiteral("--haproxy: ") + error);
        return 1;
    }
    const AccessLogFormatter::Format format = commandLine.logFormat == CommandLine::LogFormat::Json
                                                  ? AccessLogFormatter::Format::Json
                                                  : AccessLogFormatter::Format::Text;
    AccessLogWriter writer(STDOUT_FILENO);
    AccessLogFormatter formatter(format);
    HaproxySession session(*address);
    UnixSignalWatcher signals;
    if (!session.listenForLogs(commandLine.haproxyLogPort, &error)) {
        // The export's default port may be taken by another listener; the servers still show.
        if (commandLine.haproxyLogPortGiven) {
            printProblem(error);
            return 1;
        }
        printProblem(error + QStringLiteral("; showing the servers without the log"));
    }

    int exitCode = 0;
    QByteArray shownState;
    bool pollFailing = false;
    quint64 garbledSeen = 0;
    quint64 garbledReported = 0;
    QObject::connect(&session, &HaproxySession::started, &app, [&session] {
        printProblem(
            QStringLiteral("connected to %1%2")
                .arg(session.description(),
                     session.logPort() == 0
                         ? QString()
                         : QStringLiteral("; its log on udp 127.0.0.1:%1").arg(session.logPort())));
    });
    QObject::connect(&session, &HaproxySession::startFailed, &app,
                     [&app, &exitCode](const QString &message) {
                         printProblem(message);
                         exitCode = 1;
                         app.exit(1);
                     });
    QObject::connect(&session, &HaproxySession::snapshotReady, &app,
                     [&](const GatewaySnapshot &snapshot) {
                         if (pollFailing) {
                             pollFailing = false;
                             printProblem(QStringLiteral("HAProxy answers again"));
                         }
                         const QByteArray state = serverTableState(snapshot);
                         if (state == shownState)
                             return;
                         shownState = state;
                         writer.enqueue(serverTable(snapshot, format));
                     });
    QObject::connect(&session, &HaproxySession::pollFailed, &app,
                     [&pollFailing](const QString &message) {
                         if (pollFailing)
                             return;
                         pollFailing = true;
                         printProblem(message + QStringLiteral("; trying again every second"));
                     });
    if (commandLine.logFormat != CommandLine::LogFormat::Off) {
        QObject::connect(&session, &HaproxySession::recordsReady, &app,
                         [&formatter, &writer](const QList<RequestRecord> &records) {
                             writer.enqueue(formatter.formatBatch(records));
                         });
    }
    QObject::connect(&session, &HaproxySession::logGarbled, &app,
                     [&garbledSeen, &garbledReported](quint64 total, const QString &reason) {
                         garbledSeen = total;
                         // The first, then at each tenfold, so that a flood stays readable.
                         if (garbledReported != 0 && total < garbledReported * 10)
                             return;
                         garbledReported = total;
                         printProblem(QStringLiteral("%1 log datagram(s) that are not httplog "
                                                     "lines so far (the latest: %2)")
                                          .arg(total)
                                          .arg(reason));
                     });
    QObject::connect(&session, &HaproxySession::stopped, &app, [&app] { app.exit(0); });
    QObject::connect(&signals, &UnixSignalWatcher::terminationRequested, &app,
                     [&session](int) { session.stop(); });

    session.start();
    const int status = app.exec();
    writer.finish(logDrainTimeout);
    if (garbledSeen > garbledReported)
        printProblem(QStringLiteral("%1 log datagram(s) were not httplog lines").arg(garbledSeen));
    return exitCode != 0 ? exitCode : status;
}
