#include "window/configerrorpanel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
constexpr int maxShownRows = 6;
} // namespace

ConfigErrorPanel::ConfigErrorPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel)
    , m_list(new QListWidget) {
    auto *icon = new QLabel;
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize));
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    auto *close = new QToolButton;
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Hide this panel"));
    connect(close, &QToolButton::clicked, this, &ConfigErrorPanel::hide);

    auto *header = new QHBoxLayout;
    header->addWidget(icon);
    header->addWidget(m_title, 1);
    header->addWidget(close);

    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setUniformItemSizes(true);
    m_list->setIconSize(QSize(16, 16));
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copy = new QAction(tr("&Copy"), m_list);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &ConfigErrorPanel::copySelection);
    m_list->addAction(copy);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 4);
    layout->addLayout(header);
    layout->addWidget(m_list);
    hide();
}

void ConfigErrorPanel::showConfigErrors(const QString &path, const QList<ConfigError> &errors) {
    QStringList lines;
    lines.reserve(errors.size());
    for (const ConfigError &error : errors)
        lines.append(error.toString());
    const QString title = errors.size() == 1
                              ? tr("1 error in %1: the config was not loaded").arg(path)
                              : tr("%1 errors in %2: the config was not loaded")
                                    .arg(QString::number(errors.size()), path);
    showProblems(title, lines);
}

void ConfigErrorPanel::showStartFailure(const QString &message) {
    showProblems(tr("The gateway could not start and is stopped. Fix the cause, then press Start."),
                 {message});
}

void ConfigErrorPanel::showProblems(const QString &title, const QStringList &lines) {
    m_title->setText(title);
    m_list->clear();
    const QIcon errorIcon = style()->standardIcon(QStyle::SP_MessageBoxCritical);
    for (const QString &line : lines) {
        auto *item = new QListWidgetItem(errorIcon, line, m_list);
        item->setToolTip(line); // long messages are cut at the panel's edge
    }
    // As tall as its lines, up to a handful (more scroll), so that it never crowds out the log.
    const int shownRows = std::clamp(int(lines.size()), 1, maxShownRows);
    m_list->setFixedHeight(m_list->sizeHintForRow(0) * shownRows + 2 * m_list->frameWidth());
    show();
}

void ConfigErrorPanel::clearProblems() {
    m_title->clear();
    m_list->clear();
    hide();
}

QString ConfigErrorPanel::title() const {
    return m_title->text();
}

QStringList ConfigErrorPanel::messages() const {
    QStringList lines;
    for (int row = 0; row < m_list->count(); ++row)
        lines.append(m_list->item(row)->text());
    return lines;
}

void ConfigErrorPanel::copySelection() const {
    QStringList lines;
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->isSelected())
            lines.append(m_list->item(row)->text());
    }
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}
