#pragma once

#include "model/requestrecord.h"

#include <QString>

#include <QTextBrowser>
#include <optional>

class InstanceColors;
struct GatewaySnapshot;

// The details pane. Everything known about one finished exchange: request, routing decision
// with the balancer's reason, upstream target, response, timings and every attempt. Or, when an
// instance was selected in the routes tree last, that instance: why it is up or down, its admin
// state and weight, its traffic (instanceDetailsHtml()), kept current by applySnapshot().
// Read-only, selectable text.
class RequestDetailsView final : public QTextBrowser {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestDetailsView)

public:
    explicit RequestDetailsView(InstanceColors &colors, QWidget *parent = nullptr);

    void showRecord(const RequestRecord &record);
    // Clears a record shown (not an instance).
    void clearRecord();
    // The id of the record shown, 0 when none.
    quint64 shownRecordId() const { return m_shownId; }
    // Keeps the record shown, with a line on top saying why the log no longer shows it.
    void noteRecordHidden(quint64 recordId, const QString &why);

    // Shows the instance backendId of routeId as snapshot has it (nothing if it has none).
    void showInstance(const QString &routeId, quint64 backendId, const GatewaySnapshot &snapshot);
    // Clears an instance shown (not a record).
    void clearInstance();
    // The instance shown, 0 when none.
    quint64 shownInstanceId() const { return m_instanceId; }
    // Redraws the instance shown from a newer snapshot; a record shown stays as it is.
    void applySnapshot(const GatewaySnapshot &snapshot);

protected:
    void changeEvent(QEvent *event) override;

private:
    QString html(const RequestRecord &record);
    // Replaces the text only when it changed, so that a snapshot does not reset the scroll.
    void setHtmlIfChanged(const QString &html);

    InstanceColors &m_colors;
    std::optional<RequestRecord> m_record; // kept to redraw in the new colours on a palette change
    quint64 m_shownId = 0;
    QString m_hiddenNote; // why the log no longer shows m_record; empty while it does
    QString m_instanceRouteId;
    quint64 m_instanceId = 0;
    QString m_shownHtml;
};
