#pragma once

#include "model/demoinstancestate.h"

#include <QList>
#include <QMenu>
#include <functional>
#include <optional>

class GatewayController;

// The "Demo" fault menu of one instance: Kill / Revive, Latency…, Error rate…, Reset
// mid-response. Shown for an instance whose URL is a demo instance's (same port on a loopback
// host); every action is a GatewayController::controlDemo() call, and what the menu shows
// (which of Kill and Revive is enabled, the current latency and error rate, the check mark)
// comes only from the controller's demoStateChanged() answers, as the route list's check boxes
// come from snapshots.
//
// One menu serves every instance: the window calls setInstanceUrl() before showing it (or
// before adding it as a submenu of the instance's context menu).
class DemoFaultMenu final : public QMenu {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoFaultMenu)

public:
    // Asks for the demo state at once, so that a menu made after the instances started is
    // current.
    explicit DemoFaultMenu(GatewayController &controller, QWidget *parent = nullptr);

    // The demo instance the URL points at, matched by port against the running instances.
    // Returns whether it is one; if not, every action is disabled and the menu says why.
    bool setInstanceUrl(const QString &url);
    // The port of the instance the menu acts on, if the URL set is a demo instance's.
    std::optional<quint16> port() const;

    // The demo port that url points at, if any: its host is loopback (127.0.0.0/8, ::1 or
    // localhost) and its port is among ports.
    static std::optional<quint16> demoPortFor(const QString &url, const QList<quint16> &ports);

    QAction *killAction() const { return m_kill; }
    QAction *reviveAction() const { return m_revive; }
    QAction *latencyAction() const { return m_latency; }
    QAction *errorRateAction() const { return m_errorRate; }
    QAction *resetMidResponseAction() const { return m_resetMidResponse; }

private:
    void onStateChanged(const QList<DemoInstanceState> &states);
    void updateActions();
    const DemoInstanceState *currentState() const;
    // Opens an integer dialog with open(), never exec() (no nested event loop), and calls apply
    // with the value the user accepts.
    void askValue(const QString &title, const QString &label, int value, int minimum, int maximum,
                  const QString &suffix, std::function<void(int)> apply);

    GatewayController &m_controller;
    QList<DemoInstanceState> m_states;
    QString m_url;
    QAction *m_kill;
    QAction *m_revive;
    QAction *m_latency;
    QAction *m_errorRate;
    QAction *m_resetMidResponse;
};
