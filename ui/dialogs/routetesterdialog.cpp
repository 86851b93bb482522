#include "dialogs/routetesterdialog.h"

#include "control/gatewaycontroller.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace {
constexpr int debounceMs = 150;
const QString none = QStringLiteral("—");

QLabel *selectableLabel() {
    auto *label = new QLabel;
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}
} // namespace

RouteTesterDialog::RouteTesterDialog(GatewayController &controller, QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_path(new QLineEdit)
    , m_client(new QLineEdit)
    , m_verdict(selectableLabel())
    , m_route(selectableLabel())
    , m_upstream(selectableLabel())
    , m_instance(selectableLabel())
    , m_explanation(new QPlainTextEdit) {
    setWindowTitle(tr("Route Tester"));
    setModal(false);

    m_path->setPlaceholderText(tr("/service-a/users/7?q=1"));
    m_path->setToolTip(tr("The request target a client would send, starting with /"));
    m_path->setClearButtonEnabled(true);
    m_client->setPlaceholderText(tr("127.0.0.1"));
    m_client->setToolTip(tr("The client's IP address; only ip_hash looks at it"));
    m_client->setClearButtonEnabled(true);
    QFont bold = m_verdict->font();
    bold.setBold(true);
    m_verdict->setFont(bold);
    m_explanation->setReadOnly(true);
    m_explanation->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_explanation->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_explanation->setToolTip(tr("The balancer's reason, then every instance of the route and "
                                 "why it was chosen, passed over or skipped"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Path"), m_path);
    form->addRow(tr("&Client address"), m_client);
    form->addRow(m_verdict);
    form->addRow(tr("Route"), m_route);
    form->addRow(tr("Upstream path"), m_upstream);
    form->addRow(tr("Next pick"), m_instance);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Why")));
    layout->addWidget(m_explanation, 1);
    layout->addWidget(buttons);
    resize(560, 400);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(debounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &RouteTesterDialog::askNow);
    for (QLineEdit *edit : {m_path, m_client}) {
        connect(edit, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::returnPressed, this, &RouteTesterDialog::askNow);
    }
    connect(&m_controller, &GatewayController::routePreviewReady, this,
            &RouteTesterDialog::onPreviewReady);
    // Every request moves a balancer on (and a click changes eligibility): ask again, so that
    // "next pick" stays true. Snapshots come only when something changed.
    connect(&m_controller, &GatewayController::snapshotReady, this, [this] {
        if (isVisible() && !m_debounce.isActive())
            askNow();
    });
    connect(&m_controller, &GatewayController::stopped, this, [this] {
        if (isVisible())
            askNow();
    });
    askNow();
}

QByteArray RouteTesterDialog::currentPath() const {
    return m_path->text().trimmed().toUtf8();
}

QByteArray RouteTesterDialog::currentClient() const {
    return m_client->text().trimmed().toLatin1();
}

void RouteTesterDialog::showEvent(QShowEvent *event) {
    QDialog::showEvent(event);
    // While hidden it stopped following the gateway.
    askNow();
}

void RouteTesterDialog::askNow() {
    m_debounce.stop();
    if (currentPath().isEmpty()) {
        m_shown = RoutePreview();
        m_verdict->setText(tr("Type a path such as /service-a/users/7 to see where it would go."));
        for (QLabel *label : {m_route, m_upstream, m_instance})
            label->setText(none);
        m_explanation->clear();
        return;
    }
    m_controller.previewRoute(currentPath(), currentClient());
}

void RouteTesterDialog::onPreviewReady(const RoutePreview &preview) {
    // Another question (or another window's) was answered: this one's answer is on its way.
    if (preview.path != currentPath() || preview.clientAddress != currentClient())
        return;
    m_shown = preview;
    const bool routed = preview.outcome == RoutePreview::Outcome::Forwarded ||
                        preview.outcome == RoutePreview::Outcome::NoInstance;
    m_route->setText(
        routed ? tr("%1 (prefix %2)").arg(preview.routeId, QString::fromUtf8(preview.routePrefix))
               : none);
    QString upstream = routed ? QString::fromUtf8(preview.strippedTarget) : none;
    if (preview.outcome == RoutePreview::Outcome::Forwarded &&
        preview.upstreamTarget != preview.strippedTarget)
        upstream = tr("%1 (under the instance's base path: %2)")
                       .arg(upstream, QString::fromUtf8(preview.upstreamTarget));
    m_upstream->setText(upstream);

    switch (preview.outcome) {
    case RoutePreview::Outcome::Forwarded:
        m_verdict->setText(
            tr("→ %1 gets %2")
                .arg(preview.instanceName, QString::fromUtf8(preview.upstreamTarget)));
        // Numbered from 1, as the reason lines number them.
        m_instance->setText(tr("#%1 %2 (%3)")
                                .arg(preview.instanceIndex + 1)
                                .arg(preview.instanceName, preview.instanceUrl));
        break;
    case RoutePreview::Outcome::NoRoute:
        m_verdict->setText(
            tr("No route matches: the gateway answers %1.").arg(preview.localStatus()));
        m_instance->setText(none);
        break;
    case RoutePreview::Outcome::NoInstance:
        m_verdict->setText(tr("No instance of %1 is available: the gateway answers %2.")
                               .arg(preview.routeId)
                               .arg(preview.localStatus()));
        m_instance->setText(tr("none"));
        break;
    case RoutePreview::Outcome::InvalidInput:
        m_verdict->setText(preview.message);
        m_instance->setText(none);
        break;
    case RoutePreview::Outcome::NotRunning:
        m_verdict->setText(tr("The gateway is not running: start it (F5) to test routes."));
        m_instance->setText(none);
        break;
    }

    QStringList lines;
    if (routed) {
        lines.append(QString::fromUtf8(preview.explanation.summary()));
        for (const QByteArray &line : preview.explanation.candidateLines())
            lines.append(QString::fromUtf8(line));
    }
    if (lines.join(QLatin1Char('\n')) != m_explanation->toPlainText())
        m_explanation->setPlainText(lines.join(QLatin1Char('\n')));
    Q_EMIT previewShown(preview);
}

QString RouteTesterDialog::resultText() const {
    return QStringList{m_verdict->text(), m_route->text(), m_upstream->text(), m_instance->text(),
                       m_explanation->toPlainText()}
        .join(QLatin1Char('\n'));
}
