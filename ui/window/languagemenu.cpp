#include "window/languagemenu.h"

#include "common/uilanguage.h"

#include <QActionGroup>

LanguageMenu::LanguageMenu(const QString &chosen, QWidget *parent)
    : QMenu(tr("&Language"), parent)
    , m_group(new QActionGroup(this)) {
    QAction *system = addAction(tr("&System Language"));
    system->setToolTip(tr("Use the language of the system's locale (LANG), English if there is "
                          "no translation for it"));
    addSeparator();
    QList<QAction *> actions = {system};
    // Each language under its own name, so that whoever reads it finds it in any language.
    for (const QString &language : UiLanguage::available()) {
        QAction *action = addAction(UiLanguage::nativeName(language));
        action->setData(language);
        actions.append(action);
    }
    const QString current = UiLanguage::available().contains(chosen) ? chosen : QString();
    for (QAction *action : actions) {
        action->setCheckable(true);
        action->setChecked(action->data().toString() == current);
        m_group->addAction(action);
        connect(action, &QAction::triggered, this,
                [this, action] { Q_EMIT languageChosen(action->data().toString()); });
    }
}

QString LanguageMenu::chosen() const {
    const QAction *checked = m_group->checkedAction();
    return checked ? checked->data().toString() : QString();
}

QAction *LanguageMenu::actionFor(const QString &language) const {
    for (QAction *action : m_group->actions()) {
        if (action->data().toString() == language)
            return action;
    }
    return nullptr;
}
