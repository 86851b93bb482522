#pragma once

#include <QList>
#include <QLocale>
#include <QString>
#include <QStringList>

// One teaching scenario: a config that runs on its own (demo instances included) and a short
// markdown text saying what to try and what to watch (resources/scenarios/, docs/TUTORIAL.md).
struct Scenario {
    QString name;        // what --scenario takes: "weighted"
    QString title;       // what the menu shows: "Weighted 3:1"
    QString configPath;  // Qt resource path of the YAML config: ":/scenarios/weighted.yaml"
    QString explanation; // markdown, in the catalog's language
};

// The scenarios bundled with the program, in teaching order. A plain value: the window's
// Scenarios menu, the scenario panel and the command line's --scenario all read the same list.
class ScenarioCatalog final {
public:
    // The bundled scenarios, with their explanations read from the resources: the translation
    // for locale's name (:/scenarios/<name>.zh_CN.md) where one is bundled, else the English
    // text. Titles go through QCoreApplication::translate(), so the window's translator must be
    // installed first. The default is QLocale's default, which the window's UiLanguage sets to
    // the language it shows.
    static ScenarioCatalog bundled(const QLocale &locale = QLocale());

    explicit ScenarioCatalog(QList<Scenario> scenarios);

    const QList<Scenario> &scenarios() const { return m_scenarios; }
    // nullptr if no scenario has that name.
    const Scenario *find(const QString &name) const;
    // The scenario whose config is at configPath (as loaded), nullptr if none.
    const Scenario *findByConfigPath(const QString &configPath) const;
    QStringList names() const;

private:
    QList<Scenario> m_scenarios;
};
