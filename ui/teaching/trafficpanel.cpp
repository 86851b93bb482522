#include "teaching/trafficpanel.h"

#include "common/displayformat.h"
#include "window/gatewaysession.h"

#include "control/gatewaycontroller.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStringList>
#include <algorithm>
#include <climits>

TrafficPanel::TrafficPanel(GatewaySession &session, GatewayController &controller, QWidget *parent)
    : QWidget(parent)
    , m_session(session) {
    createLayout();

    connect(&controller, &GatewayController::snapshotReady, this, &TrafficPanel::updateRoutes);
    connect(&session, &GatewaySession::stateChanged, this, [this](GatewaySession::State state) {
        // Requests to a gateway that is going away would only pile up transport errors.
        if (state != GatewaySession::State::Running && m_generator.isRunning())
            m_generator.stop();
        updateEnabled();
    });
    connect(&m_generator, &TrafficGenerator::progress, this, &TrafficPanel::onProgress);
    connect(&m_generator, &TrafficGenerator::finished, this, &TrafficPanel::onFinished);
    connect(m_route, &QComboBox::currentIndexChanged, this, &TrafficPanel::onRouteChosen);
    connect(m_start, &QPushButton::clicked, this, [this] { startRun(RunKind::Plan); });
    connect(m_sendOne, &QPushButton::clicked, this, [this] { startRun(RunKind::SingleRequest); });
    connect(m_stop, &QPushButton::clicked, &m_generator, &TrafficGenerator::stop);
    connect(m_countMode, &QRadioButton::toggled, this, &TrafficPanel::updateEnabled);

    updateRoutes(controller.lastSnapshot());
    updateEnabled();
}

TrafficPanel::~TrafficPanel() = default;

void TrafficPanel::createLayout() {
    m_route = new QComboBox;
    m_route->setToolTip(tr("Route; choosing one fills in its path"));
    m_path = new QLineEdit;
    m_path->setPlaceholderText(tr("/service-a/anything?q=1"));
    m_path->setToolTip(tr("Request target sent to the gateway (GET)"));

    m_countMode = new QRadioButton(tr("Requests"));
    m_countMode->setChecked(true);
    m_requests = new QSpinBox;
    m_requests->setRange(1, 10'000'000);
    m_requests->setValue(100);
    m_rateMode = new QRadioButton(tr("Per second"));
    auto *modes = new QButtonGroup(this);
    modes->addButton(m_countMode);
    modes->addButton(m_rateMode);
    m_rate = new QSpinBox;
    m_rate->setRange(1, 100'000);
    m_rate->setValue(10);
    m_duration = new QSpinBox;
    m_duration->setRange(0, 24 * 3600);
    m_duration->setValue(10);
    m_duration->setSuffix(tr(" s"));
    m_duration->setSpecialValueText(tr("until stopped"));
    m_duration->setToolTip(tr("How long to send; 0 sends until Stop"));
    m_concurrency = new QSpinBox;
    m_concurrency->setRange(1, TrafficPlan::maxConcurrency);
    m_concurrency->setValue(4);
    m_concurrency->setToolTip(tr("Keep-alive connections, one request outstanding on each"));

    m_start = new QPushButton(tr("Start"));
    m_stop = new QPushButton(tr("Stop"));
    m_sendOne = new QPushButton(tr("Send one (F8)"));
    // A window shortcut: once docked, F8 works wherever the focus is in the window, so the
    // log can be watched (and scrolled) while stepping.
    m_sendOne->setShortcut(Qt::Key_F8);
    m_sendOne->setToolTip(tr("Send exactly one request and watch which instance the balancer "
                             "picks in the log (F8)"));
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    // Not "0 / 1": no run has been planned, so there is nothing to count towards yet.
    m_progress->setFormat(tr("No run yet"));

    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hint = new QLabel(tr("Start the gateway (F5) to send traffic through it."));
    m_hint->setEnabled(false);

    auto *grid = new QGridLayout(this);
    grid->addWidget(new QLabel(tr("Route")), 0, 0);
    grid->addWidget(m_route, 0, 1);
    grid->addWidget(new QLabel(tr("Path")), 0, 2);
    grid->addWidget(m_path, 0, 3, 1, 3);

    auto *rateRow = new QHBoxLayout;
    rateRow->addWidget(m_rate);
    rateRow->addWidget(new QLabel(tr("for")));
    rateRow->addWidget(m_duration);
    grid->addWidget(m_countMode, 1, 0);
    grid->addWidget(m_requests, 1, 1);
    grid->addWidget(m_rateMode, 1, 2);
    grid->addLayout(rateRow, 1, 3);
    grid->addWidget(new QLabel(tr("Connections")), 1, 4);
    grid->addWidget(m_concurrency, 1, 5);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_sendOne);
    buttons->addWidget(m_progress, 1);
    grid->addLayout(buttons, 2, 0, 1, 6);
    grid->addWidget(m_summary, 3, 0, 1, 6);
    grid->addWidget(m_hint, 4, 0, 1, 6);
    grid->setColumnStretch(3, 1);
    grid->setRowStretch(5, 1);
}

void TrafficPanel::updateRoutes(const GatewaySnapshot &snapshot) {
    QList<QPair<QString, QByteArray>> routes;
    for (const RouteSnapshot &route : snapshot.routes)
        routes.append({route.id, route.path});
    // Snapshots arrive several times a second; the combo is rebuilt only when the routes
    // change, so that an open popup and the user's choice survive.
    if (routes == m_routes)
        return;
    const QString current = m_route->currentText();
    m_routes = routes;
    {
        const QSignalBlocker blocker(m_route);
        m_route->clear();
        for (const auto &[id, path] : std::as_const(m_routes))
            m_route->addItem(id);
        m_route->setCurrentIndex(std::max(0, m_route->findText(current)));
    }
    if (m_route->currentText() != current || m_path->text().isEmpty())
        onRouteChosen(m_route->currentIndex());
}

