#include "dialogs/resenddialog.h"

#include "inspect/headermask.h"
#include "model/capturedheadbuilder.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QUtf8StringView>

ResendDialog::ResendDialog(const CapturedExchange &exchange, const HeaderMask &mask,
                           const QString &gatewayOrigin, const QStringList &instanceUrls,
                           QWidget *parent)
    : QDialog(parent)
    , m_exchange(exchange)
    , m_method(new QLineEdit(QString::fromLatin1(exchange.requestReceived().method())))
    , m_target(new QLineEdit(QString::fromUtf8(exchange.requestReceived().target())))
    , m_headers(new QPlainTextEdit)
    , m_body(new QPlainTextEdit)
    , m_destination(new QComboBox) {
    setWindowTitle(tr("Edit and Resend #%1").arg(exchange.id()));
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QStringList lines;
    for (const CapturedHead::Field field : exchange.requestReceived().fields())
        lines << QString::fromLatin1(field.name) + QStringLiteral(": ") +
                     QString::fromUtf8(mask.shown(field.name, field.value));
    m_headers->setPlainText(lines.join(QLatin1Char('\n')));
    m_headers->setFont(fixed);
    m_headers->setLineWrapMode(QPlainTextEdit::NoWrap);

    const CapturedBody &body = exchange.requestBody();
    m_body->setFont(fixed);
    auto *bodyNote = new QLabel;
    bodyNote->setWordWrap(true);
    if (body.isTruncated()) {
        bodyNote->setText(tr("Only %L1 of the body's %L2 bytes were kept: what is here is sent.")
                              .arg(body.bytes.size())
                              .arg(body.wholeSize));
    }
    if (QUtf8StringView(body.bytes).isValidUtf8() && !body.bytes.contains('\0')) {
        m_body->setPlainText(QString::fromUtf8(body.bytes));
    } else {
        m_bodyEditable = false;
        m_binaryBody = body.bytes;
        m_body->setPlainText(
            tr("(%L1 bytes of binary data, sent as captured)").arg(body.bytes.size()));
        m_body->setReadOnly(true);
    }
    bodyNote->setVisible(!bodyNote->text().isEmpty());

    m_destination->addItem(tr("Through the gateway (%1)").arg(gatewayOrigin), gatewayOrigin);
    for (const QString &url : instanceUrls)
        m_destination->addItem(tr("Straight to the instance %1").arg(url), url);

    // An instance gets the path the gateway sent it (the route prefix stripped) and the Host the
    // gateway would give it (its authority, as the proxy writes it); the gateway gets the client's
    // of both. A target or Host the user changed stays as it is.
    m_hostShown = receivedHost();
    connect(m_destination, &QComboBox::currentIndexChanged, this, [this](int index) {
        replaceShownHost(index == 0 ? receivedHost() : destination().authority());
        const QString received = QString::fromUtf8(m_exchange.requestReceived().target());
        const QString sent = QString::fromUtf8(m_exchange.requestSent().target());
        if (!m_exchange.requestSent().isPresent())
            return;
        if (index == 0 && m_target->text() == sent)
            m_target->setText(received);
        else if (index > 0 && m_target->text() == received)
            m_target->setText(sent);
    });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    buttons->addButton(tr("Send"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout(this);
    form->addRow(tr("Method"), m_method);
    form->addRow(tr("Target"), m_target);
    form->addRow(tr("Header fields"), m_headers);
    form->addRow(new QLabel(tr("Fields left as [masked] are sent with their captured values; "
                               "Content-Length is computed.")));
    form->addRow(tr("Body"), m_body);
    form->addRow(bodyNote);
    form->addRow(tr("Send to"), m_destination);
    form->addRow(buttons);
    resize(640, 520);
}

CapturedHead ResendDialog::editedHead() const {
    const CapturedHead &received = m_exchange.requestReceived();
    CapturedHeadBuilder head;
    head.requestLine(m_method->text().trimmed().toLatin1(), m_target->text().trimmed().toUtf8(), 1,
                     received.versionMinor());
    // A masked value is matched to the captured field of that name, in order.
    QList<CapturedHead::Field> captured;
    for (const CapturedHead::Field field : received.fields())
        captured.append(field);
    const QStringList lines = m_headers->toPlainText().split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLatin1();
        const QByteArray edited = line.mid(colon + 1).trimmed().toUtf8();
        QByteArrayView value = edited;
        if (value == HeaderMask::maskedValue) {
            for (qsizetype i = 0; i < captured.size(); ++i) {
                if (captured[i].name.compare(name, Qt::CaseInsensitive) == 0) {
                    value = captured.takeAt(i).value;
                    break;
                }
            }
        }
        head.field(name, value);
    }
    return head.build();
}

QString ResendDialog::receivedHost() const {
    return QString::fromUtf8(m_exchange.requestReceived().value("Host").value_or(QByteArrayView()));
}

void ResendDialog::replaceShownHost(const QString &host) {
    QStringList lines = m_headers->toPlainText().split(QLatin1Char('\n'));
    for (QString &line : lines) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0 ||
            line.left(colon).trimmed().compare(QLatin1String("Host"), Qt::CaseInsensitive) != 0)
            continue;
        if (line.mid(colon + 1).trimmed() != m_hostShown)
            return; // the user's own Host
        line = line.left(colon + 1) + QLatin1Char(' ') + host;
        m_headers->setPlainText(lines.join(QLatin1Char('\n')));
        m_hostShown = host;
        return;
    }
}

QByteArray ResendDialog::editedBody() const {
    return m_bodyEditable ? m_body->toPlainText().toUtf8() : m_binaryBody;
}

QUrl ResendDialog::destination() const {
    return QUrl(m_destination->currentData().toString());
}
