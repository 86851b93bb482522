#pragma once

#include "model/requestresult.h"

#include <QAbstractProxyModel>
#include <QStringList>

#include <deque>

class RequestLogModel;
struct RequestRecord;

// Narrows the request log to what the filter box asks for. Never sorts: the log stays in
// arrival order.
//
// Filter text: terms separated by spaces ("double quotes" keep spaces in a term).
//   route:ID        the route's id (exact, any case)
//   instance:NAME   the instance's name as shown in the log (exact, any case)
//   status:404      one status;  status:5xx  a class (the status sent, also when cut after it)
//   status:failed   failed requests;  status:client_error  client errors: the same sets as the
//                   status bar's counts (resultOf(), README "What the counts mean")
//   anything else   text the request's path must contain (any case)
// Several terms of one key are alternatives (status:4xx status:5xx); different keys and path
// words must all match.
//
// Built for a log that only grows at the back and shrinks at the front: the rows shown are kept
// as the log's row positions (RequestLogModel::positionOf), which a drop at the front does not
// change. A batch appended is tested once and its matches appended; a drop pops the matches it
// took from the front. Neither touches the other rows, where a QSortFilterProxyModel remaps its
// whole index on every drop. Without a filter the rows are the log's, one for one.
//
// New rows are shown at once, or, for a view that follows a busy log, only when showNewRows() is
// called: the view then lays out and repaints once per call, on its own timer, instead of once
// per batch of the worker (docs/ARCHITECTURE.md, "The window's cost per request"). Rows the log
// drops go at once either way: their records are gone.
class RequestLogFilter final : public QAbstractProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestLogFilter)

public:
    enum class NewRows {
        ShownAtOnce,
        ShownOnRequest, // by showNewRows()
    };

    explicit RequestLogFilter(RequestLogModel &log, NewRows newRows = NewRows::ShownAtOnce,
                              QObject *parent = nullptr);

    // Shows, in one insertion, the rows the log appended since the last call that the filter
    // accepts.
    void showNewRows();
    // Rows accepted but not shown yet (always 0 with NewRows::ShownAtOnce).
    int newRowCount() const;

    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }
    // Why a term was ignored ("status:6xx is not a status…"); empty when every term was used.
    QString filterProblem() const { return m_problem; }
    bool isFiltering() const;

    // A filter term matching exactly one instance of one route (for "show only its requests").
    static QString termsForInstance(const QString &routeId, const QString &instanceName);

    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    // Its own rows, not the log's (QAbstractProxyModel would ask the log).
    bool hasChildren(const QModelIndex &parent = {}) const override;

private:
    bool accepts(int logRow) const;
    // The shown rows from scratch (a new filter text).
    void refilter();
    void onLogRowsInserted(int first, int last);
    // Rows accepted so far, shown or not.
    int acceptedRowCount() const;
    void onLogRowsAboutToBeRemoved(int first, int last);
    void onLogRowsRemoved();

    struct StatusRange {
        int first;
        int last;
    };

    void parseStatus(const QString &value);
    bool matchesStatus(const RequestRecord &record) const;

    const RequestLogModel &m_log;
    const NewRows m_newRows;
    QString m_text;
    QString m_problem;
    QStringList m_routes;
    QStringList m_instances;
    QList<StatusRange> m_statuses;
    QList<RequestResult> m_results;
    QStringList m_pathWords;
    // While filtering: the positions of the log rows accepted, oldest first; the first
    // m_shownRows of them are shown.
    std::deque<quint64> m_accepted;
    // The rows shown: the first m_shownRows of the log's (no filter) or of m_accepted.
    int m_shownRows = 0;
    // What the log's removal under way takes: accepted rows (with a filter; all of the log's
    // rows without), and how many of them are shown.
    qsizetype m_removingAccepted = 0;
    int m_removingShown = 0;
};
