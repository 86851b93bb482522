#pragma once

#include "config/bundledconfig.h"
#include "config/gatewayconfig.h"
#include "export/configexport.h"

#include <QSize>
#include <QString>
#include <QStringList>
#include <optional>

// The command line (README, "Command line"), parsed into values. Parsing never exits the process:
// errors come back as a message naming the flag, and main() decides what to print and return.
struct CommandLine {
    enum class LogFormat { Text, Json, Off };
    enum class Action { Run, CheckConfig, Export, ShowHelp, ShowVersion };
    // --screenshot-view: what the picture shows (ScreenshotView in ui/ names the same two).
    enum class ScreenshotView { Log, Inspector };

    Action action = Action::Run;
    QString configPath; // empty: the bundled demo config; --scenario: the scenario's config
    QString checkConfigPath;
    // --export ENGINE: the config (configPath, the overrides applied) as ENGINE's config, written
    // to exportPath (-o), or to stdout when it is empty.
    ExportFormat exportFormat = ExportFormat::Nginx;
    QString exportPath;
    bool headless = false;
    // --haproxy SOCKET|HOST:PORT: show a running HAProxy's servers and log through its runtime
    // API instead of running the gateway (the window, or headless with --headless and in
    // gatewayd; README, "Export, run HAProxy, connect"); empty: not.
    QString haproxyAddress;
    // --haproxy-log PORT: where HAProxy's syslog arrives (127.0.0.1); the export's 5140 unless
    // given, in which case a port that cannot be bound is an error rather than a warning.
    quint16 haproxyLogPort = 5140;
    bool haproxyLogPortGiven = false;
    ConfigOverrides overrides; // --listen, --admin, --port-offset
    LogFormat logFormat = LogFormat::Text;
    // --har FILE (headless only): the captured exchanges held at exit, as HAR 1.2.
    QString harPath;
    QString screenshotPath;
    // --screenshot-size WIDTHxHEIGHT: the window's size in the picture, at least its minimum.
    QSize screenshotSize{1280, 800};
    ScreenshotView screenshotView = ScreenshotView::Log;
    // --language (the console only): one of availableLanguages(); empty: the one chosen in View →
    // Language, else the system's.
    QString language;
    QString helpText;
};

// The two programs built from app/: the console (window by default, headless without a display)
// and gatewayd, the headless program without QtWidgets/QtGui. gatewayd takes the same flags
// except those that need a window.
enum class Program { Console, Daemon };

// "gateway-console" or "gatewayd": for --help, --version and error messages.
QString programName(Program program);

// The window's languages, "en" first: what --language accepts (UiLanguage::available() in ui/
// lists the same, from the same line of the root CMakeLists.txt).
QStringList availableLanguages();

struct CommandLineResult {
    std::optional<CommandLine> commandLine;
    QString error; // "--listen: expected ADDRESS:PORT, found \"x\""
};

CommandLineResult parseCommandLine(const QStringList &arguments,
                                   Program program = Program::Console);
