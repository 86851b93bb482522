#pragma once

#include <QPalette>
#include <QString>

// The details pane's two-column HTML table, one section after another: labels muted, values as
// given (HTML, escaped by the caller).
class DetailsTable {
public:
    explicit DetailsTable(const QPalette &palette);

    void section(const QString &title);
    // A muted line across both columns, e.g. why the record shown is not in the log.
    void note(const QString &text);
    // value is HTML.
    void row(const QString &label, const QString &value);
    QString html() const;

private:
    QString m_muted;
    QString m_html;
};
