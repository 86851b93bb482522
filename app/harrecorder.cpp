#include "harrecorder.h"

#include "inspect/harexport.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

HarRecorder::HarRecorder(QString path, const CaptureConfig &capture)
    : m_path(std::move(path))
    , m_maskHeaders(capture.maskHeaders)
    , m_store(capture.bodyLimit, capture.memoryLimit) {}

QString HarRecorder::checkWritable() const {
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("--har: cannot write %1: %2").arg(m_path, file.errorString());
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
        return QStringLiteral("--har: cannot write %1: %2").arg(m_path, file.errorString());
    file.write(harDocument(m_store.exchanges(), options));
    if (!file.commit())
        return QStringLiteral("--har: cannot write %1: %2").arg(m_path, file.errorString());
    return QString();
}
