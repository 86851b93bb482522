#include "window/configswitchnotes.h"

#include "distribution/distributionchart.h"
#include "requestlog/requestlogmodel.h"

#include <QFileInfo>

ConfigSwitchNotes::ConfigSwitchNotes(GatewaySession &session, ScenarioCatalog scenarios,
                                     RequestLogModel &log, DistributionChart &chart,
                                     QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_scenarios(std::move(scenarios))
    , m_log(log)
    , m_chart(chart) {
    connect(&m_session, &GatewaySession::stateChanged, this, &ConfigSwitchNotes::onStateChanged);
    connect(&m_session, &GatewaySession::reloaded, this, &ConfigSwitchNotes::onReloaded);
}

void ConfigSwitchNotes::onStateChanged(GatewaySession::State state) {
    if (state != GatewaySession::State::Running)
        return;
    const QString path = m_session.configPath();
    const QString previous = std::exchange(m_lastStarted, path);
    const QString name = displayName(path);
    if (previous.isEmpty()) {
        m_chart.resetCounts();
        return;
    }
    if (previous == path) {
        const QString text = tr("— restarted %1 —").arg(name);
        m_log.appendMarker(text, tr("counters and admin states kept"));
        Q_EMIT noted(tr("Restarted %1").arg(name));
        return;
    }
    // The gateway counts afresh for another config; so do the chart and the status bar.
    m_chart.resetCounts();
    m_log.appendMarker(
        tr("— switched to %1 —").arg(name),
        tr("counters start from zero; the rows above are from %1").arg(displayName(previous)));
    Q_EMIT noted(tr("Switched to %1: counters start from zero").arg(name));
}

void ConfigSwitchNotes::onReloaded(const QString &summary) {
    // The summary is the gateway's own ("reloaded FILE: 2 route(s); listen address … takes
    // effect on the next start"), English like the rest of what the gateway says.
    m_log.appendMarker(tr("— reloaded %1 —").arg(displayName(m_session.configPath())), summary);
}

QString ConfigSwitchNotes::displayName(const QString &configPath) const {
    if (const Scenario *scenario = m_scenarios.findByConfigPath(configPath))
        return scenario->title;
    return QFileInfo(configPath).fileName();
}
