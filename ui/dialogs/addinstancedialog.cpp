#include "dialogs/addinstancedialog.h"

#include "config/valueparsers.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>

AddInstanceDialog::AddInstanceDialog(const QString &routeId, int weightLimit, QWidget *parent)
    : CheckedFormDialog(parent)
    , m_urlEdit(new QLineEdit)
    , m_weightBox(new QSpinBox)
    , m_nameEdit(new QLineEdit) {
    setWindowTitle(tr("Add Instance to %1").arg(routeId));
    m_urlEdit->setPlaceholderText(QStringLiteral("http://127.0.0.1:8085"));
    m_weightBox->setRange(1, weightLimit);
    m_weightBox->setValue(1);
    m_weightBox->setToolTip(tr("Used by the weighted strategies, 1..%1").arg(weightLimit));
    m_nameEdit->setPlaceholderText(tr("optional; host:port if empty"));

    form()->addRow(tr("&URL:"), m_urlEdit);
    form()->addRow(tr("&Weight:"), m_weightBox);
    form()->addRow(tr("&Name:"), m_nameEdit);
    hideProblemWhenEdited(m_urlEdit);
}

int AddInstanceDialog::weight() const {
    return m_weightBox->value();
}

QString AddInstanceDialog::name() const {
    return m_nameEdit->text().trimmed();
}

void AddInstanceDialog::accept() {
    const QString text = m_urlEdit->text().trimmed();
    if (text.isEmpty()) {
        refuse(tr("Enter the instance's URL, for example http://127.0.0.1:8085."), m_urlEdit);
        return;
    }
    const Parsed<QUrl> parsed = parseTargetUrl(text.toUtf8());
    if (!parsed.value) {
        refuse(tr("URL: %1").arg(parsed.error), m_urlEdit);
        return;
    }
    m_url = *parsed.value;
    QDialog::accept();
}
