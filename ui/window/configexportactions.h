#pragma once

#include "export/configexport.h"

#include <QObject>
#include <QString>

class GatewayController;
class GatewaySession;
class QAction;
class QMenu;
class QWidget;

// File → Export as nginx.conf… and Export as haproxy.cfg… (README, "Outgrowing the laptop"): the
// loaded config, with the strategies, weights and admin states the running gateway shows
// (ExportSource::fromRunning), written as the engine's config where the user chooses. The same
// text as --export and GET /api/export/{engine}.
class ConfigExportActions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigExportActions)

public:
    // window: the parent of the file dialog and of the message box of a failed write.
    ConfigExportActions(GatewaySession &session, GatewayController &controller, QWidget *window);

    void addTo(QMenu &menu) const;
    // Enabled while a config is loaded.
    QAction *action(ExportFormat format) const;
    // Writes the export to path (all or nothing); empty on success, else why it failed.
    QString exportTo(ExportFormat format, const QString &path) const;

Q_SIGNALS:
    // A file was written: a sentence for the status bar.
    void exported(const QString &message);

private:
    void chooseFileAndExport(ExportFormat format);
    void updateEnabled();

    GatewaySession &m_session;
    GatewayController &m_controller;
    QWidget *m_window;
    QAction *m_nginx;
    QAction *m_haproxy;
};
