#include "inspector/harfileview.h"

#include "inspector/capturelog.h"
#include "requestlog/requestlogmodel.h"
#include "requestlog/requestlogpanel.h"

#include "config/gatewayconfig.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

namespace {
// A file is shown as it was saved: no body is cut and nothing evicted (the largest limits
// capture: allows).
CaptureConfig wholeFile() {
    CaptureConfig config;
    config.bodyLimit = qint64(1) << 30;
    config.memoryLimit = qint64(16) << 30;
    return config;
}
} // namespace

HarFileView::HarFileView(InstanceColors &colors, QWidget *parent)
    : QWidget(parent)
    , m_log(new RequestLogModel(colors, this))
    , m_captures(new CaptureLog(this))
    , m_panel(new RequestLogPanel(*m_log))
    , m_banner(new QLabel) {
    m_captures->configure(wholeFile());
    // Nothing to clear and nothing arrives: the file is shown as it is.
    m_panel->clearAction()->setVisible(false);
    m_panel->clearAction()->setEnabled(false);
    m_panel->setFollowing(false);
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *back = new QPushButton(tr("Back to Live Log"));
    connect(back, &QPushButton::clicked, this, &HarFileView::backRequested);

    auto *band = new QWidget;
    band->setAutoFillBackground(true);
    band->setBackgroundRole(QPalette::ToolTipBase);
    band->setForegroundRole(QPalette::ToolTipText);
    auto *bandLayout = new QHBoxLayout(band);
    bandLayout->setContentsMargins(6, 3, 6, 3);
    bandLayout->addWidget(m_banner, 1);
    bandLayout->addWidget(back);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(band);
    layout->addWidget(m_panel, 1);
}

void HarFileView::showFile(const QString &path, const QList<CapturedExchange> &exchanges) {
    m_path = path;
    QList<CapturedExchange> ordered = exchanges;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto &a, const auto &b) { return a.id() < b.id(); });
    QList<RequestRecord> records;
    records.reserve(ordered.size());
    for (const CapturedExchange &exchange : ordered)
        records.append(exchange.record());
    m_log->clear();
    m_captures->clear();
    m_log->appendRecords(records);
    m_captures->addCaptures(ordered);
    m_banner->setText(tr("Viewing %1 (read-only; exchanges in the file: %n). Live requests "
                         "are kept in the live log meanwhile.",
                         nullptr, int(ordered.size()))
                          .arg(QDir::toNativeSeparators(path)));
}