void TrafficPanel::onRouteChosen(int index) {
    if (index >= 0 && index < m_routes.size())
        m_path->setText(QString::fromLatin1(m_routes[index].second));
}

void TrafficPanel::updateEnabled() {
    const bool gatewayUp =
        m_session.state() == GatewaySession::State::Running && !m_session.listenUrl().isEmpty();
    const bool running = m_generator.isRunning();
    const bool editable = gatewayUp && !running;
    for (QWidget *widget : {static_cast<QWidget *>(m_route), static_cast<QWidget *>(m_path),
                            static_cast<QWidget *>(m_countMode), static_cast<QWidget *>(m_rateMode),
                            static_cast<QWidget *>(m_concurrency)})
        widget->setEnabled(editable);
    m_requests->setEnabled(editable && m_countMode->isChecked());
    m_rate->setEnabled(editable && m_rateMode->isChecked());
    m_duration->setEnabled(editable && m_rateMode->isChecked());
    m_start->setEnabled(editable);
    m_sendOne->setEnabled(editable);
    m_stop->setEnabled(running);
    m_progress->setEnabled(gatewayUp || running);
    m_hint->setVisible(!gatewayUp);
}

void TrafficPanel::startRun(RunKind kind) {
    TrafficPlan plan;
    plan.baseUrl = QUrl(m_session.listenUrl());
    plan.path = m_path->text().toLatin1();
    plan.concurrency = kind == RunKind::SingleRequest ? 1 : m_concurrency->value();
    if (kind == RunKind::SingleRequest || m_countMode->isChecked()) {
        plan.mode = TrafficPlan::Mode::Count;
        plan.totalRequests = kind == RunKind::SingleRequest ? 1 : m_requests->value();
    } else {
        plan.mode = TrafficPlan::Mode::Rate;
        plan.requestsPerSecond = m_rate->value();
        plan.duration = std::chrono::seconds(m_duration->value());
    }
    if (const QString error = m_generator.start(plan); !error.isEmpty()) {
        m_summary->setText(tr("Cannot start: %1").arg(error));
        return;
    }
    const qint64 expected = plan.expectedRequests();
    // Until stopped there is no end to measure against: the bar shows activity instead.
    m_progress->setRange(0, expected < 0 ? 0 : int(std::min<qint64>(expected, INT_MAX)));
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v / %m"));
    m_summary->setText(tr("Sending…"));
    updateEnabled();
    Q_EMIT runStarted(plan);
}

void TrafficPanel::onProgress(qint64 sent, qint64 completed) {
    if (m_progress->maximum() > 0)
        m_progress->setValue(int(std::min<qint64>(completed, m_progress->maximum())));
    m_summary->setText(tr("Sending… %1 sent, %2 answered")
                           .arg(formatCount(quint64(sent)), formatCount(quint64(completed))));
}

void TrafficPanel::onFinished(const TrafficSummary &summary) {
    const int completed = int(std::min<qint64>(summary.completed(), INT_MAX));
    if (m_progress->maximum() == 0) // a run until stopped ends full at what it completed
        m_progress->setRange(0, std::max(1, completed));
    m_progress->setValue(std::min(completed, m_progress->maximum()));
    m_summary->setText(describe(summary));
    updateEnabled();
    Q_EMIT runFinished(summary);
}

QString TrafficPanel::describe(const TrafficSummary &summary) {
    const bool anyResponse = summary.ok + summary.statusErrorCount() > 0;
    QStringList lines;
    lines.append(tr("%1 sent · %2 ok · %3 failed · %4 client errors · p50 %5 · p99 %6 · %7")
                     .arg(formatCount(quint64(summary.sent)), formatCount(quint64(summary.ok)),
                          formatCount(quint64(summary.failedCount())),
                          formatCount(quint64(summary.clientErrorCount())),
                          formatDuration(anyResponse ? summary.latencyP50Us : -1),
                          formatDuration(anyResponse ? summary.latencyP99Us : -1),
                          formatDuration(qint64(summary.elapsed.count()) * 1000)));
    if (!summary.errorsByStatus.isEmpty()) {
        QStringList statuses;
        for (auto it = summary.errorsByStatus.cbegin(); it != summary.errorsByStatus.cend(); ++it)
            statuses.append(tr("%1 × %2").arg(it.key()).arg(formatCount(quint64(it.value()))));
        lines.append(tr("Error statuses: %1").arg(statuses.join(QStringLiteral(", "))));
    }
    if (!summary.transportErrors.isEmpty()) {
        QStringList kinds;
        for (auto it = summary.transportErrors.cbegin(); it != summary.transportErrors.cend(); ++it)
            kinds.append(tr("%1 × %2").arg(trafficTransportErrorName(it.key()),
                                           formatCount(quint64(it.value()))));
        lines.append(tr("Transport errors: %1").arg(kinds.join(QStringLiteral(", "))));
    }
    if (summary.skipped > 0)
        lines.append(tr("%1 skipped: every connection was still waiting when they came due")
                         .arg(formatCount(quint64(summary.skipped))));
    if (summary.stopped)
        lines.append(tr("Stopped; %1 in flight got no answer")
                         .arg(formatCount(quint64(summary.sent - summary.completed()))));
    return lines.join(QLatin1Char('\n'));
}
