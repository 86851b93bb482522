#include "harrecorder.h"

#include "inspect/harexport.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

namespace {

// As --export names a file it cannot write (app/exportcommand.cpp).
QString cannotWrite(const QString &path, const QString &reason) {
    return QStringLiteral("--har %1: cannot write: %2").arg(path, reason);
}

} // namespace

HarRecorder::HarRecorder(QString path, const CaptureConfig &capture)
    : m_path(std::move(path))
    , m_maskHeaders(capture.maskHeaders)
    , m_store(capture.bodyLimit, capture.memoryLimit) {}

QString HarRecorder::checkWritable() const {
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return cannotWrite(m_path, file.errorString());
    return QString();
}

void HarRecorder::admit(const QList<CapturedExchange> &captures) {
    for (const CapturedExchange &exchange : captures)
        m_store.admit(exchange);
}

QString HarRecorder::write(const QString &gatewayOrigin) const {
    HarExportOptions options{
        .mask = HeaderMask(HeaderMask::Secrets::Masked, m_maskHeaders),
        .creatorVersion = QCoreApplication::applicationVersion(),
        .gatewayOrigin = gatewayOrigin.toUtf8(),
    };
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return cannotWrite(m_path, file.errorString());
    file.write(harDocument(m_store.exchanges(), options));
    if (!file.commit())
        return cannotWrite(m_path, file.errorString());
    return QString();
}
