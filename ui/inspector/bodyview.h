#pragma once

#include "model/capturedmessage.h"

#include <QImage>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QScrollArea;
class QStackedWidget;
class QToolButton;

// One captured body in the details pane (README, "Inspecting traffic", bodies): a line saying
// what it is (kind, size, "decoded from gzip", "truncated at N of M bytes", "evicted", "not
// captured"), then the body by kind (bodydisplay.h): JSON and forms pretty-printed, text in its
// charset, images previewed, anything else as a hex dump. gzip and deflate are undone for
// display, at most displayLimit bytes of output.
//
// The text is selectable; Copy copies all of it (the image, for an image). Ctrl+F in the tab
// opens a search line: Enter finds the next match, Shift+Enter the previous one, Escape closes
// it. The body's own Ctrl+F wins over the log's filter shortcut while focus is in the tab.
class BodyView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BodyView)

public:
    // What a decoded body may grow to for display, and how much of a binary one is dumped.
    static constexpr qint64 displayLimit = qint64(8) << 20;
    static constexpr qsizetype hexDumpLimit = 64 << 10;

    explicit BodyView(QWidget *parent = nullptr);

    // head gives Content-Type and Content-Encoding; the bytes are as captured (coding kept).
    void showBody(const CapturedHead &head, const CapturedBody &body);
    // No body to show, with why ("Not captured: …"); shown in the info line.
    void showNothing(const QString &why);

    // What the info line says, and the text shown (empty for an image), for the tests.
    QString infoText() const;
    QString shownText() const;
    bool isShowingImage() const;
    QImage shownImage() const { return m_image; }
    QLineEdit *searchEdit() const { return m_searchEdit; }
    QToolButton *copyButton() const { return m_copy; }
    // Selects the next (or previous) match of the search text; false when there is none.
    bool findNext(bool backwards = false);

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void showText(const QString &text);
    void openSearch();
    void copyAll();

    QLabel *m_info;
    QToolButton *m_copy;
    QToolButton *m_find;
    QWidget *m_searchBar;
    QLineEdit *m_searchEdit;
    QLabel *m_searchResult;
    QStackedWidget *m_stack;
    QPlainTextEdit *m_text;
    QScrollArea *m_imageArea;
    QLabel *m_imageLabel;
    QImage m_image; // null unless an image is shown
};
