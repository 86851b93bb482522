#pragma once

#include <QPersistentModelIndex>
#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QTableView;
class RequestLogFilter;
class RequestLogModel;
struct RequestRecord;

// The live request log: the filter box, Follow and Clear, the row count and the table.
//
// New rows appear on a 250 ms timer, never per batch (RequestLogFilter::NewRows::ShownOnRequest),
// and while following, the table scrolls to the newest row on the same tick.
// Scrolling up pauses following, scrolling back to the bottom resumes it, and the Follow action
// toggles it by hand. While paused, rows dropped from the top of the ring do not move what is
// on screen.
//
// The selection and the details agree: the record picked stays picked while the filter hides it
// or the ring drops it. The table then highlights no row (never a neighbour) and
// selectedRecordHidden() says why; a filter that shows it again selects it again.
class RequestLogPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestLogPanel)

public:
    explicit RequestLogPanel(RequestLogModel &log, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    RequestLogFilter *filter() const { return m_filter; }
    QAction *followAction() const { return m_follow; }
    QAction *clearAction() const { return m_clear; }
    QAction *focusFilterAction() const { return m_focusFilter; }

    bool isFollowing() const;
    // Shows the rows appended since the last tick now, and follows them (the timer does this
    // four times a second at most).
    void showNewRows();
    void setFollowing(bool following);
    // Replaces the filter box's text and applies it at once.
    void setFilterText(const QString &text);
    // A paragraph added to the row count's tooltip (what the traffic capture holds).
    void setCountToolTipExtra(const QString &text);

Q_SIGNALS:
    void recordSelected(const RequestRecord &record);
    void selectionCleared();
    // The record picked last left the table; why is a sentence for the details pane.
    void selectedRecordHidden(quint64 recordId, const QString &why);

private:
    void setUpColumns();
    void applyFilterText();
    void scrollToNewest();
    void onScrolled(int value);
    void onCurrentRowChanged(const QModelIndex &current);
    // After a filter change or a ring drop: highlights the picked record if the table shows
    // it, else nothing, and says why it is gone.
    void followPickedRecord();
    void updateCountLabel();
    void updateCountToolTip();

    RequestLogModel &m_log;
    RequestLogFilter *m_filter;
    QTableView *m_view;
    QLineEdit *m_filterEdit;
    QLabel *m_countLabel;
    QAction *m_follow;
    QAction *m_clear;
    QAction *m_focusFilter;
    QTimer m_newRowsTimer;   // 250 ms: at most four layouts a second, whatever the batch rate
    QTimer m_filterDebounce; // typing does not refilter on every key
    bool m_scrollingByProgram = false; // scrolls by follow or ring drops are not the user's
    bool m_rowsBeingRemoved = false;
    bool m_selectingByProgram = false; // followPickedRecord() moving the selection
    // The record the user picked, in the log (not the filter): invalid once the ring drops it.
    QString m_countToolTipExtra;
    QPersistentModelIndex m_picked;
    quint64 m_pickedId = 0;      // 0: none picked
    bool m_pickedHidden = false; // selectedRecordHidden() was sent for it
};
