#pragma once

#include "model/requestrecord.h"

#include <QTextBrowser>
#include <optional>

class InstanceColors;

// Everything known about one finished exchange: request, routing decision with the balancer's
// reason, upstream target, response, timings and every attempt. Read-only, selectable text.
class RequestDetailsView final : public QTextBrowser {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestDetailsView)

public:
    explicit RequestDetailsView(InstanceColors &colors, QWidget *parent = nullptr);

    void showRecord(const RequestRecord &record);
    void clearRecord();
    // The id of the record shown, 0 when none.
    quint64 shownRecordId() const { return m_shownId; }

protected:
    void changeEvent(QEvent *event) override;

private:
    QString html(const RequestRecord &record);

    InstanceColors &m_colors;
    std::optional<RequestRecord> m_record; // kept to redraw in the new colours on a palette change
    quint64 m_shownId = 0;
};
