#pragma once

#include "inspect/headermask.h"
#include "model/capturedexchange.h"

#include <QObject>
#include <QString>

class CaptureLog;
class QAction;
class QMenu;
class QWidget;
class RequestLogFilter;
class RequestLogModel;

// File → Export as HAR…, Export Log as CSV…, Export Log as JSON Lines… and Open HAR… (README,
// "Inspecting traffic"). Exports take the log shown (the live one or a HAR file's), all its rows
// or only those the filter shows; HAR is masked unless the user ticks "Include secrets". Open
// HAR reads a file for MainWindow to show read-only. Every failure names the file and says why.
class SessionFileActions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionFileActions)

public:
    enum class Rows { All, Filtered };
    enum class Format { Har, Csv, JsonLines };

    // window: the parent of the file dialogs and of the messages.
    SessionFileActions(QWidget &window, QObject *parent = nullptr);

    // The log the exports take their rows from, with its filter and captures.
    void setLog(const RequestLogModel &log, const RequestLogFilter &filter,
                const CaptureLog &captures);
    // "http://127.0.0.1:8080" for a HAR request's URL when the request had no Host.
    void setGatewayOrigin(const QString &origin) { m_gatewayOrigin = origin; }

    void addTo(QMenu &menu) const;
    QAction *exportAction(Format format) const;
    QAction *openHarAction() const { return m_openHar; }

    // Writes rows of the log to path (all or nothing). Returns why it failed, empty on success;
    // *written gets how many rows went into the file.
    QString exportTo(Format format, const QString &path, Rows rows,
                     HeaderMask::Secrets secrets = HeaderMask::Secrets::Masked,
                     qsizetype *written = nullptr) const;
    // Reads a HAR file; on success harOpened() carries its exchanges. Returns why it failed.
    QString openHar(const QString &path);

Q_SIGNALS:
    void harOpened(const QString &path, const QList<CapturedExchange> &exchanges);
    // A sentence for the status bar.
    void message(const QString &text);

private:
    QList<RequestRecord> records(Rows rows) const;
    void chooseAndExport(Format format);
    void chooseAndOpen();

    QWidget &m_window;
    const RequestLogModel *m_log = nullptr;
    const RequestLogFilter *m_filter = nullptr;
    const CaptureLog *m_captures = nullptr;
    QString m_gatewayOrigin;
    QAction *m_exportHar;
    QAction *m_exportCsv;
    QAction *m_exportJsonLines;
    QAction *m_openHar;
};
