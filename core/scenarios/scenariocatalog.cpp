#include "scenarios/scenariocatalog.h"

#include <QCoreApplication>
#include <QFile>

namespace {
struct BundledScenario {
    const char *name;
    const char *title;
};

// The files are resources/scenarios/<name>.yaml, <name>.md and <name>.<language>.md.
constexpr BundledScenario bundledScenarios[] = {
    {"round-robin", QT_TRANSLATE_NOOP("ScenarioCatalog", "Round robin")},
    {"weighted", QT_TRANSLATE_NOOP("ScenarioCatalog", "Weighted 3:1")},
    {"kill-under-load", QT_TRANSLATE_NOOP("ScenarioCatalog", "Kill an instance under load")},
    {"least-connections-slow",
     QT_TRANSLATE_NOOP("ScenarioCatalog", "Least connections, one slow instance")},
    {"ip-hash", QT_TRANSLATE_NOOP("ScenarioCatalog", "ip_hash stickiness")},
};

QString readResource(const QString &path) {
    QFile file(path);
    // The files are compiled in; a missing one is a build defect that the catalog's test
    // catches, so an empty explanation is all a user could ever see.
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(file.readAll());
}

// A scenario without a translation into the locale's language reads in English rather than not
// at all.
QString explanationPath(const QString &base, const QLocale &locale) {
    const QString translated = base + QLatin1Char('.') + locale.name() + QStringLiteral(".md");
    return QFile::exists(translated) ? translated : base + QStringLiteral(".md");
}
} // namespace

ScenarioCatalog ScenarioCatalog::bundled(const QLocale &locale) {
    QList<Scenario> scenarios;
    for (const BundledScenario &bundled : bundledScenarios) {
        const QString name = QString::fromLatin1(bundled.name);
        const QString base = QStringLiteral(":/scenarios/") + name;
        scenarios.append({name, QCoreApplication::translate("ScenarioCatalog", bundled.title),
                          base + QStringLiteral(".yaml"),
                          readResource(explanationPath(base, locale))});
    }
    return ScenarioCatalog(scenarios);
}

ScenarioCatalog::ScenarioCatalog(QList<Scenario> scenarios)
    : m_scenarios(std::move(scenarios)) {}

const Scenario *ScenarioCatalog::find(const QString &name) const {
    for (const Scenario &scenario : m_scenarios) {
        if (scenario.name == name)
            return &scenario;
    }
    return nullptr;
}

const Scenario *ScenarioCatalog::findByConfigPath(const QString &configPath) const {
    for (const Scenario &scenario : m_scenarios) {
        if (scenario.configPath == configPath)
            return &scenario;
    }
    return nullptr;
}

QStringList ScenarioCatalog::names() const {
    QStringList names;
    for (const Scenario &scenario : m_scenarios)
        names.append(scenario.name);
    return names;
}
