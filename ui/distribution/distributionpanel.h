#pragma once

#include <QWidget>

class DistributionChart;
class InstanceColors;

// The distribution chart with its controls: the length of the "recent" window and Reset.
class DistributionPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DistributionPanel)

public:
    explicit DistributionPanel(InstanceColors &colors, QWidget *parent = nullptr);

    DistributionChart *chart() const { return m_chart; }

private:
    DistributionChart *m_chart;
};
