// gatewayd: the gateway without a window, linked against QtCore and QtNetwork only (no QtGui,
// no QtWidgets), for servers, containers and CI. Same flags as gateway-console but --headless
// (always) and --screenshot (no window).
#include "headlessrunner.h"
#include "programstart.h"

#include <QCoreApplication>

int main(int argc, char *argv[]) {
    const ProgramStart start = startProgram(argc, argv, Program::Daemon);
    if (start.exitCode)
        return *start.exitCode;
    QCoreApplication app(argc, argv);
    return runHeadless(app, start.commandLine);
}
