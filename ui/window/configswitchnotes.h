#pragma once

#include "scenarios/scenariocatalog.h"
#include "window/gatewaysession.h"

#include <QObject>

class DistributionChart;
class RequestLogModel;

// What the window notes when what runs in it changes (README, "Switching configs"), so that
// nothing seen before the change is read as part of what runs after it:
// - a start of another config than the last one that ran (a scenario, Open Config, Stop/Start
//   with another file): a "switched to" marker row in the log, and the chart counts afresh, as
//   the gateway does (GatewaySnapshot::countingSince);
// - a start of the same config again: a "restarted" marker, counters kept;
// - a live reload (Ctrl+R, the file watcher, POST /api/reload): a "reloaded" marker with the
//   gateway's summary, which names what waits for a restart; counters kept.
// The first start in the window needs no marker: the log is empty before it. Each note is also
// announced by noted(), for the status bar.
class ConfigSwitchNotes final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigSwitchNotes)

public:
    ConfigSwitchNotes(GatewaySession &session, ScenarioCatalog scenarios, RequestLogModel &log,
                      DistributionChart &chart, QObject *parent = nullptr);

Q_SIGNALS:
    void noted(const QString &message);

private:
    void onStateChanged(GatewaySession::State state);
    void onReloaded(const QString &summary);
    // The scenario's title for a scenario's config, else the file's name.
    QString displayName(const QString &configPath) const;

    GatewaySession &m_session;
    const ScenarioCatalog m_scenarios;
    RequestLogModel &m_log;
    DistributionChart &m_chart;
    QString m_lastStarted; // the config path of the last start, empty before the first
};
