#include "teaching/scenariomenu.h"

#include "scenarios/scenariocatalog.h"

#include <QActionGroup>

ScenarioMenu::ScenarioMenu(const ScenarioCatalog &catalog, QWidget *parent)
    : QMenu(tr("&Scenarios"), parent)
    , m_group(new QActionGroup(this)) {
    // Exclusive but allowed to have none checked: a config that is no scenario checks nothing.
    m_group->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
    for (const Scenario &scenario : catalog.scenarios()) {
        QAction *action = addAction(scenario.title);
        action->setData(scenario.name);
        action->setCheckable(true);
        action->setToolTip(
            tr("Run the scenario \"%1\" (%2)").arg(scenario.title, scenario.configPath));
        m_group->addAction(action);
        const QString name = scenario.name;
        connect(action, &QAction::triggered, this, [this, name] { Q_EMIT scenarioChosen(name); });
    }
}

void ScenarioMenu::setCurrentScenario(const QString &name) {
    for (QAction *action : m_group->actions())
        action->setChecked(!name.isEmpty() && action->data().toString() == name);
}

QAction *ScenarioMenu::actionFor(const QString &name) const {
    for (QAction *action : m_group->actions()) {
        if (action->data().toString() == name)
            return action;
    }
    return nullptr;
}
