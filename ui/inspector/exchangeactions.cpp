#include "inspector/exchangeactions.h"

#include "dialogs/resenddialog.h"
#include "inspector/capturelog.h"
#include "inspector/replayrequest.h"
#include "inspector/replaysender.h"
#include "requestlog/requestlogfilter.h"

#include "inspect/rawhttp.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QPointer>

ExchangeActions::ExchangeActions(QWidget &dialogParent, QObject *parent)
    : QObject(parent)
    , m_dialogParent(dialogParent)
    , m_copyCurl(new QAction(tr("Copy as &curl"), this))
    , m_copyCurlToInstance(new QAction(tr("Copy as curl Straight to the &Instance"), this))
    , m_copyUrl(new QAction(tr("Copy &URL"), this))
    , m_copyRawRequest(new QAction(tr("Copy Request as &Raw HTTP"), this))
    , m_copyRawResponse(new QAction(tr("Copy Response as Raw &HTTP"), this))
    , m_replay(new QAction(tr("Re&play"), this))
    , m_editAndResend(new QAction(tr("&Edit and Resend…"), this))
    , m_filterByRoute(new QAction(tr("Filter by This &Route"), this))
    , m_filterByInstance(new QAction(tr("Filter by This I&nstance"), this))
    , m_filterByStatus(new QAction(tr("Filter by This &Status"), this)) {
    m_copyCurl->setShortcut(Qt::CTRL | Qt::ALT | Qt::Key_C);
    m_copyCurl->setToolTip(tr("A curl command that sends the request as the client sent it, "
                              "through the gateway; credentials masked (Ctrl+Alt+C)"));
    m_copyCurlToInstance->setToolTip(
        tr("A curl command that sends the request as the gateway forwarded it, to the instance "
           "that got it; credentials masked"));
    m_copyUrl->setShortcut(Qt::CTRL | Qt::ALT | Qt::Key_U);
    m_copyRawRequest->setShortcut(Qt::CTRL | Qt::ALT | Qt::Key_H);
    m_replay->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_R);
    m_replay->setToolTip(tr("Send the request again through the gateway, as the client sent it "
                            "(Ctrl+Shift+R)"));
    m_editAndResend->setShortcut(Qt::CTRL | Qt::ALT | Qt::Key_R);

    connect(m_copyCurl, &QAction::triggered, this,
            [this] { copyCurl(CurlCommand::Destination::Gateway); });
    connect(m_copyCurlToInstance, &QAction::triggered, this,
            [this] { copyCurl(CurlCommand::Destination::Instance); });
    connect(m_copyUrl, &QAction::triggered, this, [this] {
        if (const std::optional<CapturedExchange> shown = exchange()) {
            const CurlCommand curl(m_gatewayOrigin.toUtf8(), HeaderMask());
            if (const auto url = curl.url(*shown, CurlCommand::Destination::Gateway))
                copy(*url, tr("the URL"));
        }
    });
    connect(m_copyRawRequest, &QAction::triggered, this, [this] {
        if (const std::optional<CapturedExchange> shown = exchange())
            copy(rawHttp(shown->requestReceived(), shown->requestBody(),
                         m_captures->mask(HeaderMask::Secrets::Masked)),
                 tr("the request as raw HTTP"));
    });
    connect(m_copyRawResponse, &QAction::triggered, this, [this] {
        if (const std::optional<CapturedExchange> shown = exchange())
            copy(rawHttp(shown->responseSent(), shown->responseBody(),
                         m_captures->mask(HeaderMask::Secrets::Masked)),
                 tr("the response as raw HTTP"));
    });
    connect(m_replay, &QAction::triggered, this, &ExchangeActions::replay);
    connect(m_editAndResend, &QAction::triggered, this, &ExchangeActions::editAndResend);
    connect(m_filterByRoute, &QAction::triggered, this, [this] {
        if (m_record)
            Q_EMIT filterRequested(QStringLiteral("route:") + m_record->routeId);
    });
    connect(m_filterByInstance, &QAction::triggered, this, [this] {
        if (m_record)
            Q_EMIT filterRequested(
                RequestLogFilter::termsForInstance(m_record->routeId, m_record->backendName));
    });
    connect(m_filterByStatus, &QAction::triggered, this, [this] {
        if (m_record)
            Q_EMIT filterRequested(QStringLiteral("status:%1").arg(m_record->status));
    });
    updateEnabled();
}

void ExchangeActions::setCaptureLog(const CaptureLog &captures, RowsFrom rowsFrom) {
    if (m_captures)
        disconnect(m_captures, nullptr, this, nullptr);
    m_captures = &captures;
    m_rowsFrom = rowsFrom;
    connect(&captures, &CaptureLog::changed, this, &ExchangeActions::updateEnabled);
    updateEnabled();
}

void ExchangeActions::setGatewayOrigin(const QString &origin) {
    m_gatewayOrigin = origin;
    updateEnabled();
}

void ExchangeActions::setRecord(const std::optional<RequestRecord> &record) {
    m_record = record;
    updateEnabled();
}

