#pragma once

#include <QMenu>

class QActionGroup;

// View → Language: follow the system's language, or one of UiLanguage::available() by its own
// name. Choosing one checks it and emits languageChosen(); remembering it is up to the window.
// The window does not retranslate itself while it runs (docs/ARCHITECTURE.md, "Translations"),
// so the choice applies at the next start, and the window says so.
class LanguageMenu final : public QMenu {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LanguageMenu)

public:
    // chosen: the remembered choice, empty for the system's language.
    explicit LanguageMenu(const QString &chosen, QWidget *parent = nullptr);

    // The checked choice: a language, or empty for the system's.
    QString chosen() const;
    // The action of a language, or of the system's for an empty name; nullptr if none.
    QAction *actionFor(const QString &language) const;

Q_SIGNALS:
    void languageChosen(const QString &language);

private:
    QActionGroup *m_group;
};
