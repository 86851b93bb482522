#pragma once

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;

// A dialog of fields whose OK checks them first (Add Instance, Connect to HAProxy): the form, a
// line under it that says what is wrong, and OK/Cancel. A subclass adds its rows to form() and
// overrides accept(): it calls refuse() with the problem and the field to fix, which keeps the
// dialog open, or QDialog::accept(). Editing the field named by hideProblemWhenEdited() takes a
// stale complaint away.
class CheckedFormDialog : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckedFormDialog)

public:
    // What is wrong with the input, after a refused OK; empty otherwise.
    QString problem() const;

protected:
    explicit CheckedFormDialog(QWidget *parent = nullptr);

    QFormLayout *form() const { return m_form; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    void hideProblemWhenEdited(QLineEdit *field);
    // Shows problem under the fields and puts the focus on field.
    void refuse(const QString &problem, QWidget *field);

private:
    QFormLayout *m_form;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};
