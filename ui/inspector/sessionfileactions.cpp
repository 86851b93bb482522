#include "inspector/sessionfileactions.h"

#include "inspector/capturelog.h"
#include "inspector/logrowsexport.h"
#include "requestlog/requestlogfilter.h"
#include "requestlog/requestlogmodel.h"

#include "inspect/harexport.h"
#include "inspect/harimport.h"

#include <QAction>
#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QRadioButton>
#include <QSaveFile>
#include <QVBoxLayout>

SessionFileActions::SessionFileActions(QWidget &window, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_exportHar(new QAction(tr("Export as &HAR…"), this))
    , m_exportCsv(new QAction(tr("Export Log as &CSV…"), this))
    , m_exportJsonLines(new QAction(tr("Export Log as &JSON Lines…"), this))
    , m_openHar(new QAction(tr("Open HA&R…"), this)) {
    m_exportHar->setToolTip(tr("The captured exchanges of the log's rows as a HAR 1.2 file, "
                               "credentials masked unless you include them"));
    m_openHar->setToolTip(tr("Show a saved HAR file read-only in the log and the details pane"));
    connect(m_exportHar, &QAction::triggered, this, [this] { chooseAndExport(Format::Har); });
    connect(m_exportCsv, &QAction::triggered, this, [this] { chooseAndExport(Format::Csv); });
    connect(m_exportJsonLines, &QAction::triggered, this,
            [this] { chooseAndExport(Format::JsonLines); });
    connect(m_openHar, &QAction::triggered, this, &SessionFileActions::chooseAndOpen);
}

void SessionFileActions::setLog(const RequestLogModel &log, const RequestLogFilter &filter,
                                const CaptureLog &captures) {
    m_log = &log;
    m_filter = &filter;
    m_captures = &captures;
}

void SessionFileActions::addTo(QMenu &menu) const {
    menu.addAction(m_openHar);
    menu.addAction(m_exportHar);
    menu.addAction(m_exportCsv);
    menu.addAction(m_exportJsonLines);
}

QAction *SessionFileActions::exportAction(Format format) const {
    switch (format) {
    case Format::Har:
        return m_exportHar;
    case Format::Csv:
        return m_exportCsv;
    case Format::JsonLines:
        break;
    }
    return m_exportJsonLines;
}

QList<RequestRecord> SessionFileActions::records(Rows rows) const {
    QList<RequestRecord> records;
    if (!m_log)
        return records;
    if (rows == Rows::All) {
        for (int row = 0; row < m_log->rowCount(); ++row) {
            if (!m_log->isMarkerAt(row))
                records.append(m_log->recordAt(row));
        }
        return records;
    }
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        const int logRow = m_filter->mapToSource(m_filter->index(row, 0)).row();
        if (!m_log->isMarkerAt(logRow))
            records.append(m_log->recordAt(logRow));
    }
    return records;
}

QString SessionFileActions::exportTo(Format format, const QString &path, Rows rows,
                                     HeaderMask::Secrets secrets, qsizetype *written) const {
    const QList<RequestRecord> chosen = records(rows);
    QByteArray bytes;
    qsizetype count = chosen.size();
    switch (format) {
    case Format::Har: {
        QList<CapturedExchange> exchanges;
        for (const RequestRecord &record : chosen) {
            if (const std::optional<CapturedExchange> exchange = m_captures->find(record))
                exchanges.append(*exchange);
        }
        count = exchanges.size();
        HarExportOptions options{m_captures->mask(secrets), QStringLiteral(GATEWAY_VERSION),
                                 m_gatewayOrigin.toUtf8()};
        bytes = harDocument(exchanges, options);
        break;
    }
    case Format::Csv:
        bytes = logRowsCsv(chosen);
        break;
    case Format::JsonLines:
        bytes = logRowsJsonLines(chosen);
        break;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    if (written)
        *written = count;
    return {};
}

QString SessionFileActions::openHar(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("Could not read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    const HarImport imported = importHar(file.readAll());
    if (!imported.error.isEmpty())
        return tr("%1 is not a HAR file this window can read: %2")
            .arg(QDir::toNativeSeparators(path), imported.error);
    Q_EMIT harOpened(path, imported.exchanges);
    return {};
}

void SessionFileActions::chooseAndExport(Format format) {
    // Which rows, and for HAR whether the credentials go along: asked each time, so that secrets
    // are never included by a choice made for another file.
    QDialog options(&m_window);
    options.setWindowTitle(exportAction(format)->text().remove(QLatin1Char('&')));
    auto *all = new QRadioButton(tr("All rows of the log (%L1)").arg(records(Rows::All).size()));
    auto *filtered = new QRadioButton(
        tr("Only the rows the filter shows (%L1)").arg(records(Rows::Filtered).size()));
    (m_filter && m_filter->isFiltering() ? filtered : all)->setChecked(true);
    filtered->setEnabled(m_filter && m_filter->isFiltering());
    auto *secrets = new QCheckBox(
        tr("Include secrets: the real values of Authorization, Cookie, Set-Cookie and "
           "capture.mask_headers (masked otherwise)"));
    secrets->setVisible(format == Format::Har);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, &options, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &options, &QDialog::reject);
    auto *layout = new QVBoxLayout(&options);
    layout->addWidget(all);
    layout->addWidget(filtered);
    layout->addWidget(secrets);
    layout->addWidget(buttons);
    if (options.exec() != QDialog::Accepted)
        return;

    QString filter;
    QString suffix;
    switch (format) {
    case Format::Har:
        filter = tr("HAR files (*.har);;All files (*)");
        suffix = QStringLiteral("gateway.har");
        break;
    case Format::Csv:
        filter = tr("CSV files (*.csv);;All files (*)");
        suffix = QStringLiteral("gateway-log.csv");
        break;
    case Format::JsonLines:
        filter = tr("JSON Lines files (*.jsonl);;All files (*)");
        suffix = QStringLiteral("gateway-log.jsonl");
        break;
    }
    const QString path = QFileDialog::getSaveFileName(
        &m_window, exportAction(format)->text().remove(QLatin1Char('&')), suffix, filter);
    if (path.isEmpty())
        return;
    qsizetype written = 0;
    const QString error =
        exportTo(format, path, filtered->isChecked() ? Rows::Filtered : Rows::All,
                 secrets->isChecked() ? HeaderMask::Secrets::Included : HeaderMask::Secrets::Masked,
                 &written);
    if (!error.isEmpty()) {
        QMessageBox::warning(&m_window, tr("Export Failed"), error);
        return;
    }
    Q_EMIT message(tr("Exported to %1 (rows: %Ln)", nullptr, int(written))
                       .arg(QDir::toNativeSeparators(path)));
}

void SessionFileActions::chooseAndOpen() {
    const QString path = QFileDialog::getOpenFileName(&m_window, tr("Open HAR"), QString(),
                                                      tr("HAR files (*.har);;All files (*)"));
    if (path.isEmpty())
        return;
    const QString error = openHar(path);
    if (!error.isEmpty())
        QMessageBox::warning(&m_window, tr("Cannot Open HAR"), error);
}
