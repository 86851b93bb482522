#include "dialogs/connecthaproxydialog.h"

#include "export/haproxyconfigwriter.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

ConnectHaproxyDialog::ConnectHaproxyDialog(QWidget *parent)
    : CheckedFormDialog(parent)
    , m_addressEdit(new QLineEdit)
    , m_logPortBox(new QSpinBox) {
    setWindowTitle(tr("Connect to HAProxy"));
    m_addressEdit->setPlaceholderText(QStringLiteral("/run/haproxy/admin.sock"));
    m_addressEdit->setToolTip(tr("HAProxy's runtime API (its stats socket at level admin): a unix "
                                 "socket path, or HOST:PORT"));
    m_logPortBox->setRange(1, 65535);
    m_logPortBox->setValue(HaproxyConfigWriter::haproxyLogPort);
    m_logPortBox->setToolTip(tr("The UDP port on 127.0.0.1 that HAProxy sends its access log to "
                                "(%1 in an exported haproxy.cfg)")
                                 .arg(HaproxyConfigWriter::haproxyLogPort));

    form()->addRow(tr("&Runtime API:"), m_addressEdit);
    form()->addRow(tr("&Log port (UDP):"), m_logPortBox);
    buttons()->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    hideProblemWhenEdited(m_addressEdit);
}

quint16 ConnectHaproxyDialog::logPort() const {
    return quint16(m_logPortBox->value());
}

void ConnectHaproxyDialog::accept() {
    const QString text = m_addressEdit->text().trimmed();
    if (text.isEmpty()) {
        refuse(tr("Enter the runtime API's address: a unix socket path such as "
                  "/run/haproxy/admin.sock, or HOST:PORT such as 127.0.0.1:9999."),
               m_addressEdit);
        return;
    }
    QString error;
    const std::optional<RuntimeApiAddress> address = RuntimeApiAddress::parse(text, &error);
    if (!address) {
        refuse(tr("Runtime API: %1").arg(error), m_addressEdit);
        return;
    }
    m_address = *address;
    QDialog::accept();
}
