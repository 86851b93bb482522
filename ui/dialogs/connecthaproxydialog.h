#pragma once

#include "dialogs/checkedformdialog.h"
#include "haproxy/runtimeapiaddress.h"

class QLineEdit;
class QSpinBox;

// File → Connect to HAProxy…: asks where HAProxy's runtime API listens (a unix socket path or
// HOST:PORT, checked by RuntimeApiAddress::parse, as --haproxy is) and the UDP port on
// 127.0.0.1 its log arrives on (the exported haproxy.cfg's, by default). OK with invalid input
// keeps the dialog open and says what is wrong under the fields (CheckedFormDialog).
class ConnectHaproxyDialog final : public CheckedFormDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectHaproxyDialog)

public:
    explicit ConnectHaproxyDialog(QWidget *parent = nullptr);

    // Valid once the dialog was accepted.
    RuntimeApiAddress address() const { return m_address; }
    quint16 logPort() const;

    // The fields, for tests.
    QLineEdit *addressEdit() const { return m_addressEdit; }
    QSpinBox *logPortBox() const { return m_logPortBox; }

    void accept() override;

private:
    QLineEdit *m_addressEdit;
    QSpinBox *m_logPortBox;
    RuntimeApiAddress m_address;
};
