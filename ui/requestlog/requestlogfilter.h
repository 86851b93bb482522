#pragma once

#include "model/requestresult.h"

#include <QSortFilterProxyModel>
#include <QStringList>

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
class RequestLogFilter final : public QSortFilterProxyModel {
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

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
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
};
