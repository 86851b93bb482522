#pragma once

#include "inspect/curlcommand.h"
#include "model/requestrecord.h"

#include <QObject>
#include <QStringList>
#include <optional>

class CaptureLog;
class CapturedExchange;
class QAction;
class QMenu;
class QWidget;
class CapturedHead;

// What the log offers for the request picked in it (README, "Inspecting traffic"), in its
// context menu and the Log menu: Copy as curl (through the gateway or straight to the
// instance), Copy URL, Copy as raw HTTP (request or response), Replay, Edit and Resend, and
// Filter by its route, instance or status (the filter box's terms).
//
// Copies are masked (HeaderMask): a pasted command or request carries no credential.
// Replay and Edit and Resend send the real values: they go where the original went, from the
// same machine. A request sent again from the live log carries X-Gateway-Replay-Of
// (replayrequest.h), a link back to its original; one sent from an opened HAR file's row does
// not: the row's id is the file's, and the link would pick the live row that has it.
class ExchangeActions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExchangeActions)

public:
    // dialogParent: the window the Edit and Resend dialog belongs to.
    explicit ExchangeActions(QWidget &dialogParent, QObject *parent = nullptr);

    // Where the log's rows come from: the running gateway, or an opened HAR file.
    enum class RowsFrom { LiveLog, File };
    // The log the picked row is in, and so where its exchange is looked up.
    void setCaptureLog(const CaptureLog &captures, RowsFrom rowsFrom);
    // "http://127.0.0.1:8080"; empty while the gateway is not listening.
    void setGatewayOrigin(const QString &origin);
    // The instances Edit and Resend offers besides the gateway.
    void setInstanceUrls(const QStringList &urls) { m_instanceUrls = urls; }
    // The row picked (nullopt: none); the actions follow it.
    void setRecord(const std::optional<RequestRecord> &record);

    void addTo(QMenu &menu) const;
    // Every action, for the window's shortcuts.
    QList<QAction *> actions() const;

    QAction *copyCurlAction() const { return m_copyCurl; }
    QAction *copyCurlToInstanceAction() const { return m_copyCurlToInstance; }
    QAction *copyUrlAction() const { return m_copyUrl; }
    QAction *copyRawRequestAction() const { return m_copyRawRequest; }
    QAction *copyRawResponseAction() const { return m_copyRawResponse; }
    QAction *replayAction() const { return m_replay; }
    QAction *editAndResendAction() const { return m_editAndResend; }
    QAction *filterByRouteAction() const { return m_filterByRoute; }
    QAction *filterByInstanceAction() const { return m_filterByInstance; }
    QAction *filterByStatusAction() const { return m_filterByStatus; }

    // Sends head and body to destination (the gateway or an instance) as the original's (its id
    // in the messages, and in the link back when the original is in the live log); what Replay
    // and the dialog's Send do. The answer is a message().
    void send(const CapturedHead &head, const QByteArray &body, const QUrl &destination,
              quint64 originalId);

Q_SIGNALS:
    // Terms for the log's filter box.
    void filterRequested(const QString &terms);
    // A sentence for the status bar: what was copied or sent, and how it went.
    void message(const QString &text);
    // A replay or resend could not be sent or got no response.
    void sendFailed(const QString &text);

private:
    std::optional<CapturedExchange> exchange() const;
    void updateEnabled();
    void copy(const QByteArray &text, const QString &what);
    void copyCurl(CurlCommand::Destination destination);
    void replay();
    void editAndResend();

    QWidget &m_dialogParent;
    const CaptureLog *m_captures = nullptr;
    RowsFrom m_rowsFrom = RowsFrom::LiveLog;
    QString m_gatewayOrigin;
    QStringList m_instanceUrls;
    std::optional<RequestRecord> m_record;
    QAction *m_copyCurl;
    QAction *m_copyCurlToInstance;
    QAction *m_copyUrl;
    QAction *m_copyRawRequest;
    QAction *m_copyRawResponse;
    QAction *m_replay;
    QAction *m_editAndResend;
    QAction *m_filterByRoute;
    QAction *m_filterByInstance;
    QAction *m_filterByStatus;
};
