#pragma once

#include "inspect/headermask.h"
#include "model/capturedexchange.h"

#include <QWidget>
#include <optional>

class QCheckBox;
class QTextBrowser;

// The Headers tab of the details pane (README, "Inspecting traffic"): the request as the client
// sent it and as the gateway sent it upstream, then the response as the instance sent it and as
// the client got it, each a start line and its fields in order. A field only one side of a pair
// has is marked: added by the gateway (Via, X-Forwarded-For) or removed (hop-by-hop fields).
//
// Credentials are masked (HeaderMask) until "Show secrets" is ticked; the choice is the pane's,
// so that a screenshot taken later does not show them by surprise: every exchange shown after
// it starts masked again. The text is selectable for copying any part.
class HeadersView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadersView)

public:
    explicit HeadersView(QWidget *parent = nullptr);

    // mask names what to hide; whether secrets show is the check box's.
    void showExchange(const CapturedExchange &exchange, const HeaderMask &mask);
    void showNothing(const QString &why);

    QCheckBox *revealBox() const { return m_reveal; }
    QTextBrowser *browser() const { return m_browser; }
    // Whether the values are shown as they are (the box is ticked).
    bool secretsShown() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QCheckBox *m_reveal;
    QTextBrowser *m_browser;
    std::optional<CapturedExchange> m_exchange;
    HeaderMask m_mask;
};
