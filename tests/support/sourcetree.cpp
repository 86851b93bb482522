#include "sourcetree.h"

#include <QtGlobal>

QString projectSourceDir() {
    const QByteArray fromCTest = qgetenv("GATEWAY_SOURCE_DIR");
    return fromCTest.isEmpty() ? QStringLiteral(GATEWAY_SOURCE_DIR_FALLBACK)
                               : QString::fromLocal8Bit(fromCTest);
}
