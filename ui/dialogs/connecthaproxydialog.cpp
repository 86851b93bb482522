#include "dialogs/connecthaproxydialog.h"

#include "common/statuscolors.h"

#include "export/haproxyconfigwriter.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

ConnectHaproxyDialog::ConnectHaproxyDialog(QWidget *parent)
    : QDialog(parent)
    , m_addressEdit(new QLineEdit)
    , m_logPortBox(new QSpinBox)
    , m_problem(new QLabel) {
    setWindowTitle(tr("Connect to HAProxy"));
    m_addressEdit->setPlaceholderText(QStringLiteral("/run/haproxy/admin.sock"));
    m_addressEdit->setToolTip(tr("HAProxy's runtime API (its stats socket at level admin): a unix "
                                 "socket path, or HOST:PORT"));
    m_logPortBox->setRange(1, 65535);
    m_logPortBox->setValue(HaproxyConfigWriter::haproxyLogPort);
    m_logPortBox->setToolTip(tr("The UDP port on 127.0.0.1 that HAProxy sends its access log to "
                                "(%1 in an exported haproxy.cfg)")
                                 .arg(HaproxyConfigWriter::haproxyLogPort));

    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette problemPalette = m_problem->palette();
    problemPalette.setColor(QPalette::WindowText, statusColor(500, problemPalette));
    m_problem->setPalette(problemPalette);
    m_problem->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Runtime API:"), m_addressEdit);
    form->addRow(tr("&Log port (UDP):"), m_logPortBox);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectHaproxyDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_addressEdit, &QLineEdit::textEdited, m_problem, &QWidget::hide);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('m')) * 40);
}

quint16 ConnectHaproxyDialog::logPort() const {
    return quint16(m_logPortBox->value());
}

QString ConnectHaproxyDialog::problem() const {
    return m_problem->isHidden() ? QString() : m_problem->text();
}

void ConnectHaproxyDialog::accept() {
    const QString text = m_addressEdit->text().trimmed();
    if (text.isEmpty()) {
        m_problem->setText(tr("Enter the runtime API's address: a unix socket path such as "
                              "/run/haproxy/admin.sock, or HOST:PORT such as 127.0.0.1:9999."));
        m_problem->show();
        m_addressEdit->setFocus();
        return;
    }
    QString error;
    const std::optional<RuntimeApiAddress> address = RuntimeApiAddress::parse(text, &error);
    if (!address) {
        m_problem->setText(tr("Runtime API: %1").arg(error));
        m_problem->show();
        m_addressEdit->setFocus();
        return;
    }
    m_address = *address;
    QDialog::accept();
}
