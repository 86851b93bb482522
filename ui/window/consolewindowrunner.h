#pragma once

#include "config/bundledconfig.h"
#include "config/gatewayconfig.h"

#include <QString>
#include <optional>

class QApplication;

// What app/main.cpp hands to the window from the command line.
struct ConsoleOptions {
    // The config to run; bundledConfigPath (":/gateway.yaml") is the demo config. Empty: the
    // config of the last session if it still exists, else the demo config (--screenshot always
    // uses the demo config when this is empty).
    QString configPath;
    ConfigOverrides overrides; // --listen, --admin
    QString screenshotPath;    // --screenshot FILE; empty = normal run
};

// Creates the GatewayController and the MainWindow, loads the config (a config with errors is
// listed in the window's problems panel and leaves the gateway stopped), starts the gateway and
// runs the event loop. With a screenshot path, drives the --screenshot flow and exits when the
// picture is saved. Returns the process exit code.
int runConsoleWindow(QApplication &app, const ConsoleOptions &options);
