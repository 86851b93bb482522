#include "scenarios/scenariocatalog.h"

#include "config/configloader.h"

#include <QTest>

class TestScenarioCatalog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bundledScenariosInTeachingOrder();
    void configRunsOnItsOwn_data();
    void configRunsOnItsOwn();
    void explanationSaysWhatToTryAndWatch_data();
    void explanationSaysWhatToTryAndWatch();
    void weightedScenarioIsThreeToOne();
    void findsByNameAndConfigPath();
    void explanationInTheLocalesLanguage_data();
    void explanationInTheLocalesLanguage();

private:
    // English whatever the machine's locale, for the checks of the English text.
    const ScenarioCatalog m_catalog = ScenarioCatalog::bundled(QLocale(QLocale::English));
};

void TestScenarioCatalog::bundledScenariosInTeachingOrder() {
    QCOMPARE(m_catalog.names(), QStringList({"round-robin", "weighted", "kill-under-load",
                                             "least-connections-slow", "ip-hash"}));
    for (const Scenario &scenario : m_catalog.scenarios()) {
        QVERIFY(!scenario.title.isEmpty());
        QCOMPARE(scenario.configPath, QStringLiteral(":/scenarios/%1.yaml").arg(scenario.name));
    }
}

void TestScenarioCatalog::configRunsOnItsOwn_data() {
    QTest::addColumn<QString>("name");
    for (const Scenario &scenario : m_catalog.scenarios())
        QTest::newRow(qPrintable(scenario.name)) << scenario.name;
}

void TestScenarioCatalog::configRunsOnItsOwn() {
    QFETCH(QString, name);
    const Scenario *scenario = m_catalog.find(name);
    QVERIFY(scenario);
    const ConfigLoadResult loaded = loadConfigFile(scenario->configPath);
    for (const ConfigError &error : loaded.errors)
        qWarning("%s", qPrintable(error.toString()));
    QVERIFY(loaded.ok());
    // Every instance is one of the config's own demo instances: nothing else needs to run.
    const QList<quint16> demoPorts = loaded.config->demo.backendPorts;
    QVERIFY(!demoPorts.isEmpty());
    QVERIFY(!loaded.config->routes.isEmpty());
    for (const RouteConfig &route : loaded.config->routes) {
        for (const TargetConfig &target : route.targets) {
            QCOMPARE(target.url.host(), QStringLiteral("127.0.0.1"));
            QVERIFY2(demoPorts.contains(quint16(target.url.port())),
                     qPrintable(target.url.toString()));
        }
    }
}

void TestScenarioCatalog::explanationSaysWhatToTryAndWatch_data() {
    configRunsOnItsOwn_data();
}

void TestScenarioCatalog::explanationSaysWhatToTryAndWatch() {
    QFETCH(QString, name);
    const QString explanation = m_catalog.find(name)->explanation;
    QVERIFY(explanation.startsWith(QStringLiteral("## ")));
    QVERIFY(explanation.contains(QStringLiteral("**Try**")));
    QVERIFY(explanation.contains(QStringLiteral("**Watch**")));
    QVERIFY(explanation.contains(QStringLiteral("**What it teaches**")));
}

void TestScenarioCatalog::weightedScenarioIsThreeToOne() {
    const ConfigLoadResult loaded = loadConfigFile(m_catalog.find("weighted")->configPath);
    QVERIFY(loaded.ok());
    const RouteConfig &route = loaded.config->routes.first();
    QCOMPARE(route.strategy, StrategyKind::WeightedRoundRobin);
    QCOMPARE(route.targets.size(), 2);
    QCOMPARE(route.targets[0].weight, 3);
    QCOMPARE(route.targets[1].weight, 1);
}

void TestScenarioCatalog::findsByNameAndConfigPath() {
    const Scenario *ipHash = m_catalog.find(QStringLiteral("ip-hash"));
    QVERIFY(ipHash);
    QCOMPARE(ipHash->title, QStringLiteral("ip_hash stickiness"));
    QCOMPARE(m_catalog.findByConfigPath(QStringLiteral(":/scenarios/ip-hash.yaml")), ipHash);
    QCOMPARE(m_catalog.find(QStringLiteral("nope")), nullptr);
    QCOMPARE(m_catalog.find(QString()), nullptr);
    QCOMPARE(m_catalog.findByConfigPath(QStringLiteral(":/gateway.yaml")), nullptr);
}

void TestScenarioCatalog::explanationInTheLocalesLanguage_data() {
    configRunsOnItsOwn_data();
}

// Every scenario has a zh_CN text with the English one's structure; a locale without a
// translation gets English rather than nothing.
void TestScenarioCatalog::explanationInTheLocalesLanguage() {
    QFETCH(QString, name);
    const QString english = m_catalog.find(name)->explanation;
    const ScenarioCatalog chinese = ScenarioCatalog::bundled(QLocale(QStringLiteral("zh_CN")));
    const QString translated = chinese.find(name)->explanation;
    QVERIFY(translated != english);
    QVERIFY(translated.startsWith(QStringLiteral("## ")));
    for (const QString &heading :
         {QStringLiteral("**试一试**"), QStringLiteral("**观察**"), QStringLiteral("**要点**")})
        QVERIFY2(translated.contains(heading), qPrintable(heading));
    // The commands to copy are the same.
    QCOMPARE(translated.count(QStringLiteral("```")), english.count(QStringLiteral("```")));
    QCOMPARE(chinese.find(name)->configPath, m_catalog.find(name)->configPath);

    const ScenarioCatalog french = ScenarioCatalog::bundled(QLocale(QStringLiteral("fr_FR")));
    QCOMPARE(french.find(name)->explanation, english);
}

QTEST_GUILESS_MAIN(TestScenarioCatalog)
#include "tst_scenariocatalog.moc"
