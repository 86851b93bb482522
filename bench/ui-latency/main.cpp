// gateway-ui-latency: opens the real MainWindow on a real GatewayController and measures how
// late the GUI thread's event loop runs while records flow in (bench/ui-latency.sh drives it).
//
//   --mode gateway    wrk sends requests through the gateway's listening port; every finished
//                     exchange reaches the window as the worker's batches.
//   --mode synthetic  no requests: a feeder thread emits GatewayController::recordsReady at an
//                     exact rate (default 20 000 records/s in batches of 1 000, as the worker's
//                     RecordBatcher would send them at 20 000 requests/s).
//
// Phases: 1 s settling after start (not measured), idle, then load (split where the request
// log reaches its row cap). Prints one markdown table row per phase on stdout, and for the
// gateway mode a line with wrk's figures; the table header is the script's.
#include "recordfeeder.h"
#include "requestlog/requestlogmodel.h"
#include "requestlog/requestlogpanel.h"
#include "window/mainwindow.h"
#include "windowloadmonitor.h"

#include "control/gatewaycontroller.h"
#include "window/gatewaysession.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QProcess>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>
#include <cstdio>
#include <optional>

namespace {

constexpr int settleMs = 1000;

enum class LoadMode { Gateway, Synthetic };

struct Options {
    LoadMode mode = LoadMode::Gateway;
    QString configPath;
    QString label;
    QString filterText;
    int idleSeconds = 2;
    int loadSeconds = 20;
    int connections = 50;
    QString urlPath = QStringLiteral("/service-a/");
    int rate = 20000;
    int batchSize = 1000;
};

std::optional<Options> parseOptions(const QApplication &app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Event-loop latency of the Gateway Console window under load."));
    parser.addHelpOption();
    const QCommandLineOption mode(QStringLiteral("mode"), QStringLiteral("gateway or synthetic"),
                                  QStringLiteral("MODE"));
    const QCommandLineOption config(
        QStringLiteral("config"), QStringLiteral("Gateway config to run"), QStringLiteral("FILE"));
    const QCommandLineOption label(QStringLiteral("label"),
                                   QStringLiteral("First column of the rows printed"),
                                   QStringLiteral("TEXT"));
    const QCommandLineOption filter(QStringLiteral("filter"),
                                    QStringLiteral("Request log filter text during the run"),
                                    QStringLiteral("TEXT"));
    const QCommandLineOption idle(QStringLiteral("idle-seconds"),
                                  QStringLiteral("Idle phase length (default 2)"),
                                  QStringLiteral("N"));
    const QCommandLineOption load(QStringLiteral("load-seconds"),
                                  QStringLiteral("Load phase length (default 20)"),
                                  QStringLiteral("N"));
    const QCommandLineOption connections(QStringLiteral("connections"),
                                         QStringLiteral("gateway mode: wrk connections (50)"),
                                         QStringLiteral("N"));
    const QCommandLineOption urlPath(QStringLiteral("url-path"),
                                     QStringLiteral("gateway mode: path wrk requests "
                                                    "(/service-a/)"),
                                     QStringLiteral("PATH"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("synthetic mode: records per second (20000)"),
                                  QStringLiteral("N"));
    const QCommandLineOption batch(QStringLiteral("batch"),
                                   QStringLiteral("synthetic mode: records per batch (1000)"),
                                   QStringLiteral("N"));
    parser.addOptions({mode, config, label, filter, idle, load, connections, urlPath, rate, batch});
    parser.process(app);

    Options options;
    const QString modeName = parser.value(mode);
    if (modeName == QLatin1String("gateway"))
        options.mode = LoadMode::Gateway;
    else if (modeName == QLatin1String("synthetic"))
        options.mode = LoadMode::Synthetic;
    else
        return std::nullopt;
    options.configPath = parser.value(config);
    options.label = parser.isSet(label) ? parser.value(label) : modeName;
    options.filterText = parser.value(filter);
    const auto number = [&parser](const QCommandLineOption &option, int fallback) {
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        return !parser.isSet(option) ? fallback : ok && value > 0 ? value : -1;
    };
    options.idleSeconds = number(idle, options.idleSeconds);
    options.loadSeconds = number(load, options.loadSeconds);
    options.connections = number(connections, options.connections);
    options.rate = number(rate, options.rate);
    options.batchSize = number(batch, options.batchSize);
    if (parser.isSet(urlPath))
        options.urlPath = parser.value(urlPath);
    for (int value : {options.idleSeconds, options.loadSeconds, options.connections, options.rate,
                      options.batchSize}) {
        if (value < 0)
            return std::nullopt;
    }
    if (options.configPath.isEmpty() || !options.urlPath.startsWith(QLatin1Char('/')))
        return std::nullopt;
    return options;
}

QString milliseconds(qint64 microseconds) {
    return QString::number(double(microseconds) / 1000.0, 'f', 2);
}

void printRows(const QString &label, const QList<PhaseResult> &results) {
    // Under 50 ms at the 99th percentile a window still feels immediate to clicks and typing.
    constexpr qint64 responsiveP99Us = 50'000;
    for (const PhaseResult &phase : results) {
        const bool idle = phase.records == 0;
        const QString row =
            QStringList{
                label,
                phase.name,
                QString::number(phase.seconds, 'f', 1),
                QString::number(double(phase.records) / phase.seconds, 'f', 0),
                QString::number(phase.lateness.count),
                milliseconds(phase.lateness.p50Us),
                milliseconds(phase.lateness.p99Us),
                milliseconds(phase.lateness.maxUs),
                idle ? QStringLiteral("–")
                     : QStringLiteral("%1 / %2 / %3 (at %4 rows)")
                           .arg(milliseconds(phase.batchTime.p50Us),
                                milliseconds(phase.batchTime.p99Us),
                                milliseconds(phase.batchTime.maxUs))
                           .arg(phase.rowsBeforeSlowestBatch),
                QStringLiteral("%1 % / %2 %")
                    .arg(qRound(phase.guiThreadCpu * 100))
                    .arg(qRound(phase.guiThreadWaiting * 100)),
                QStringLiteral("%1%2")
                    .arg(phase.rowsAtEnd)
                    .arg(phase.ringFull ? QStringLiteral(" (full)") : QString()),
                phase.lateness.p99Us < responsiveP99Us ? QStringLiteral("yes")
                                                       : QStringLiteral("**no**"),
            }
                .join(QStringLiteral(" | "));
        std::printf("| %s |\n", qPrintable(row));
    }
    std::fflush(stdout);
}

// Records like the gateway's for every instance of the running config, so that the log, the
// chart and the colours see what real traffic would give them; one in fifty is a 502.
QList<RequestRecord> recordTemplates(const GatewaySnapshot &snapshot) {
    QList<RequestRecord> templates;
    for (const RouteSnapshot &route : snapshot.routes) {
        for (const BackendSnapshot &backend : route.backends) {
            for (int variant = 0; variant < 50; ++variant) {
                RequestRecord record;
                record.clientAddress = "127.0.0.1";
                record.method = "GET";
                record.target = route.path + "/items/" + QByteArray::number(1000 + variant) +
                                "?page=" + QByteArray::number(variant % 7);
                record.setUpstreamTarget("/items/" + QByteArray::number(1000 + variant) +
                                         "?page=" + QByteArray::number(variant % 7));
                record.routeId = route.id;
                record.backendId = backend.id;
                record.backendIndex = backend.index;
                record.backendName = backend.name;
                record.backendUrl = backend.url.toUtf8();
                record.status = variant == 0 ? 502 : 200;
                record.outcome = variant == 0 ? Outcome::UpstreamError : Outcome::Ok;
                record.bytesOut = 16;
                record.timeToFirstByteUs = 180 + variant;
                record.totalUs = 210 + variant;
                PickExplanation pick;
                pick.chosenIndex = backend.index;
                pick.previousIndex =
                    backend.index == 0 ? int(route.backends.size()) - 1 : backend.index - 1;
                PickCandidate chosen;
                chosen.index = backend.index;
                chosen.weight = backend.weight;
                chosen.verdict = CandidateVerdict::Chosen;
                chosen.eligible = true;
                pick.candidates.append(chosen);
                record.picks.append(pick);
                if (variant == 0)
                    record.failure = "connect refused";
                AttemptRecord attempt;
                attempt.backendId = backend.id;
                attempt.backendIndex = backend.index;
                attempt.backendName = backend.name;
                attempt.status = record.status;
                record.attempts.append(attempt);
                templates.append(record);
            }
        }
    }
    return templates;
}

// Runs wrk against the gateway for the load phase and reports its summary line when done.
void runWrk(const Options &options, const QString &listenUrl, WindowLoadMonitor &monitor) {
    auto *wrk = new QProcess(qApp);
    const QStringList arguments{QStringLiteral("-t1"),
                                QStringLiteral("-c%1").arg(options.connections),
                                QStringLiteral("-d%1s").arg(options.loadSeconds),
                                QStringLiteral("--latency"), listenUrl + options.urlPath};
    QObject::connect(wrk, &QProcess::finished, qApp, [wrk, options, arguments, &monitor] {
        monitor.endPhase();
        printRows(options.label, monitor.results());
        const QString output = QString::fromLocal8Bit(wrk->readAllStandardOutput());
        const QRegularExpressionMatch rate =
            QRegularExpression(QStringLiteral("Requests/sec:\\s+([\\d.]+)")).match(output);
        if (wrk->exitCode() != 0 || !rate.hasMatch()) {
            std::fprintf(stderr, "gateway-ui-latency: wrk failed:\n%s%s\n", qPrintable(output),
                         wrk->readAllStandardError().constData());
            QCoreApplication::exit(2);
            return;
        }
        const QRegularExpressionMatch p99 =
            QRegularExpression(QStringLiteral("\\n\\s+99%\\s+(\\S+)")).match(output);
        const QRegularExpressionMatch errors =
            QRegularExpression(QStringLiteral("(Non-2xx[^\\n]*|Socket errors[^\\n]*)"))
                .match(output);
        std::printf("- %s: wrk %s: %.0f req/s, p99 %s, errors: %s\n", qPrintable(options.label),
                    qPrintable(arguments.mid(0, 3).join(QLatin1Char(' '))),
                    rate.captured(1).toDouble(), qPrintable(p99.captured(1)),
                    errors.hasMatch() ? qPrintable(errors.captured(1)) : "none");
        QCoreApplication::exit(0);
    });
    monitor.beginPhase(QStringLiteral("under load"));
    wrk->start(QStringLiteral("wrk"), arguments);
}

// Feeds synthetic batches for the load phase from a thread of their own.
void runFeeder(const Options &options, GatewayController &controller, WindowLoadMonitor &monitor) {
    const QList<RequestRecord> templates = recordTemplates(controller.lastSnapshot());
    if (templates.isEmpty()) {
        std::fprintf(stderr, "gateway-ui-latency: the config has no instances to feed\n");
        QCoreApplication::exit(2);
        return;
    }
    auto *thread = new QThread(qApp);
    auto *feeder = new RecordFeeder(controller, templates, options.rate, options.batchSize);
    feeder->moveToThread(thread);
    QObject::connect(thread, &QThread::finished, feeder, &QObject::deleteLater);
    thread->start();
    monitor.beginPhase(QStringLiteral("%1 records/s").arg(options.rate));
    QMetaObject::invokeMethod(feeder, &RecordFeeder::start, Qt::QueuedConnection);
    QTimer::singleShot(options.loadSeconds * 1000, qApp, [=, &monitor] {
        QMetaObject::invokeMethod(feeder, &RecordFeeder::stop, Qt::BlockingQueuedConnection);
        thread->quit();
        thread->wait();
        monitor.endPhase();
        printRows(options.label, monitor.results());
        QCoreApplication::exit(0);
    });
}

} // namespace

int main(int argc, char *argv[]) {
    // As gateway-console does: Qt's poll dispatcher, measured cheaper than GLib's.
    qputenv("QT_NO_GLIB", "1");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gateway-ui-latency"));
    const std::optional<Options> parsed = parseOptions(app);
    if (!parsed) {
        std::fprintf(stderr, "gateway-ui-latency: needs --mode gateway|synthetic, --config FILE "
                             "and positive numbers (see --help)\n");
        return 2;
    }
    const Options options = *parsed;

    // Declared first: the monitor and the window hold references to it.
    GatewayController controller;
    WindowLoadMonitor monitor(controller);
    MainWindow window(controller, WindowSettings::Defaults);
    monitor.watchWindow(window);
    if (!options.filterText.isEmpty())
        window.logPanel()->setFilterText(options.filterText);
    window.resize(1280, 860);
    window.show();

    GatewaySession &session = window.session();
    QObject::connect(&session, &GatewaySession::startFailed, &app, [](const QString &message) {
        std::fprintf(stderr, "gateway-ui-latency: the gateway did not start: %s\n",
                     qPrintable(message));
        QCoreApplication::exit(2);
    });
    bool running = false;
    QObject::connect(&session, &GatewaySession::stateChanged, &app,
                     [&](GatewaySession::State state) {
                         if (state != GatewaySession::State::Running || running)
                             return;
                         running = true;
                         QTimer::singleShot(settleMs, &app, [&] {
                             monitor.beginPhase(QStringLiteral("idle"));
                             QTimer::singleShot(options.idleSeconds * 1000, &app, [&] {
                                 if (options.mode == LoadMode::Gateway)
                                     runWrk(options, session.listenUrl(), monitor);
                                 else
                                     runFeeder(options, controller, monitor);
                             });
                         });
                     });
    if (!session.loadConfig(options.configPath)) {
        std::fprintf(stderr,
                     "gateway-ui-latency: %s has errors (gateway-console --check-config "
                     "lists them)\n",
                     qPrintable(options.configPath));
        return 2;
    }
    monitor.startProbe();
    session.start();
    return app.exec();
}
