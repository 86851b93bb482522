#include "details/detailspane.h"

#include "balancers/haproxyfeaturetext.h"
#include "details/requestdetailsview.h"
#include "inspector/bodyview.h"
#include "inspector/capturelog.h"
#include "inspector/headersview.h"
#include "inspector/replayrequest.h"

#include <QLabel>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

DetailsPane::DetailsPane(RequestDetailsView &summary, QWidget *parent)
    : QWidget(parent)
    , m_replayOf(new QLabel)
    , m_tabs(new QTabWidget)
    , m_headers(new HeadersView)
    , m_requestBody(new BodyView)
    , m_responseBody(new BodyView) {
    m_replayOf->setTextFormat(Qt::RichText);
    m_replayOf->hide();
    connect(m_replayOf, &QLabel::linkActivated, this, [this](const QString &link) {
        Q_EMIT replayOriginActivated(link.section(QLatin1Char(':'), 1).toULongLong());
    });
    m_tabs->setDocumentMode(true);
    // Short names, as DevTools and mitmproxy have them, with the full name in the tooltip; the
    // tab bar neither scrolls nor elides, so that its width is the pane's minimum and the
    // splitter leaves every name readable, even in the smallest window.
    m_tabs->tabBar()->setUsesScrollButtons(false);
    m_tabs->tabBar()->setElideMode(Qt::ElideNone);
    m_tabs->addTab(&summary, tr("Summary"));
    m_tabs->setTabToolTip(SummaryTab, tr("Summary: route, instance, reason, timings, attempts"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->setTabToolTip(HeadersTab,
                          tr("Headers: as the client sent them, as the gateway forwarded them, "
                             "and the same for the response"));
    m_tabs->addTab(m_requestBody, tr("Request", "details tab"));
    m_tabs->setTabToolTip(RequestBodyTab, tr("Request Body"));
    m_tabs->addTab(m_responseBody, tr("Response", "details tab"));
    m_tabs->setTabToolTip(ResponseBodyTab, tr("Response Body"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_replayOf);
    layout->addWidget(m_tabs, 1);
    clearRecord();
}

void DetailsPane::setCaptureLog(const CaptureLog &captures) {
    disconnect(m_capturesChanged);
    m_captures = &captures;
    m_capturesChanged = connect(&captures, &CaptureLog::changed, this, [this] {
        if (m_record && !m_shownCaptured)
            refresh();
    });
    refresh();
}

void DetailsPane::showRecord(const RequestRecord &record) {
    m_record = record;
    refresh();
}

void DetailsPane::clearRecord() {
    m_record.reset();
    m_shownCaptured = false;
    m_replayOf->hide();
    const QString none = tr("Select a request in the log to see what it carried.");
    m_headers->showNothing(none);
    m_requestBody->showNothing(none);
    m_responseBody->showNothing(none);
    for (int tab : {HeadersTab, RequestBodyTab, ResponseBodyTab})
        m_tabs->setTabEnabled(tab, false);
}

void DetailsPane::refresh() {
    if (!m_record)
        return;
    for (int tab : {HeadersTab, RequestBodyTab, ResponseBodyTab})
        m_tabs->setTabEnabled(tab, true);
    const std::optional<CapturedExchange> exchange =
        m_captures ? m_captures->find(*m_record) : std::nullopt;
    m_shownCaptured = exchange.has_value();
    if (exchange) {
        showExchange(*exchange);
        return;
    }
    m_replayOf->hide();
    const QString why =
        m_record->source == RecordSource::HaproxyLog
            ? HaproxyFeatureText::reason(HaproxySession::Feature::TrafficInspector)
            : tr("Not captured: capture was off (Log → Capture Traffic) when this request ran, "
                 "or it was dropped to stay within the capture's memory (capture.memory).");
    m_headers->showNothing(why);
    m_requestBody->showNothing(why);
    m_responseBody->showNothing(why);
}

void DetailsPane::showExchange(const CapturedExchange &exchange) {
    const std::optional<quint64> original = replayOriginOf(exchange.requestReceived());
    m_replayOf->setVisible(original.has_value());
    if (original)
        m_replayOf->setText(
            tr("Sent again from the window: <a href='record:%1'>replay of #%1</a>").arg(*original));
    m_headers->showExchange(exchange, m_captures->mask(HeaderMask::Secrets::Masked));
    // The request body crossed unchanged; its Content-Type is the client's.
    m_requestBody->showBody(exchange.requestReceived(), exchange.requestBody());
    // The body is the client's bytes; the head the client got names their coding (the gateway's
    // own response has no other).
    m_responseBody->showBody(exchange.responseSent(), exchange.responseBody());
}
