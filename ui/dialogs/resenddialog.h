#pragma once

#include "inspect/headermask.h"
#include "model/capturedexchange.h"

#include <QDialog>
#include <QUrl>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;

// Edit and Resend (README, "Inspecting traffic"): a captured request's method, target, header
// fields (one "Name: value" a line) and body, to change and send again, through the gateway or
// straight to a chosen instance. Fields shown as [masked] are sent with their captured values,
// so that the dialog shows no credential and a replay still carries it.
class ResendDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResendDialog)

public:
    // gatewayOrigin: "http://127.0.0.1:8080"; instanceUrls: where else it may go.
    ResendDialog(const CapturedExchange &exchange, const HeaderMask &mask,
                 const QString &gatewayOrigin, const QStringList &instanceUrls,
                 QWidget *parent = nullptr);

    // The request as edited, masked values restored. Invalid head lines are left out.
    CapturedHead editedHead() const;
    QByteArray editedBody() const;
    // Where to send it: the gateway's origin or an instance's.
    QUrl destination() const;

    QLineEdit *methodEdit() const { return m_method; }
    QLineEdit *targetEdit() const { return m_target; }
    QPlainTextEdit *headersEdit() const { return m_headers; }
    QPlainTextEdit *bodyEdit() const { return m_body; }
    QComboBox *destinationBox() const { return m_destination; }

private:
    QString receivedHost() const;
    // Puts host in the Host field if it still holds what the dialog last put there.
    void replaceShownHost(const QString &host);

    const CapturedExchange m_exchange;
    QString m_hostShown;     // the Host value the dialog put in the fields
    QByteArray m_binaryBody; // sent as captured: a body that is not UTF-8 text is not editable
    bool m_bodyEditable = true;
    QLineEdit *m_method;
    QLineEdit *m_target;
    QPlainTextEdit *m_headers;
    QPlainTextEdit *m_body;
    QComboBox *m_destination;
};
