#include "harvalidation.h"

#include "sourcetree.h"

#include <QProcess>
#include <QProcessEnvironment>

QByteArray harValidationErrors(const QString &path) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Debian's JavaScript packages live there; Debian's node looks there anyway, another one
    // (NodeSource's) only when told.
    environment.insert(QStringLiteral("NODE_PATH"), QStringLiteral("/usr/share/nodejs"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral("node"),
                  {projectSourceDir() + QStringLiteral("/tests/support/validate-har.js"), path});
    if (!process.waitForFinished(60000))
        return "the validator did not finish: " + process.errorString().toUtf8();
    const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return output.isEmpty() ? QByteArray("the validator failed") : output;
    return QByteArray();
}
