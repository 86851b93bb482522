#include "inspector/headersview.h"

#include "common/statuscolors.h"

#include <QCheckBox>
#include <QEvent>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace {
enum class FieldMark { Same, Added, Removed };

QString startLine(const CapturedHead &head) {
    const QString version = QString::fromLatin1(head.versionText());
    if (head.status() != 0)
        return QStringLiteral("%1 %2 %3")
            .arg(version, QString::number(head.status()), QString::fromLatin1(head.reason()));
    return QStringLiteral("%1 %2 %3")
        .arg(QString::fromLatin1(head.method()), QString::fromUtf8(head.target()), version);
}

// Whether other has a field with this name and value (names compared case-insensitively).
bool hasField(const CapturedHead &other, const CapturedHead::Field &field) {
    for (const CapturedHead::Field candidate : other.fields()) {
        if (candidate.value == field.value &&
            candidate.name.compare(field.name, Qt::CaseInsensitive) == 0) {
            return true;
        }
    }
    return false;
}
} // namespace

HeadersView::HeadersView(QWidget *parent)
    : QWidget(parent)
    , m_reveal(new QCheckBox(tr("Show secrets")))
    , m_browser(new QTextBrowser) {
    m_reveal->setToolTip(tr("Show the values of Authorization, Cookie, Set-Cookie and the "
                            "config's capture.mask_headers instead of [masked]"));
    connect(m_reveal, &QCheckBox::toggled, this, &HeadersView::render);
    m_browser->setOpenLinks(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_reveal);
    layout->addWidget(m_browser, 1);
}

bool HeadersView::secretsShown() const {
    return m_reveal->isChecked();
}

void HeadersView::showExchange(const CapturedExchange &exchange, const HeaderMask &mask) {
    const bool sameExchange = m_exchange && m_exchange->id() == exchange.id() &&
                              m_exchange->record().startedAtMs == exchange.record().startedAtMs;
    m_exchange = exchange;
    m_mask = mask;
    if (!sameExchange && m_reveal->isChecked()) {
        m_reveal->setChecked(false); // renders
        return;
    }
    render();
}

void HeadersView::showNothing(const QString &why) {
    m_exchange.reset();
    m_reveal->setEnabled(false);
    m_browser->setPlainText(why);
}

void HeadersView::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        render();
}

void HeadersView::render() {
    if (!m_exchange)
        return;
    m_reveal->setEnabled(true);
    const bool reveal = m_reveal->isChecked();
    const QString muted = mutedTextColor(palette()).name();
    // Green and red as the rest of the window has them, for light and dark themes.
    const QString added = healthColor(Health::Up, palette()).name();
    const QString removed = healthColor(Health::Down, palette()).name();
    QString html;

    auto headHtml = [&](const QString &title, const CapturedHead &head, const CapturedHead *other,
                        FieldMark unmatched, const QString &absent) {
        html +=
            QStringLiteral("<p style='margin-top:8px'><b>%1</b></p>").arg(title.toHtmlEscaped());
        if (!head.isPresent()) {
            html += QStringLiteral("<p style='color:%1'><i>%2</i></p>")
                        .arg(muted, absent.toHtmlEscaped());
            return;
        }
        html += QStringLiteral("<pre style='margin:0'>%1").arg(startLine(head).toHtmlEscaped());
        for (const CapturedHead::Field field : head.fields()) {
            const FieldMark mark = other && other->isPresent() && !hasField(*other, field)
                                       ? unmatched
                                       : FieldMark::Same;
            const QByteArrayView value =
                reveal ? field.value : m_mask.shown(field.name, field.value);
            const QString line = QStringLiteral("%1: %2").arg(QString::fromLatin1(field.name),
                                                              QString::fromUtf8(value));
            switch (mark) {
            case FieldMark::Same:
                html += QLatin1Char('\n') + line.toHtmlEscaped();
                break;
            case FieldMark::Added:
                html += QStringLiteral("\n<span style='color:%1'>+ %2</span>")
                            .arg(added, line.toHtmlEscaped());
                break;
            case FieldMark::Removed:
                html += QStringLiteral("\n<span style='color:%1'><s>%2</s></span>")
                            .arg(removed, line.toHtmlEscaped());
                break;
            }
        }
        html += QStringLiteral("</pre>");
    };

    const CapturedExchange &exchange = *m_exchange;
    html += QStringLiteral("<p style='color:%1'>%2</p>")
                .arg(muted, tr("<span style='color:%1'>+ added by the gateway</span>, "
                               "<span style='color:%2'><s>not passed on</s></span>")
                                .arg(added, removed));
    headHtml(tr("Request from the client"), exchange.requestReceived(), &exchange.requestSent(),
             FieldMark::Removed, tr("(not captured)"));
    headHtml(tr("Request sent to the instance"), exchange.requestSent(),
             &exchange.requestReceived(), FieldMark::Added,
             tr("(never sent upstream: the gateway answered itself)"));
    headHtml(tr("Response from the instance"), exchange.responseReceived(),
             &exchange.responseSent(), FieldMark::Removed, tr("(no response from an instance)"));
    headHtml(tr("Response sent to the client"), exchange.responseSent(),
             &exchange.responseReceived(), FieldMark::Added, tr("(no response was sent)"));
    m_browser->setHtml(html);
}
