#include "dialogs/shortcutsdialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
QString withoutMnemonic(QString text) {
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QLatin1Char('\x01'), QLatin1Char('&'));
    return text;
}

QString keysOf(const QList<QKeySequence> &shortcuts) {
    QStringList keys;
    for (const QKeySequence &shortcut : shortcuts)
        keys << shortcut.toString(QKeySequence::NativeText);
    return keys.join(QStringLiteral(", "));
}

void collectMenu(const QMenu &menu, const QString &place, QList<ShortcutEntry> &entries,
                 QSet<const QAction *> &seen) {
    for (const QAction *action : menu.actions()) {
        if (const QMenu *submenu = action->menu()) {
            collectMenu(
                *submenu,
                ShortcutsDialog::tr("%1 → %2").arg(place, withoutMnemonic(submenu->title())),
                entries, seen);
            continue;
        }
        if (action->shortcuts().isEmpty() || seen.contains(action))
            continue;
        seen.insert(action);
        entries.append({keysOf(action->shortcuts()), withoutMnemonic(action->text()), place});
    }
}

// The title of the dock a widget is in, else the window's.
QString placeOf(const QWidget &widget) {
    for (const QWidget *parent = widget.parentWidget(); parent; parent = parent->parentWidget()) {
        if (const auto *dock = qobject_cast<const QDockWidget *>(parent))
            return dock->windowTitle();
    }
    return ShortcutsDialog::tr("Window");
}
} // namespace

QList<ShortcutEntry> ShortcutsDialog::shortcutsOf(const QMainWindow &window) {
    QList<ShortcutEntry> entries;
    QSet<const QAction *> seen;
    for (const QAction *action : window.menuBar()->actions()) {
        if (const QMenu *menu = action->menu())
            collectMenu(*menu, withoutMnemonic(menu->title()), entries, seen);
    }
    for (const QAction *action : window.findChildren<QAction *>()) {
        if (action->shortcuts().isEmpty() || seen.contains(action))
            continue;
        seen.insert(action);
        entries.append(
            {keysOf(action->shortcuts()), withoutMnemonic(action->text()), tr("Window")});
    }
    for (const QAbstractButton *button : window.findChildren<QAbstractButton *>()) {
        if (button->shortcut().isEmpty())
            continue;
        entries.append({button->shortcut().toString(QKeySequence::NativeText),
                        withoutMnemonic(button->text()), placeOf(*button)});
    }
    return entries;
}

ShortcutsDialog::ShortcutsDialog(QMainWindow &window)
    : QDialog(&window)
    , m_table(new QTableWidget) {
    setWindowTitle(tr("Keyboard Shortcuts"));
    const QList<ShortcutEntry> entries = shortcutsOf(window);
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({tr("Keys"), tr("Action"), tr("Where")});
    m_table->setRowCount(int(entries.size()));
    for (int row = 0; row < entries.size(); ++row) {
        const ShortcutEntry &entry = entries[row];
        m_table->setItem(row, 0, new QTableWidgetItem(entry.keys));
        m_table->setItem(row, 1, new QTableWidgetItem(entry.name));
        m_table->setItem(row, 2, new QTableWidgetItem(entry.place));
    }
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->resizeColumnsToContents();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(560, 480);
}
