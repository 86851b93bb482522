#pragma once

#include "config/bundledconfig.h"
#include "config/gatewayconfig.h"
#include "window/screenshotdriver.h"

#include <QSize>
#include <QString>
#include <functional>
#include <optional>

class QApplication;

// What app/main.cpp hands to the window from the command line.
struct ConsoleOptions {
    // The config to run; bundledConfigPath (":/gateway.yaml") is the demo config. Empty: the
    // config of the last session if it still exists, else the demo config (--screenshot always
    // uses the demo config when this is empty).
    QString configPath;
    ConfigOverrides overrides; // --listen, --admin
    // --haproxy: the window opens on this HAProxy's runtime API (the gateway's config is loaded
    // but not started; File → Disconnect from HAProxy returns to it); empty: the gateway.
    QString haproxyAddress;
    quint16 haproxyLogPort = 0;                          // --haproxy-log, or the export's
    QString screenshotPath;                              // --screenshot FILE; empty = normal run
    QSize screenshotSize{1280, 800};                     // --screenshot-size
    ScreenshotView screenshotView = ScreenshotView::Log; // --screenshot-view
    // Called once, when the window exists, with what SIGINT and SIGTERM should do: app/main.cpp
    // calls that from its UnixSignalWatcher, which this library does not link. May be empty.
    std::function<void(std::function<void()> onTermination)> watchTermination;
};

// Creates the GatewayController and the MainWindow, loads the config (a config with errors is
// listed in the window's problems panel and leaves the gateway stopped), starts the gateway and
// runs the event loop. With a screenshot path, drives the --screenshot flow and exits when the
// picture is saved (on a HAProxy: after a few polls, with what its log brought meanwhile).
// Returns the process exit code.
//
// SIGINT and SIGTERM end it as they end the headless run, with exit code 0: the first stops the
// gateway the way Stop does (requests in flight may finish) and then closes the window, a second
// one closes it at once.
int runConsoleWindow(QApplication &app, const ConsoleOptions &options);
