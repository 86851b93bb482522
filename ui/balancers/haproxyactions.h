#pragma once

#include "haproxy/runtimeapiaddress.h"

#include <QList>
#include <QObject>
#include <QString>

class GatewayController;
class HaproxyConnection;
class LiveBalancer;
class QAction;
class QMenu;
class QMessageBox;
class QWidget;

// File → Connect to HAProxy… and Disconnect from HAProxy (README, "Export, run HAProxy,
// connect"): which balancer the window shows, the built-in gateway or a running HAProxy, and
// the gateway's own controls greyed out, each with the reason in its tooltip, while it is a
// HAProxy. Connecting leaves the gateway running as it is (an exported HAProxy's servers may
// be its demo instances); a failed attempt leaves the window as it was and says why in a
// message naming the address.
class HaproxyActions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HaproxyActions)

public:
    // What a control that only the gateway has is set to when the window is back on it.
    enum class WhenBack {
        Enable,      // enabled again: nothing else decides
        LeaveToOwner // its owner enables it (after applyLimits(), from the window's run state)
    };

    // window: the parent of the dialog and the message box.
    HaproxyActions(GatewayController &gateway, QWidget *window);
    ~HaproxyActions() override;

    void addTo(QMenu &menu) const;
    QAction *connectAction() const { return m_connect; }
    QAction *disconnectAction() const { return m_disconnect; }
    HaproxyConnection &connection() const { return *m_connection; }
    // The non-modal message of a failed attempt; null until the first failure.
    QMessageBox *failureBox() const { return m_failure; }

    // What File → Connect to HAProxy… does once its dialog is accepted (and --haproxy).
    void connectTo(const RuntimeApiAddress &address, quint16 logPort);
    void disconnectFromHaproxy();

    // The balancer the window shows: the gateway, or the HAProxy connected to.
    LiveBalancer &balancer() const;
    bool showsHaproxy() const;
    // "HAProxy at unix socket PATH"; empty on the gateway.
    QString haproxyDescription() const;

    // A control of the gateway's, disabled on a HAProxy with reason as its tooltip.
    void limitToGateway(QAction *action, const QString &reason, WhenBack whenBack);
    void limitToGateway(QWidget *widget, const QString &reason);
    // Puts the limits in force for the balancer shown: after the owners of LeaveToOwner
    // controls set their enabled state.
    void applyLimits();

Q_SIGNALS:
    // The window shows balancer from now on (a HAProxy connected, or the gateway again).
    void balancerChanged(LiveBalancer &balancer);
    // For the status bar.
    void message(const QString &text);

private:
    struct Limit {
        QObject *control; // a QAction or a QWidget
        QString reason;
        WhenBack whenBack;
        QString toolTip; // the control's own, while the reason replaces it
        bool limited = false;
    };

    void askForAddress();
    void showFailure(const QString &message);

    GatewayController &m_gateway;
    QWidget *m_window;
    HaproxyConnection *m_connection;
    QAction *m_connect;
    QAction *m_disconnect;
    QMessageBox *m_failure = nullptr;
    QList<Limit> m_limits;
};
