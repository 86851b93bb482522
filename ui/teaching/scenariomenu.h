#pragma once

#include <QMenu>

class QActionGroup;
class ScenarioCatalog;

// The "Scenarios" menu: one checkable action per scenario of the catalog, in its order. Choosing
// one checks it and emits scenarioChosen(); loading the scenario's config is up to the window,
// which corrects the check mark with setCurrentScenario() (the previous scenario if the load
// failed, none for a config that is no scenario).
class ScenarioMenu final : public QMenu {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScenarioMenu)

public:
    explicit ScenarioMenu(const ScenarioCatalog &catalog, QWidget *parent = nullptr);

    // Checks the action of the scenario with that name; an empty or unknown name unchecks all.
    void setCurrentScenario(const QString &name);
    // The action of the scenario with that name, nullptr if none.
    QAction *actionFor(const QString &name) const;

Q_SIGNALS:
    void scenarioChosen(const QString &name);

private:
    QActionGroup *m_group;
};
