#pragma once

#include <QWidget>

struct Scenario;
class QLabel;
class QTextBrowser;

// The side panel beside the chart that explains the scenario running now: what to try, what to
// watch, what it teaches (the scenario's markdown). Shows a hint while no scenario is loaded.
class ScenarioPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScenarioPanel)

public:
    explicit ScenarioPanel(QWidget *parent = nullptr);

    void showScenario(const Scenario &scenario);
    // Back to the hint, for a config that is not a scenario.
    void clearScenario();

    // The name of the scenario shown, empty while none is.
    QString scenarioName() const { return m_scenarioName; }
    QTextBrowser *textBrowser() const { return m_text; }

private:
    QLabel *m_title;
    QTextBrowser *m_text;
    QString m_scenarioName;
};
