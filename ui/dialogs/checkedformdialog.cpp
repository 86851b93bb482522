#include "dialogs/checkedformdialog.h"

#include "common/statuscolors.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

CheckedFormDialog::CheckedFormDialog(QWidget *parent)
    : QDialog(parent)
    , m_form(new QFormLayout)
    , m_problem(new QLabel)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel)) {
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette problemPalette = m_problem->palette();
    problemPalette.setColor(QPalette::WindowText, statusColor(500, problemPalette));
    m_problem->setPalette(problemPalette);
    m_problem->hide();

    // accept() is virtual: the subclass's checks run.
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('m')) * 40);
}

QString CheckedFormDialog::problem() const {
    return m_problem->isHidden() ? QString() : m_problem->text();
}

void CheckedFormDialog::hideProblemWhenEdited(QLineEdit *field) {
    connect(field, &QLineEdit::textEdited, m_problem, &QWidget::hide);
}

void CheckedFormDialog::refuse(const QString &problem, QWidget *field) {
    m_problem->setText(problem);
    m_problem->show();
    field->setFocus();
}
