#pragma once

#include "config/bundledconfig.h"
#include "config/gatewayconfig.h"

#include <QString>
#include <QStringList>
#include <optional>

// The command line (README, "Command line"), parsed into values. Parsing never exits the process:
// errors come back as a message naming the flag, and main() decides what to print and return.
struct CommandLine {
    enum class LogFormat { Text, Json, Off };
    enum class Action { Run, CheckConfig, ShowHelp, ShowVersion };

    Action action = Action::Run;
    QString configPath; // empty: the bundled demo config; --scenario: the scenario's config
    QString checkConfigPath;
    bool headless = false;
    ConfigOverrides overrides; // --listen, --admin
    LogFormat logFormat = LogFormat::Text;
    QString screenshotPath;
    QString helpText;
};

struct CommandLineResult {
    std::optional<CommandLine> commandLine;
    QString error; // "--listen: expected ADDRESS:PORT, found \"x\""
};

CommandLineResult parseCommandLine(const QStringList &arguments);
