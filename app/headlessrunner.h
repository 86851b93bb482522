#pragma once

#include "commandline.h"

#include <QCoreApplication>

// The headless program: loads the config, runs the gateway through GatewayController (the same
// way the window does), prints "listening on …" and one access-log line per request, and stops
// gracefully on SIGINT/SIGTERM; with --haproxy, runHaproxyHeadless() instead. Returns the
// process exit code.
int runHeadless(QCoreApplication &app, const CommandLine &commandLine);

// --check-config: prints every problem as file:line:column and returns 0 or 1.
int runCheckConfig(const QString &path);
