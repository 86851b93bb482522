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
class RequestLogFilter final : public QAbstractProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestLogFilter)

public:
    explicit RequestLogFilter(RequestLogModel &log, QObject *parent = nullptr);

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
    void onLogRowsAboutToBeRemoved(int first, int last);
    void onLogRowsRemoved();

    struct StatusRange {
        int first;
        int last;
    };

    void parseStatus(const QString &value);
    bool matchesStatus(const RequestRecord &record) const;

    const RequestLogModel &m_log;
    QString m_text;
    QString m_problem;
    QStringList m_routes;
    QStringList m_instances;
    QList<StatusRange> m_statuses;
    QList<RequestResult> m_results;
    QStringList m_pathWords;
    // While filtering: the positions of the log rows shown, oldest first.
    std::deque<quint64> m_shown;
    // Rows at the front of m_shown that the log's removal under way takes (-1: all of the
    // log's rows, no filter).
    qsizetype m_removing = 0;
};
