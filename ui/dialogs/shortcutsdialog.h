#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QMainWindow;
class QTableWidget;

// One keyboard shortcut of the window: the keys, what they do, and where that is offered.
struct ShortcutEntry {
    QString keys;  // in the platform's notation, "Ctrl+Shift+C"
    QString name;  // the action's text without its mnemonic, "Copy Listen URL"
    QString place; // the menu path ("Gateway", "Instance → Demo") or the panel ("Traffic")
};

// Help → Keyboard Shortcuts: a table of every shortcut the window has, read from its menus'
// actions and its panels' buttons when the dialog opens, so that it cannot go stale.
class ShortcutsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutsDialog)

public:
    explicit ShortcutsDialog(QMainWindow &window);

    // The shortcuts of window: the menu bar's actions in menu order, then any other action or
    // button of the window with a shortcut.
    static QList<ShortcutEntry> shortcutsOf(const QMainWindow &window);

    QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table;
};