void ExchangeActions::addTo(QMenu &menu) const {
    menu.addAction(m_copyCurl);
    menu.addAction(m_copyCurlToInstance);
    menu.addAction(m_copyUrl);
    menu.addAction(m_copyRawRequest);
    menu.addAction(m_copyRawResponse);
    menu.addSeparator();
    menu.addAction(m_replay);
    menu.addAction(m_editAndResend);
    menu.addSeparator();
    menu.addAction(m_filterByRoute);
    menu.addAction(m_filterByInstance);
    menu.addAction(m_filterByStatus);
}

QList<QAction *> ExchangeActions::actions() const {
    return {
        m_copyCurl, m_copyCurlToInstance, m_copyUrl,       m_copyRawRequest,   m_copyRawResponse,
        m_replay,   m_editAndResend,      m_filterByRoute, m_filterByInstance, m_filterByStatus};
}

std::optional<CapturedExchange> ExchangeActions::exchange() const {
    if (!m_record || !m_captures)
        return std::nullopt;
    return m_captures->find(*m_record);
}

void ExchangeActions::updateEnabled() {
    const std::optional<CapturedExchange> shown = exchange();
    const bool captured = shown.has_value();
    const bool listening = !m_gatewayOrigin.isEmpty();
    const bool forwarded = captured && shown->requestSent().isPresent();
    m_copyCurl->setEnabled(captured && listening);
    m_copyCurlToInstance->setEnabled(forwarded);
    m_copyUrl->setEnabled(captured && listening);
    m_copyRawRequest->setEnabled(captured);
    m_copyRawResponse->setEnabled(captured && shown->responseSent().isPresent());
    // Replay needs the whole body: one cut at the limit would be sent short.
    m_replay->setEnabled(captured && listening && shown->requestBody().isComplete());
    m_editAndResend->setEnabled(captured && listening);
    m_filterByRoute->setEnabled(m_record && !m_record->routeId.isEmpty());
    m_filterByInstance->setEnabled(m_record && m_record->backendId != 0);
    m_filterByStatus->setEnabled(m_record && m_record->status != 0);
}

void ExchangeActions::copy(const QByteArray &text, const QString &what) {
    QApplication::clipboard()->setText(QString::fromUtf8(text));
    Q_EMIT message(tr("Copied %1 of request #%2").arg(what).arg(m_record->id));
}

void ExchangeActions::copyCurl(CurlCommand::Destination destination) {
    const std::optional<CapturedExchange> shown = exchange();
    if (!shown)
        return;
    const CurlCommand curl(m_gatewayOrigin.toUtf8(), m_captures->mask(HeaderMask::Secrets::Masked));
    if (const auto command = curl.command(*shown, destination))
        copy(*command, tr("a curl command"));
}

void ExchangeActions::replay() {
    const std::optional<CapturedExchange> shown = exchange();
    if (!shown || !m_replay->isEnabled())
        return;
    send(shown->requestReceived(), shown->requestBody().bytes, QUrl(m_gatewayOrigin), shown->id());
}

void ExchangeActions::editAndResend() {
    const std::optional<CapturedExchange> shown = exchange();
    if (!shown || !m_editAndResend->isEnabled())
        return;
    QStringList instances = m_instanceUrls;
    if (!shown->record().backendUrl.isEmpty() &&
        !instances.contains(QString::fromUtf8(shown->record().backendUrl)))
        instances.prepend(QString::fromUtf8(shown->record().backendUrl));
    auto *dialog = new ResendDialog(*shown, m_captures->mask(HeaderMask::Secrets::Masked),
                                    m_gatewayOrigin, instances, &m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const quint64 originalId = shown->id();
    connect(dialog, &QDialog::accepted, this, [this, dialog, originalId] {
        send(dialog->editedHead(), dialog->editedBody(), dialog->destination(), originalId);
    });
    dialog->open();
}

void ExchangeActions::send(const CapturedHead &head, const QByteArray &body,
                           const QUrl &destination, quint64 originalId) {
    auto *sender = new ReplaySender(this);
    const QString where = destination.toString();
    connect(sender, &ReplaySender::finished, this,
            [this, originalId, where](const QByteArray &statusLine) {
                Q_EMIT message(tr("Sent #%1 again to %2: %3")
                                   .arg(originalId)
                                   .arg(where, QString::fromLatin1(statusLine)));
            });
    connect(sender, &ReplaySender::failed, this, [this, originalId, where](const QString &error) {
        const QString text =
            tr("Sending #%1 again to %2 failed: %3").arg(originalId).arg(where, error);
        Q_EMIT message(text);
        Q_EMIT sendFailed(text);
    });
    sender->send(destination.host(), quint16(destination.port(80)),
                 replayRequestBytes(head, body,
                                    m_rowsFrom == RowsFrom::LiveLog
                                        ? std::optional<quint64>(originalId)
                                        : std::nullopt));
    Q_EMIT message(tr("Sending #%1 again to %2…").arg(originalId).arg(where));
}
