#include "scenarios/scenariocatalog.h"
#include "teaching/scenariomenu.h"

#include <QSignalSpy>
#include <QTest>

class TestScenarioMenu : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneActionPerScenarioInOrder();
    void triggeringEmitsTheScenarioName();
    void currentScenarioIsChecked();

private:
    const ScenarioCatalog m_catalog = ScenarioCatalog::bundled();
};

void TestScenarioMenu::oneActionPerScenarioInOrder() {
    ScenarioMenu menu(m_catalog);
    QCOMPARE(menu.actions().size(), m_catalog.scenarios().size());
    for (int i = 0; i < m_catalog.scenarios().size(); ++i)
        QCOMPARE(menu.actions()[i]->text(), m_catalog.scenarios()[i].title);
    QCOMPARE(menu.actionFor(QStringLiteral("nope")), nullptr);
}

void TestScenarioMenu::triggeringEmitsTheScenarioName() {
    ScenarioMenu menu(m_catalog);
    QSignalSpy chosen(&menu, &ScenarioMenu::scenarioChosen);
    menu.actionFor(QStringLiteral("weighted"))->trigger();
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.first().first().toString(), QStringLiteral("weighted"));
}

void TestScenarioMenu::currentScenarioIsChecked() {
    ScenarioMenu menu(m_catalog);
    menu.setCurrentScenario(QStringLiteral("ip-hash"));
    for (QAction *action : menu.actions())
        QCOMPARE(action->isChecked(), action == menu.actionFor(QStringLiteral("ip-hash")));
    menu.setCurrentScenario(QStringLiteral("round-robin"));
    QVERIFY(menu.actionFor(QStringLiteral("round-robin"))->isChecked());
    QVERIFY(!menu.actionFor(QStringLiteral("ip-hash"))->isChecked());
    // A config that is no scenario checks none.
    menu.setCurrentScenario(QString());
    for (QAction *action : menu.actions())
        QVERIFY(!action->isChecked());
}

QTEST_MAIN(TestScenarioMenu)
#include "tst_scenariomenu.moc"
