#pragma once

#include "dialogs/checkedformdialog.h"

#include <QUrl>

class QLineEdit;
class QSpinBox;

// Asks for a new instance of a route: URL (required, http://host[:port][/path], checked by the
// same parser as the config file's targets), weight 1..weightLimit (default 1) and an optional
// name. weightLimit is the balancer's (LiveBalancer::weightLimit(): the gateway's 1000, HAProxy's
// 256), so that the box never offers a weight the balancer refuses. OK with invalid input keeps
// the dialog open and says what is wrong under the fields (CheckedFormDialog).
class AddInstanceDialog final : public CheckedFormDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddInstanceDialog)

public:
    AddInstanceDialog(const QString &routeId, int weightLimit, QWidget *parent = nullptr);

    // Valid once the dialog was accepted.
    QUrl url() const { return m_url; }
    int weight() const;
    // Empty when the user left it empty (the gateway then names it host:port).
    QString name() const;

    // The fields, for tests.
    QLineEdit *urlEdit() const { return m_urlEdit; }
    QSpinBox *weightBox() const { return m_weightBox; }
    QLineEdit *nameEdit() const { return m_nameEdit; }

    void accept() override;

private:
    QLineEdit *m_urlEdit;
    QSpinBox *m_weightBox;
    QLineEdit *m_nameEdit;
    QUrl m_url;
};
