#pragma once

#include "model/requestrecord.h"

#include <QWidget>
#include <optional>

class BodyView;
class CaptureLog;
class CapturedExchange;
class HeadersView;
class QLabel;
class QTabWidget;
class RequestDetailsView;

// The pane beside the log: the summary (RequestDetailsView: routing, reason, timings, attempts;
// or the instance picked in the tree) and, for a request, its captured Headers, Request body and
// Response body (README, "Inspecting traffic"). A request sent again by Replay or Edit and Resend
// carries X-Gateway-Replay-Of: its pane says "Replay of #ID" above the tabs, a link to the
// original row.
//
// The exchange is looked up in the CaptureLog of the log shown (the live one, or a HAR file's);
// a row whose exchange is not there says why in each tab.
class DetailsPane final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsPane)

public:
    enum Tab { SummaryTab, HeadersTab, RequestBodyTab, ResponseBodyTab };

    DetailsPane(RequestDetailsView &summary, QWidget *parent = nullptr);

    // Where exchanges are looked up; the pane redraws when it changes (a capture arriving after
    // its record was picked).
    void setCaptureLog(const CaptureLog &captures);

    void showRecord(const RequestRecord &record);
    // A record no longer shown, or an instance shown instead: the capture tabs go blank.
    void clearRecord();

    QTabWidget *tabs() const { return m_tabs; }
    HeadersView *headersView() const { return m_headers; }
    BodyView *requestBodyView() const { return m_requestBody; }
    BodyView *responseBodyView() const { return m_responseBody; }
    QLabel *replayLabel() const { return m_replayOf; }

Q_SIGNALS:
    // The "Replay of #ID" link was clicked.
    void replayOriginActivated(quint64 recordId);

private:
    void refresh();
    void showExchange(const CapturedExchange &exchange);

    QLabel *m_replayOf;
    QTabWidget *m_tabs;
    HeadersView *m_headers;
    BodyView *m_requestBody;
    BodyView *m_responseBody;
    const CaptureLog *m_captures = nullptr;
    QMetaObject::Connection m_capturesChanged;
    std::optional<RequestRecord> m_record;
    bool m_shownCaptured = false; // the record's exchange was found and is shown
};
