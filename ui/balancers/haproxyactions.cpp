#include "balancers/haproxyactions.h"

#include "balancers/haproxyconnection.h"
#include "dialogs/connecthaproxydialog.h"

#include "control/gatewaycontroller.h"
#include "haproxy/haproxysession.h"

#include <QAction>
#include <QMenu>
#include <QMessageBox>
#include <QWidget>

namespace {
void setToolTipOf(QObject *control, const QString &text) {
    if (auto *action = qobject_cast<QAction *>(control)) {
        action->setToolTip(text);
        action->setStatusTip(text);
    } else if (auto *widget = qobject_cast<QWidget *>(control)) {
        widget->setToolTip(text);
    }
}

QString toolTipOf(QObject *control) {
    if (auto *action = qobject_cast<QAction *>(control))
        return action->toolTip();
    if (auto *widget = qobject_cast<QWidget *>(control))
        return widget->toolTip();
    return {};
}

void setEnabledOf(QObject *control, bool enabled) {
    if (auto *action = qobject_cast<QAction *>(control))
        action->setEnabled(enabled);
    else if (auto *widget = qobject_cast<QWidget *>(control))
        widget->setEnabled(enabled);
}
} // namespace

HaproxyActions::HaproxyActions(GatewayController &gateway, QWidget *window)
    : QObject(window)
    , m_gateway(gateway)
    , m_window(window)
    , m_connection(new HaproxyConnection(this))
    , m_connect(new QAction(tr("Connect to &HAProxy…"), this))
    , m_disconnect(new QAction(tr("&Disconnect from HAProxy"), this)) {
    m_connect->setToolTip(tr("Show a running HAProxy's servers and access log in this window, "
                             "through its runtime API"));
    connect(m_connect, &QAction::triggered, this, &HaproxyActions::askForAddress);
    m_disconnect->setToolTip(tr("Show the built-in gateway again"));
    connect(m_disconnect, &QAction::triggered, this, &HaproxyActions::disconnectFromHaproxy);

    connect(m_connection, &HaproxyConnection::connected, this, [this](HaproxySession &session) {
        applyLimits();
        Q_EMIT balancerChanged(session);
        Q_EMIT message(tr("Showing HAProxy at %1").arg(m_connection->address().toString()));
    });
    connect(m_connection, &HaproxyConnection::connectFailed, this, &HaproxyActions::showFailure);
    connect(m_connection, &HaproxyConnection::disconnected, this, [this] {
        applyLimits();
        Q_EMIT balancerChanged(m_gateway);
        m_gateway.requestSnapshot();
        Q_EMIT message(tr("Showing the built-in gateway"));
    });
    applyLimits();
}

HaproxyActions::~HaproxyActions() = default;

void HaproxyActions::addTo(QMenu &menu) const {
    menu.addAction(m_connect);
    menu.addAction(m_disconnect);
}

void HaproxyActions::askForAddress() {
    ConnectHaproxyDialog dialog(m_window);
    if (dialog.exec() == QDialog::Accepted)
        connectTo(dialog.address(), dialog.logPort());
}

void HaproxyActions::connectTo(const RuntimeApiAddress &address, quint16 logPort) {
    Q_EMIT message(tr("Connecting to HAProxy at %1…").arg(address.toString()));
    m_connection->connectTo(address, logPort);
    applyLimits();
}

void HaproxyActions::disconnectFromHaproxy() {
    m_connection->disconnectFromHaproxy();
}

void HaproxyActions::showFailure(const QString &reason) {
    applyLimits();
    const QString address = m_connection->address().toString();
    Q_EMIT message(tr("Could not connect to HAProxy at %1").arg(address));
    // One box, reused, and not modal: the window goes on showing what it showed.
    if (!m_failure) {
        m_failure = new QMessageBox(QMessageBox::Warning, tr("Connect to HAProxy"), QString(),
                                    QMessageBox::Close, m_window);
        m_failure->setWindowModality(Qt::NonModal);
    }
    m_failure->setText(tr("Could not connect to HAProxy at %1.").arg(address));
    // HaproxySession's words, in English like the rest of what the engines say.
    m_failure->setInformativeText(reason);
    m_failure->show();
}

LiveBalancer &HaproxyActions::balancer() const {
    if (HaproxySession *session = m_connection->session())
        return *session;
    return m_gateway;
}

bool HaproxyActions::showsHaproxy() const {
    return m_connection->session() != nullptr;
}

QString HaproxyActions::haproxyDescription() const {
    return showsHaproxy() ? tr("HAProxy at %1").arg(m_connection->address().toString()) : QString();
}

void HaproxyActions::limitToGateway(QAction *action, const QString &reason, WhenBack whenBack) {
    m_limits.append({action, reason, whenBack, QString(), false});
    applyLimits();
}

void HaproxyActions::limitToGateway(QWidget *widget, const QString &reason) {
    m_limits.append({widget, reason, WhenBack::Enable, QString(), false});
    applyLimits();
}

void HaproxyActions::applyLimits() {
    const bool onHaproxy = showsHaproxy();
    m_connect->setEnabled(!onHaproxy && !m_connection->isConnecting());
    m_disconnect->setEnabled(onHaproxy);
    for (Limit &limit : m_limits) {
        if (onHaproxy) {
            if (!limit.limited)
                limit.toolTip = toolTipOf(limit.control);
            limit.limited = true;
            setEnabledOf(limit.control, false);
            setToolTipOf(limit.control, limit.reason);
        } else if (limit.limited) {
            limit.limited = false;
            setToolTipOf(limit.control, limit.toolTip);
            if (limit.whenBack == WhenBack::Enable)
                setEnabledOf(limit.control, true);
        }
    }
}
