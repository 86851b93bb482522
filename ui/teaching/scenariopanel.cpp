#include "teaching/scenariopanel.h"

#include "scenarios/scenariocatalog.h"

#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

ScenarioPanel::ScenarioPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel)
    , m_text(new QTextBrowser) {
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_text->setOpenExternalLinks(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_title);
    layout->addWidget(m_text, 1);
    clearScenario();
}

void ScenarioPanel::showScenario(const Scenario &scenario) {
    m_scenarioName = scenario.name;
    m_title->setText(tr("Scenario: %1").arg(scenario.title));
    m_text->setMarkdown(scenario.explanation);
}

void ScenarioPanel::clearScenario() {
    m_scenarioName.clear();
    m_title->setText(tr("Scenario"));
    m_text->setMarkdown(tr("No scenario is running. Choose one from the **Scenarios** menu: "
                           "each starts its own demo instances and says what to try and what to "
                           "watch."));
}
