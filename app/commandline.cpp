#include "commandline.h"

#include "config/valueparsers.h"
#include "scenarios/scenariocatalog.h"

#include <QCommandLineParser>

namespace {

// Enough to move every port of the bundled configs well clear of its usual neighbours; larger
// offsets would push ports past 65535.
constexpr int maxPortOffset = 50000;

std::optional<ListenAddress> parseAddressOption(const QString &flag, const QString &text,
                                                QString *error) {
    const Parsed<ListenAddress> parsed = parseListenAddress(text.toUtf8());
    if (!parsed.value)
        *error = QStringLiteral("%1: %2").arg(flag, parsed.error);
    return parsed.value;
}

// Qt names the program after argv[0] of the application object, or "<executable_name>"
// without one (main() parses before it knows which one to create: window or headless).
QString helpText(const QCommandLineParser &parser, Program program) {
    QString text = parser.helpText();
    const QLatin1String usage("Usage: ");
    const qsizetype programEnd = text.indexOf(QLatin1String(" [options]"));
    if (text.startsWith(usage) && programEnd > 0)
        text.replace(usage.size(), programEnd - usage.size(), programName(program));
    return text;
}

QString applicationDescription(Program program) {
    switch (program) {
    case Program::Console:
        return QStringLiteral(
            "Gateway Console: an HTTP/1.1 API gateway with a desktop console.\n"
            "Without --config, headless runs the bundled demo config and the window reopens the "
            "last\nconfig it ran (the bundled demo the first time). Without a display it runs "
            "headless.");
    case Program::Daemon:
        return QStringLiteral(
            "gatewayd: the Gateway Console's HTTP/1.1 API gateway without a window.\n"
            "Without --config it runs the bundled demo config.");
    }
    Q_UNREACHABLE();
}

// "1280x800" within the window's minimum (MainWindow) and an 8K screen; nullopt otherwise.
std::optional<QSize> parseScreenshotSize(const QString &text) {
    const QStringList parts = text.split(QLatin1Char('x'));
    if (parts.size() != 2)
        return std::nullopt;
    bool widthOk = false;
    bool heightOk = false;
    const QSize size(parts[0].toInt(&widthOk), parts[1].toInt(&heightOk));
    if (!widthOk || !heightOk || size.width() < 800 || size.height() < 600 || size.width() > 7680 ||
        size.height() > 4320)
        return std::nullopt;
    return size;
}

} // namespace

QString programName(Program program) {
    return program == Program::Console ? QStringLiteral("gateway-console")
                                       : QStringLiteral("gatewayd");
}

QStringList availableLanguages() {
    return QString::fromUtf8(GATEWAY_UI_LANGUAGES).split(QLatin1Char(','));
}

