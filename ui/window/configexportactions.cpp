#include "window/configexportactions.h"

#include "window/gatewaysession.h"

#include "control/gatewaycontroller.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>

ConfigExportActions::ConfigExportActions(GatewaySession &session, GatewayController &controller,
                                         QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_controller(controller)
    , m_window(window)
    , m_nginx(new QAction(this))
    , m_haproxy(new QAction(this)) {
    for (const ExportFormat format : {ExportFormat::Nginx, ExportFormat::Haproxy}) {
        QAction *exportAction = action(format);
        exportAction->setText(tr("Export as %1…").arg(exportFileName(format)));
        exportAction->setToolTip(tr("Write the routes as a config for %1, with what it cannot "
                                    "express listed at its top")
                                     .arg(QString::fromLatin1(exportFormatName(format))));
        connect(exportAction, &QAction::triggered, this,
                [this, format] { chooseFileAndExport(format); });
    }
    connect(&m_session, &GatewaySession::configLoaded, this, &ConfigExportActions::updateEnabled);
    connect(&m_session, &GatewaySession::stateChanged, this, &ConfigExportActions::updateEnabled);
    updateEnabled();
}

void ConfigExportActions::addTo(QMenu &menu) const {
    menu.addAction(m_nginx);
    menu.addAction(m_haproxy);
}

QAction *ConfigExportActions::action(ExportFormat format) const {
    return format == ExportFormat::Nginx ? m_nginx : m_haproxy;
}

QString ConfigExportActions::exportTo(ExportFormat format, const QString &path) const {
    if (!m_session.config())
        return tr("No config is loaded.");
    const QByteArray text = exportConfig(
        format, ExportSource::fromRunning(*m_session.config(), m_controller.lastSnapshot()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
        return file.errorString();
    return QString();
}

void ConfigExportActions::chooseFileAndExport(ExportFormat format) {
    // Beside the config file; the bundled config is a resource, so the home folder instead.
    const QString configPath = m_session.configPath();
    const QString folder = configPath.isEmpty() || configPath.startsWith(QLatin1Char(':'))
                               ? QDir::homePath()
                               : QFileInfo(configPath).absolutePath();
    const QString path =
        QFileDialog::getSaveFileName(m_window, tr("Export as %1").arg(exportFileName(format)),
                                     QDir(folder).filePath(exportFileName(format)));
    if (path.isEmpty())
        return;
    const QString error = exportTo(format, path);
    if (!error.isEmpty()) {
        QMessageBox::warning(m_window, tr("Export failed"),
                             tr("Could not write %1: %2").arg(path, error));
        return;
    }
    Q_EMIT exported(tr("Exported the routes to %1").arg(QDir::toNativeSeparators(path)));
}

void ConfigExportActions::updateEnabled() {
    m_nginx->setEnabled(m_session.hasConfig());
    m_haproxy->setEnabled(m_session.hasConfig());
}
