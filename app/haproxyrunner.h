#pragma once

#include "commandline.h"

#include <QCoreApplication>

// --haproxy: the headless program on a running HAProxy instead of the gateway (README,
// "Outgrowing the laptop"). Connects to its runtime API (HaproxySession), prints the servers
// table when it starts and whenever a server's state changes, and HAProxy's access log as the
// gateway's (text or JSON, AccessLogFormatter) from the syslog it receives; stops on
// SIGINT/SIGTERM. Returns the exit code: 1 when the first connection fails.
int runHaproxyHeadless(QCoreApplication &app, const CommandLine &commandLine);
