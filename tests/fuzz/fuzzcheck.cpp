#include "fuzzcheck.h"

#include <QString>
#include <QtGlobal>
#include <cstdio>
#include <cstdlib>

void propertyViolated(const char *property, const QByteArray &details) {
    std::fprintf(stderr, "\n==== property violated: %s\n%s\n", property, details.constData());
    std::fflush(stderr);
    std::abort();
}

void treatCriticalMessagesAsViolations() {
    static const bool installed = [] {
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &text) {
            if (type == QtCriticalMsg || type == QtFatalMsg)
                propertyViolated("the exchange moves only along its table", text.toUtf8());
        });
        return true;
    }();
    Q_UNUSED(installed);
}
