#include "dialogs/addinstancedialog.h"

#include "common/statuscolors.h"

#include "config/valueparsers.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

AddInstanceDialog::AddInstanceDialog(const QString &routeId, int weightLimit, QWidget *parent)
    : QDialog(parent)
    , m_urlEdit(new QLineEdit)
    , m_weightBox(new QSpinBox)
    , m_nameEdit(new QLineEdit)
    , m_problem(new QLabel) {
    setWindowTitle(tr("Add Instance to %1").arg(routeId));
    m_urlEdit->setPlaceholderText(QStringLiteral("http://127.0.0.1:8085"));
    m_weightBox->setRange(1, weightLimit);
    m_weightBox->setValue(1);
    m_weightBox->setToolTip(tr("Used by the weighted strategies, 1..%1").arg(weightLimit));
    m_nameEdit->setPlaceholderText(tr("optional; host:port if empty"));

    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette problemPalette = m_problem->palette();
    problemPalette.setColor(QPalette::WindowText, statusColor(500, problemPalette));
    m_problem->setPalette(problemPalette);
    m_problem->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&URL:"), m_urlEdit);
    form->addRow(tr("&Weight:"), m_weightBox);
    form->addRow(tr("&Name:"), m_nameEdit);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &AddInstanceDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // A stale complaint goes away as soon as the user edits the URL.
    connect(m_urlEdit, &QLineEdit::textEdited, m_problem, &QWidget::hide);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('m')) * 40);
}

int AddInstanceDialog::weight() const {
    return m_weightBox->value();
}

QString AddInstanceDialog::name() const {
    return m_nameEdit->text().trimmed();
}

QString AddInstanceDialog::problem() const {
    return m_problem->isHidden() ? QString() : m_problem->text();
}

void AddInstanceDialog::accept() {
    const QString text = m_urlEdit->text().trimmed();
    if (text.isEmpty()) {
        m_problem->setText(tr("Enter the instance's URL, for example http://127.0.0.1:8085."));
        m_problem->show();
        m_urlEdit->setFocus();
        return;
    }
    const Parsed<QUrl> parsed = parseTargetUrl(text.toUtf8());
    if (!parsed.value) {
        m_problem->setText(tr("URL: %1").arg(parsed.error));
        m_problem->show();
        m_urlEdit->setFocus();
        return;
    }
    m_url = *parsed.value;
    QDialog::accept();
}
