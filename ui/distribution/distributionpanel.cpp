#include "distribution/distributionpanel.h"

#include "distribution/distributionchart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

DistributionPanel::DistributionPanel(InstanceColors &colors, QWidget *parent)
    : QWidget(parent)
    , m_chart(new DistributionChart(colors)) {
    auto *title = new QLabel(tr("Distribution"));
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto *window = new QComboBox;
    window->setToolTip(tr("Length of the recent window (thick bars)"));
    for (const int seconds : {10, 30, 60})
        window->addItem(tr("last %n s", nullptr, seconds), seconds);
    connect(window, &QComboBox::currentIndexChanged, this, [this, window](int index) {
        m_chart->setWindowSeconds(window->itemData(index).toInt());
    });

    auto *reset = new QToolButton;
    reset->setText(tr("Reset"));
    reset->setToolTip(tr("Start the thin bars (counts since reset) from zero"));
    connect(reset, &QToolButton::clicked, m_chart, &DistributionChart::resetCounts);

    auto *header = new QHBoxLayout;
    header->addWidget(title, 1);
    header->addWidget(window);
    header->addWidget(reset);

    auto *scroll = new QScrollArea;
    scroll->setWidget(m_chart);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(scroll, 1);
}
