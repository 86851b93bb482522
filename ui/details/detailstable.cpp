#include "details/detailstable.h"

#include "common/statuscolors.h"

DetailsTable::DetailsTable(const QPalette &palette)
    : m_muted(mutedTextColor(palette).name()) {}

void DetailsTable::section(const QString &title) {
    m_html += QStringLiteral("<tr><td colspan=2 style='padding-top:8px'><b>%1</b></td></tr>")
                  .arg(title.toHtmlEscaped());
}

void DetailsTable::note(const QString &text) {
    m_html += QStringLiteral("<tr><td colspan=2 style='color:%1'><i>%2</i></td></tr>")
                  .arg(m_muted, text.toHtmlEscaped());
}

void DetailsTable::row(const QString &label, const QString &value) {
    m_html += QStringLiteral("<tr><td style='color:%1; padding-right:12px'>%2</td>"
                             "<td>%3</td></tr>")
                  .arg(m_muted, label.toHtmlEscaped(), value);
}

QString DetailsTable::html() const {
    return QStringLiteral("<table cellspacing=0 cellpadding=1>") + m_html +
           QStringLiteral("</table>");
}
