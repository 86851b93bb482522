#pragma once

#include "model/capturedexchange.h"

#include <QWidget>

class CaptureLog;
class InstanceColors;
class QLabel;
class RequestLogModel;
class RequestLogPanel;

// A saved HAR file shown read-only where the live log was (README, "Inspecting traffic", Open
// HAR): a band that says which file is shown and that it is read-only, with Back to Live Log,
// above a log of the file's exchanges with its own filter and captures. The live log keeps
// taking the gateway's requests meanwhile, out of sight: a file's rows and live rows never mix.
class HarFileView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HarFileView)

public:
    explicit HarFileView(InstanceColors &colors, QWidget *parent = nullptr);

    // Replaces what was shown with the file's exchanges.
    void showFile(const QString &path, const QList<CapturedExchange> &exchanges);
    QString path() const { return m_path; }

    RequestLogModel *logModel() const { return m_log; }
    RequestLogPanel *logPanel() const { return m_panel; }
    CaptureLog *captures() const { return m_captures; }
    QLabel *bannerLabel() const { return m_banner; }

Q_SIGNALS:
    void backRequested();

private:
    RequestLogModel *m_log;
    CaptureLog *m_captures;
    RequestLogPanel *m_panel;
    QLabel *m_banner;
    QString m_path;
};
