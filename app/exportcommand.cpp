#include "exportcommand.h"

#include "config/configloader.h"
#include "export/configexport.h"

#include <QCoreApplication>
#include <QSaveFile>
#include <cstdio>

namespace {

void printProblem(const QString &message) {
    std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()),
                 qPrintable(message));
}

} // namespace

int runExport(const CommandLine &commandLine) {
    const QString path = commandLine.configPath.isEmpty() ? QString::fromLatin1(bundledConfigPath)
                                                          : commandLine.configPath;
    const ConfigLoadResult loaded = loadConfigFile(path);
    if (!loaded.ok()) {
        for (const ConfigError &error : loaded.errors)
            std::fprintf(stderr, "%s\n", qPrintable(error.toString()));
        const qsizetype count = loaded.errors.size();
        printProblem(QStringLiteral("--export: %1 has %2 %3; nothing written")
                         .arg(path)
                         .arg(count)
                         .arg(count == 1 ? QLatin1String("problem") : QLatin1String("problems")));
        return 1;
    }
    ExportSource source;
    source.config = *loaded.config;
    commandLine.overrides.applyTo(source.config);
    const QByteArray text = exportConfig(commandLine.exportFormat, source);
    if (commandLine.exportPath.isEmpty()) {
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        std::fflush(stdout);
        return 0;
    }
    // All or nothing: a failed write leaves an existing file as it was.
    QSaveFile file(commandLine.exportPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        printProblem(QStringLiteral("-o %1: cannot write: %2")
                         .arg(commandLine.exportPath, file.errorString()));
        return 1;
    }
    return 0;
}
