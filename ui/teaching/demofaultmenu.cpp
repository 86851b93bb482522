#include "teaching/demofaultmenu.h"

#include "control/gatewaycontroller.h"

#include <QHostAddress>
#include <QInputDialog>
#include <QSpinBox>
#include <QUrl>

namespace {
// Two minutes: past any sensible response timeout, since a latency above the route's timeout is
// how a 504 is demonstrated.
constexpr int maximumLatencyMs = 120000;

bool isLoopbackHost(const QString &host) {
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}
} // namespace

DemoFaultMenu::DemoFaultMenu(GatewayController &controller, QWidget *parent)
    : QMenu(tr("&Demo"), parent)
    , m_controller(controller)
    , m_kill(addAction(tr("&Kill"))) {
    m_kill->setToolTip(tr("Stop listening and abort open connections: a real outage"));
    m_revive = addAction(tr("&Revive"));
    m_revive->setToolTip(tr("Listen again on the same port"));
    addSeparator();
    m_latency = addAction(tr("&Latency…"));
    m_latency->setToolTip(tr("Hold every response back this long"));
    m_errorRate = addAction(tr("&Error rate…"));
    m_errorRate->setToolTip(tr("Answer this share of requests with 500"));
    m_resetMidResponse = addAction(tr("Reset &mid-response"));
    m_resetMidResponse->setToolTip(tr("Send half of each response body, then close"));
    m_resetMidResponse->setCheckable(true);

    connect(m_kill, &QAction::triggered, this, [this] {
        if (const auto p = port())
            m_controller.controlDemo(DemoCommand::kill(*p));
    });
    connect(m_revive, &QAction::triggered, this, [this] {
        if (const auto p = port())
            m_controller.controlDemo(DemoCommand::revive(*p));
    });
    connect(m_latency, &QAction::triggered, this, [this] {
        const DemoInstanceState *state = currentState();
        if (!state)
            return;
        const quint16 p = state->port;
        askValue(tr("Latency"), tr("Hold responses of :%1 back by:").arg(p),
                 int(state->latency.count()), 0, maximumLatencyMs, tr(" ms"), [this, p](int ms) {
                     m_controller.controlDemo(
                         DemoCommand::setLatency(p, std::chrono::milliseconds(ms)));
                 });
    });
    connect(m_errorRate, &QAction::triggered, this, [this] {
        const DemoInstanceState *state = currentState();
        if (!state)
            return;
        const quint16 p = state->port;
        askValue(tr("Error rate"), tr("Share of requests :%1 answers with 500:").arg(p),
                 state->errorRatePercent, 0, 100, tr(" %"), [this, p](int percent) {
                     m_controller.controlDemo(DemoCommand::setErrorRate(p, percent));
                 });
    });
    connect(m_resetMidResponse, &QAction::triggered, this, [this](bool checked) {
        // The check mark shows the cluster's state: put it back until the answer confirms it.
        m_resetMidResponse->setChecked(!checked);
        if (const auto p = port())
            m_controller.controlDemo(DemoCommand::setResetMidResponse(*p, checked));
    });
    connect(&m_controller, &GatewayController::demoStateChanged, this,
            &DemoFaultMenu::onStateChanged);
    updateActions();
    m_controller.controlDemo(DemoCommand::readState());
}

bool DemoFaultMenu::setInstanceUrl(const QString &url) {
    m_url = url;
    updateActions();
    return port().has_value();
}

std::optional<quint16> DemoFaultMenu::port() const {
    QList<quint16> ports;
    for (const DemoInstanceState &state : m_states)
        ports.append(state.port);
    return demoPortFor(m_url, ports);
}

std::optional<quint16> DemoFaultMenu::demoPortFor(const QString &url, const QList<quint16> &ports) {
    const QUrl parsed(url);
    // Upstream URLs are plain http (the config refuses anything else), port 80 by default.
    const int port = parsed.port(80);
    if (!parsed.isValid() || !isLoopbackHost(parsed.host()) || !ports.contains(quint16(port)))
        return std::nullopt;
    return quint16(port);
}

void DemoFaultMenu::onStateChanged(const QList<DemoInstanceState> &states) {
    m_states = states;
    updateActions();
}

const DemoInstanceState *DemoFaultMenu::currentState() const {
    const std::optional<quint16> p = port();
    if (!p)
        return nullptr;
    for (const DemoInstanceState &state : m_states) {
        if (state.port == *p)
            return &state;
    }
    return nullptr;
}

void DemoFaultMenu::updateActions() {
    const DemoInstanceState *state = currentState();
    setToolTip(state ? QString()
                     : tr("Only the config's demo instances (its demo: section) have faults"));
    m_kill->setEnabled(state && state->listening);
    m_revive->setEnabled(state && !state->listening);
    m_latency->setEnabled(state);
    m_errorRate->setEnabled(state);
    m_resetMidResponse->setEnabled(state);
    m_latency->setText(state && state->latency.count() > 0
                           ? tr("&Latency… (%1 ms)").arg(state->latency.count())
                           : tr("&Latency…"));
    m_errorRate->setText(state && state->errorRatePercent > 0
                             ? tr("&Error rate… (%1 %)").arg(state->errorRatePercent)
                             : tr("&Error rate…"));
    m_resetMidResponse->setChecked(state && state->resetMidResponse);
}

void DemoFaultMenu::askValue(const QString &title, const QString &label, int value, int minimum,
                             int maximum, const QString &suffix, std::function<void(int)> apply) {
    auto *dialog = new QInputDialog(parentWidget());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("demoFaultValueDialog"));
    dialog->setWindowTitle(title);
    dialog->setLabelText(label);
    dialog->setInputMode(QInputDialog::IntInput);
    dialog->setIntRange(minimum, maximum);
    dialog->setIntValue(value);
    if (auto *spin = dialog->findChild<QSpinBox *>())
        spin->setSuffix(suffix);
    connect(dialog, &QInputDialog::intValueSelected, this, std::move(apply));
    dialog->open();
}
