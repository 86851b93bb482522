#include "scenarios/scenariocatalog.h"
#include "teaching/scenariopanel.h"

#include <QTest>
#include <QTextBrowser>

class TestScenarioPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsTheExplanationAsMarkdown();
    void clearGoesBackToTheHint();
};

void TestScenarioPanel::showsTheExplanationAsMarkdown() {
    ScenarioPanel panel;
    panel.showScenario({QStringLiteral("weighted"), QStringLiteral("Weighted 3:1"),
                        QStringLiteral(":/scenarios/weighted.yaml"),
                        QStringLiteral("## Heading\n\n**Watch** the *bars*.\n")});
    QCOMPARE(panel.scenarioName(), QStringLiteral("weighted"));
    const QString shown = panel.textBrowser()->toPlainText();
    // Rendered, not shown as source: the markup is gone.
    QVERIFY(shown.contains(QStringLiteral("Watch the bars.")));
    QVERIFY(!shown.contains(QLatin1Char('*')));
    QVERIFY(!shown.contains(QLatin1Char('#')));
}

void TestScenarioPanel::clearGoesBackToTheHint() {
    ScenarioPanel panel;
    const QString hint = panel.textBrowser()->toPlainText();
    QVERIFY(hint.contains(QStringLiteral("Scenarios")));
    panel.showScenario(ScenarioCatalog::bundled().scenarios().first());
    QVERIFY(panel.textBrowser()->toPlainText() != hint);
    panel.clearScenario();
    QCOMPARE(panel.scenarioName(), QString());
    QCOMPARE(panel.textBrowser()->toPlainText(), hint);
}

QTEST_MAIN(TestScenarioPanel)
#include "tst_scenariopanel.moc"
