#include "programstart.h"

#include "exportcommand.h"
#include "headlessrunner.h"

#include <QCoreApplication>
#include <cstdio>

ProgramStart startProgram(int argc, char *argv[], Program program) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const QString name = programName(program);
    QCoreApplication::setApplicationName(name);
    // Both programs share the window's settings (the last config it ran).
    QCoreApplication::setOrganizationName(QStringLiteral("Gateway Console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GATEWAY_VERSION));
    // Qt's own poll()-based event dispatcher costs less per wake-up than the GLib one (measured
    // with callgrind, docs/BENCHMARKS.md); every thread created afterwards, the gateway's too,
    // uses the same kind.
    qputenv("QT_NO_GLIB", "1");

    ProgramStart start;
    const CommandLineResult parsed = parseCommandLine(arguments, program);
    if (!parsed.commandLine) {
        std::fprintf(stderr, "%s: %s\nTry '%s --help'.\n", qPrintable(name),
                     qPrintable(parsed.error), qPrintable(name));
        start.exitCode = 2;
        return start;
    }
    start.commandLine = *parsed.commandLine;
    switch (start.commandLine.action) {
    case CommandLine::Action::ShowHelp:
        std::printf("%s", qPrintable(start.commandLine.helpText));
        start.exitCode = 0;
        break;
    case CommandLine::Action::ShowVersion:
        std::printf("%s %s\n", qPrintable(name), GATEWAY_VERSION);
        start.exitCode = 0;
        break;
    case CommandLine::Action::CheckConfig:
        start.exitCode = runCheckConfig(start.commandLine.checkConfigPath);
        break;
    case CommandLine::Action::Export:
        start.exitCode = runExport(start.commandLine);
        break;
    case CommandLine::Action::Run:
        break;
    }
    return start;
}