CommandLineResult parseCommandLine(const QStringList &arguments, Program program) {
    QCommandLineParser parser;
    parser.setApplicationDescription(applicationDescription(program));
    const QCommandLineOption configOption(
        QStringLiteral("config"), QStringLiteral("Config file (YAML)."), QStringLiteral("FILE"));
    const QCommandLineOption scenarioOption(
        QStringLiteral("scenario"),
        QStringLiteral("Run a bundled teaching scenario instead of a config file (one of: %1).")
            .arg(ScenarioCatalog::bundled().names().join(QStringLiteral(", "))),
        QStringLiteral("NAME"));
    const QCommandLineOption headlessOption(
        QStringLiteral("headless"),
        QStringLiteral("Run without a window; log requests to stdout."));
    const QCommandLineOption listenOption(
        QStringLiteral("listen"), QStringLiteral("Override server.listen (e.g. 127.0.0.1:8080)."),
        QStringLiteral("ADDR:PORT"));
    const QCommandLineOption adminOption(
        QStringLiteral("admin"), QStringLiteral("Override admin.listen (e.g. 127.0.0.1:8090)."),
        QStringLiteral("ADDR:PORT"));
    const QCommandLineOption portOffsetOption(
        QStringLiteral("port-offset"),
        QStringLiteral(
            "Add N to every port the config listens on itself: the gateway, the admin "
            "API and the demo instances, with the targets that point at them (e.g. 1000: "
            "8080 becomes 9080)."),
        QStringLiteral("N"));
    const QCommandLineOption logFormatOption(
        QStringLiteral("log-format"), QStringLiteral("Access log format: text, json or off."),
        QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption checkConfigOption(
        QStringLiteral("check-config"),
        QStringLiteral("Validate a config file, print its problems, exit 0 or 1."),
        QStringLiteral("FILE"));
    const QCommandLineOption exportOption(
        QStringLiteral("export"),
        QStringLiteral("Write the config (--config, --scenario or the bundled one) as an ENGINE "
                       "config (%1) and exit.")
            .arg(QString::fromLatin1(allExportFormatNames().join(", "))),
        QStringLiteral("ENGINE"));
    const QCommandLineOption outputOption(
        {QStringLiteral("o"), QStringLiteral("output")},
        QStringLiteral("Where --export writes (default: stdout)."), QStringLiteral("FILE"));
    const QCommandLineOption harOption(
        QStringLiteral("har"),
        QStringLiteral("Headless: write the captured exchanges held at exit (capture: in the "
                       "config) to FILE as HAR 1.2, credentials masked."),
        QStringLiteral("FILE"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral(
            "Start the window with the demo config (or --config/--scenario), send requests, "
            "save a PNG and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption screenshotSizeOption(
        QStringLiteral("screenshot-size"),
        QStringLiteral("The window's size for --screenshot, at least 800x600 (default 1280x800)."),
        QStringLiteral("WIDTHxHEIGHT"));
    const QCommandLineOption screenshotViewOption(
        QStringLiteral("screenshot-view"),
        QStringLiteral("What --screenshot shows: log (default: the routes and the log after a few "
                       "dozen requests) or inspector (the same, then a JSON request to the first "
                       "route's /echo, selected, its Response tab open)."),
        QStringLiteral("VIEW"));
    const QCommandLineOption languageOption(
        QStringLiteral("language"),
        QStringLiteral("The window's language: %1 (default: the one chosen in View > Language, "
                       "else the system's).")
            .arg(availableLanguages().join(QStringLiteral(", "))),
        QStringLiteral("LANGUAGE"));
    const QCommandLineOption haproxyOption(
        QStringLiteral("haproxy"),
        QStringLiteral("Show a running HAProxy's servers and access log instead of running the "
                       "gateway (in the window, or headless with --headless and in gatewayd): "
                       "SOCKET is its runtime API (stats socket), a unix socket path or "
                       "HOST:PORT."),
        QStringLiteral("SOCKET"));
    const QCommandLineOption haproxyLogOption(
        QStringLiteral("haproxy-log"),
        QStringLiteral("With --haproxy: the UDP port on 127.0.0.1 where HAProxy sends its log "
                       "(default 5140, as --export haproxy writes)."),
        QStringLiteral("PORT"));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    parser.addOptions({configOption, scenarioOption, listenOption, adminOption, portOffsetOption,
                       logFormatOption, checkConfigOption, exportOption, outputOption,
                       haproxyOption, haproxyLogOption, harOption});
    if (program == Program::Console)
        parser.addOptions({headlessOption, screenshotOption, screenshotSizeOption,
                           screenshotViewOption, languageOption});

    CommandLineResult result;
    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.error =
            QStringLiteral("unexpected argument '%1' (options start with --; see --help)")
                .arg(parser.positionalArguments().first());
        return result;
    }

    CommandLine commandLine;
    commandLine.helpText = helpText(parser, program);
    if (parser.isSet(helpOption)) {
        commandLine.action = CommandLine::Action::ShowHelp;
        result.commandLine = commandLine;
        return result;
    }
    if (parser.isSet(versionOption)) {
        commandLine.action = CommandLine::Action::ShowVersion;
        result.commandLine = commandLine;
        return result;
    }
    if (parser.isSet(checkConfigOption)) {
        commandLine.action = CommandLine::Action::CheckConfig;
        commandLine.checkConfigPath = parser.value(checkConfigOption);
    }
    if (parser.isSet(exportOption)) {
        const std::optional<ExportFormat> format =
            parseExportFormat(parser.value(exportOption).toUtf8());
        if (!format) {
            result.error = QStringLiteral("--export: unknown engine '%1', expected one of %2")
                               .arg(parser.value(exportOption),
                                    QString::fromLatin1(allExportFormatNames().join(", ")));
            return result;
        }
        if (commandLine.action == CommandLine::Action::CheckConfig) {
            result.error = QStringLiteral("--export and --check-config are two tasks; give one");
            return result;
        }
        commandLine.action = CommandLine::Action::Export;
        commandLine.exportFormat = *format;
        commandLine.exportPath = parser.value(outputOption);
    } else if (parser.isSet(outputOption)) {
        result.error = QStringLiteral("-o/--output needs --export");
        return result;
    }
    commandLine.configPath = parser.value(configOption);
    if (parser.isSet(scenarioOption)) {
        if (parser.isSet(configOption)) {
            result.error = QStringLiteral("--scenario runs the scenario's own config; it cannot be "
                                          "combined with --config");
            return result;
        }
        const ScenarioCatalog catalog = ScenarioCatalog::bundled();
        const Scenario *scenario = catalog.find(parser.value(scenarioOption));
        if (!scenario) {
            result.error =
                QStringLiteral("--scenario: unknown scenario '%1', expected one of %2")
                    .arg(parser.value(scenarioOption), catalog.names().join(QStringLiteral(", ")));
            return result;
        }
        commandLine.configPath = scenario->configPath;
    }
    commandLine.headless = program == Program::Daemon || parser.isSet(headlessOption);
    if (program == Program::Console)
        commandLine.screenshotPath = parser.value(screenshotOption);
    if (program == Program::Console && parser.isSet(screenshotSizeOption)) {
        const std::optional<QSize> size = parseScreenshotSize(parser.value(screenshotSizeOption));
        if (!size) {
            result.error = QStringLiteral("--screenshot-size: expected WIDTHxHEIGHT of at least "
                                          "800x600 and at most 7680x4320, found '%1'")
                               .arg(parser.value(screenshotSizeOption));
            return result;
        }
        if (commandLine.screenshotPath.isEmpty()) {
            result.error = QStringLiteral("--screenshot-size needs --screenshot");
            return result;
        }
        commandLine.screenshotSize = *size;
    }
    if (program == Program::Console && parser.isSet(screenshotViewOption)) {
        const QString view = parser.value(screenshotViewOption);
        if (view == QLatin1String("inspector")) {
            commandLine.screenshotView = CommandLine::ScreenshotView::Inspector;
        } else if (view != QLatin1String("log")) {
            result.error =
                QStringLiteral("--screenshot-view: unknown view '%1', expected log or inspector")
                    .arg(view);
            return result;
        }
        if (commandLine.screenshotPath.isEmpty()) {
            result.error = QStringLiteral("--screenshot-view needs --screenshot");
            return result;
        }
    }
    if (program == Program::Console && parser.isSet(languageOption)) {
        commandLine.language = parser.value(languageOption);
        if (!availableLanguages().contains(commandLine.language)) {
            result.error =
                QStringLiteral("--language: unknown language '%1', expected one of %2")
                    .arg(commandLine.language, availableLanguages().join(QStringLiteral(", ")));
            return result;
        }
    }
    if (commandLine.headless && !commandLine.screenshotPath.isEmpty()) {
        result.error =
            QStringLiteral("--screenshot needs the window; it cannot be combined with --headless");
        return result;
    }
    if (parser.isSet(harOption)) {
        if (!commandLine.headless || commandLine.action != CommandLine::Action::Run) {
            result.error = QStringLiteral("--har writes what the headless gateway captured; it "
                                          "needs --headless (the window exports HAR itself)");
            return result;
        }
        commandLine.harPath = parser.value(harOption);
    }
    if (commandLine.action == CommandLine::Action::CheckConfig ||
        commandLine.action == CommandLine::Action::Export) {
        // Both write or check a config and exit: an option of a run would be silently ignored.
        QString runOption;
        if (program == Program::Console && parser.isSet(headlessOption))
            runOption = QStringLiteral("--headless");
        else if (!commandLine.screenshotPath.isEmpty())
            runOption = QStringLiteral("--screenshot");
        else if (parser.isSet(logFormatOption))
            runOption = QStringLiteral("--log-format");
        if (!runOption.isEmpty()) {
            const bool exporting = commandLine.action == CommandLine::Action::Export;
            result.error =
                QStringLiteral("%1 %2 a config and exits; %3 is for running the gateway")
                    .arg(exporting ? QStringLiteral("--export") : QStringLiteral("--check-config"),
                         exporting ? QStringLiteral("writes") : QStringLiteral("checks"),
                         runOption);
            return result;
        }
    }
    if (parser.isSet(listenOption)) {
        commandLine.overrides.listen = parseAddressOption(
            QStringLiteral("--listen"), parser.value(listenOption), &result.error);
        if (!commandLine.overrides.listen)
            return result;
    }
    if (parser.isSet(adminOption)) {
        commandLine.overrides.admin =
            parseAddressOption(QStringLiteral("--admin"), parser.value(adminOption), &result.error);
        if (!commandLine.overrides.admin)
            return result;
    }
    if (parser.isSet(portOffsetOption)) {
        bool ok = false;
        const int offset = parser.value(portOffsetOption).toInt(&ok);
        if (!ok || offset < 1 || offset > maxPortOffset) {
            result.error =
                QStringLiteral("--port-offset: expected a number from 1 to %1, found '%2'")
                    .arg(maxPortOffset)
                    .arg(parser.value(portOffsetOption));
            return result;
        }
        commandLine.overrides.portOffset = offset;
    }
    if (parser.isSet(haproxyOption)) {
        // What runs the gateway has no meaning on HAProxy's side.
        const QList<const QCommandLineOption *> others = {
            &configOption,     &scenarioOption,    &listenOption, &adminOption,
            &portOffsetOption, &checkConfigOption, &exportOption, &harOption};
        for (const QCommandLineOption *other : others) {
            if (parser.isSet(*other)) {
                result.error = QStringLiteral("--haproxy watches a running HAProxy; it cannot be "
                                              "combined with --%1")
                                   .arg(other->names().constLast());
                return result;
            }
        }
        commandLine.haproxyAddress = parser.value(haproxyOption);
        if (commandLine.haproxyAddress.isEmpty()) {
            result.error = QStringLiteral("--haproxy: expected SOCKET or HOST:PORT");
            return result;
        }
    }
    if (parser.isSet(haproxyLogOption)) {
        if (!parser.isSet(haproxyOption)) {
            result.error = QStringLiteral("--haproxy-log needs --haproxy");
            return result;
        }
        bool ok = false;
        const uint port = parser.value(haproxyLogOption).toUInt(&ok);
        if (!ok || port == 0 || port > 65535) {
            result.error = QStringLiteral("--haproxy-log: expected a port from 1 to 65535, found "
                                          "'%1'")
                               .arg(parser.value(haproxyLogOption));
            return result;
        }
        commandLine.haproxyLogPort = quint16(port);
        commandLine.haproxyLogPortGiven = true;
    }
    const QString logFormat = parser.value(logFormatOption);
    if (logFormat == QLatin1String("text")) {
        commandLine.logFormat = CommandLine::LogFormat::Text;
    } else if (logFormat == QLatin1String("json")) {
        commandLine.logFormat = CommandLine::LogFormat::Json;
    } else if (logFormat == QLatin1String("off")) {
        commandLine.logFormat = CommandLine::LogFormat::Off;
    } else {
        result.error =
            QStringLiteral("--log-format: expected text, json or off, found '%1'").arg(logFormat);
        return result;
    }
    result.commandLine = commandLine;
    return result;
}
