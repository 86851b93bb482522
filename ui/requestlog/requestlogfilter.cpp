#include "requestlog/requestlogfilter.h"

#include "requestlog/requestlogmodel.h"

#include <algorithm>

namespace {
// Splits on whitespace; a double-quoted part keeps its spaces ("instance:\"my box\"").
QStringList splitTerms(const QString &text) {
    QStringList terms;
    QString current;
    bool quoted = false;
    for (const QChar c : text) {
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
        } else if (c.isSpace() && !quoted) {
            if (!current.isEmpty())
                terms.append(std::exchange(current, {}));
        } else {
            current.append(c);
        }
    }
    if (!current.isEmpty())
        terms.append(current);
    return terms;
}

QString quotedIfNeeded(const QString &value) {
    if (!value.contains(QLatin1Char(' ')))
        return value;
    return QLatin1Char('"') + value + QLatin1Char('"');
}
} // namespace

RequestLogFilter::RequestLogFilter(RequestLogModel &log, NewRows newRows, QObject *parent)
    : QAbstractProxyModel(parent)
    , m_log(log)
    , m_newRows(newRows)
    , m_shownRows(log.rowCount()) {
    setSourceModel(&log);
    // The log appends at the back and drops at the front (RequestLogModel); it never resets,
    // moves or changes a row.
    connect(&log, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onLogRowsInserted(first, last); });
    connect(&log, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                onLogRowsAboutToBeRemoved(first, last);
            });
    connect(&log, &QAbstractItemModel::rowsRemoved, this, &RequestLogFilter::onLogRowsRemoved);
}

void RequestLogFilter::setFilterText(const QString &text) {
    if (text == m_text)
        return;
    m_text = text;
    m_problem.clear();
    m_routes.clear();
    m_instances.clear();
    m_statuses.clear();
    m_results.clear();
    m_pathWords.clear();
    for (const QString &term : splitTerms(text)) {
        const qsizetype colon = term.indexOf(QLatin1Char(':'));
        const QString key = colon > 0 ? term.left(colon).toLower() : QString();
        const QString value = term.mid(colon + 1);
        if (key == QLatin1String("route") && !value.isEmpty())
            m_routes.append(value);
        else if (key == QLatin1String("instance") && !value.isEmpty())
            m_instances.append(value);
        else if (key == QLatin1String("status"))
            parseStatus(value);
        else
            m_pathWords.append(term);
    }
    beginResetModel();
    m_accepted.clear();
    if (isFiltering())
        refilter();
    m_shownRows = acceptedRowCount();
    endResetModel();
}

void RequestLogFilter::refilter() {
    for (int row = 0; row < m_log.rowCount(); ++row) {
        if (accepts(row))
            m_accepted.push_back(m_log.positionOf(row));
    }
}

int RequestLogFilter::acceptedRowCount() const {
    return isFiltering() ? int(m_accepted.size()) : m_log.rowCount();
}

int RequestLogFilter::newRowCount() const {
    return acceptedRowCount() - m_shownRows;
}

void RequestLogFilter::showNewRows() {
    const int count = newRowCount();
    if (count <= 0)
        return;
    beginInsertRows({}, m_shownRows, m_shownRows + count - 1);
    m_shownRows += count;
    endInsertRows();
}

void RequestLogFilter::onLogRowsInserted(int first, int last) {
    if (isFiltering()) {
        Q_ASSERT(first == m_log.rowCount() - (last - first + 1)); // appended at the back
        for (int row = first; row <= last; ++row) {
            if (accepts(row))
                m_accepted.push_back(m_log.positionOf(row));
        }
    }
    if (m_newRows == NewRows::ShownAtOnce)
        showNewRows();
}

void RequestLogFilter::onLogRowsAboutToBeRemoved(int first, int last) {
    Q_ASSERT(first == 0); // dropped from the front, or all of them
    if (isFiltering()) {
        const quint64 firstKept = m_log.positionOf(last) + 1;
        m_removingAccepted = std::lower_bound(m_accepted.cbegin(), m_accepted.cend(), firstKept) -
                             m_accepted.cbegin();
    } else {
        m_removingAccepted = last - first + 1;
    }
    // Rows not shown yet are the newest: a drop reaches them only after every shown row.
    m_removingShown = int(std::min(m_removingAccepted, qsizetype(m_shownRows)));
    if (m_removingShown > 0)
        beginRemoveRows({}, 0, m_removingShown - 1);
}

void RequestLogFilter::onLogRowsRemoved() {
    if (isFiltering())
        m_accepted.erase(m_accepted.begin(), m_accepted.begin() + m_removingAccepted);
    m_removingAccepted = 0;
    const int removed = std::exchange(m_removingShown, 0);
    if (removed == 0)
        return;
    m_shownRows -= removed;
    endRemoveRows();
}

QModelIndex RequestLogFilter::mapToSource(const QModelIndex &proxyIndex) const {
    if (!proxyIndex.isValid() || proxyIndex.model() != this)
        return {};
    const int row = isFiltering() ? m_log.rowAtPosition(m_accepted[size_t(proxyIndex.row())])
                                  : proxyIndex.row();
    return m_log.index(row, proxyIndex.column());
}

QModelIndex RequestLogFilter::mapFromSource(const QModelIndex &sourceIndex) const {
    if (!sourceIndex.isValid() || sourceIndex.model() != &m_log)
        return {};
    if (!isFiltering())
        return index(sourceIndex.row(), sourceIndex.column());
    const quint64 position = m_log.positionOf(sourceIndex.row());
    const auto found = std::lower_bound(m_accepted.cbegin(), m_accepted.cend(), position);
    if (found == m_accepted.cend() || *found != position)
        return {};
    return index(int(found - m_accepted.cbegin()), sourceIndex.column()); // invalid if not shown
}

QModelIndex RequestLogFilter::index(int row, int column, const QModelIndex &parent) const {
    if (parent.isValid() || row < 0 || row >= rowCount() || column < 0 || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex RequestLogFilter::parent(const QModelIndex &) const {
    return {};
}

int RequestLogFilter::rowCount(const QModelIndex &parent) const {
    if (parent.isValid())
        return 0;
    return m_shownRows;
}

bool RequestLogFilter::hasChildren(const QModelIndex &parent) const {
    return rowCount(parent) > 0 && columnCount(parent) > 0;
}

int RequestLogFilter::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : m_log.columnCount();
}

void RequestLogFilter::parseStatus(const QString &value) {
    for (const RequestResult result : {RequestResult::Failed, RequestResult::ClientError}) {
        if (value.compare(QLatin1String(resultName(result)), Qt::CaseInsensitive) == 0) {
            m_results.append(result);
            return;
        }
    }
    bool ok = false;
    if (value.size() == 3 && value.endsWith(QLatin1String("xx"), Qt::CaseInsensitive)) {
        const int statusClass = value.left(1).toInt(&ok);
        if (ok && statusClass >= 1 && statusClass <= 5) {
            m_statuses.append({statusClass * 100, statusClass * 100 + 99});
            return;
        }
    } else {
        const int status = value.toInt(&ok);
        if (ok && status >= 100 && status <= 599) {
            m_statuses.append({status, status});
            return;
        }
    }
    m_problem =
        tr("status:%1 was ignored: write a status (404), a class (5xx), failed or client_error")
            .arg(value);
}

bool RequestLogFilter::isFiltering() const {
    return !m_routes.isEmpty() || !m_instances.isEmpty() || !m_statuses.isEmpty() ||
           !m_results.isEmpty() || !m_pathWords.isEmpty();
}

bool RequestLogFilter::matchesStatus(const RequestRecord &record) const {
    if (m_results.contains(resultOf(record)))
        return true;
    return std::any_of(m_statuses.cbegin(), m_statuses.cend(), [&](const StatusRange &range) {
        return record.status >= range.first && record.status <= range.last;
    });
}

QString RequestLogFilter::termsForInstance(const QString &routeId, const QString &instanceName) {
    return QStringLiteral("route:%1 instance:%2")
        .arg(quotedIfNeeded(routeId), quotedIfNeeded(instanceName));
}

bool RequestLogFilter::accepts(int logRow) const {
    // A marker tells where a config began: no filter term is about it.
    if (m_log.isMarkerAt(logRow))
        return false;
    const RequestRecord &record = m_log.recordAt(logRow);
    if (!m_routes.isEmpty() && !m_routes.contains(record.routeId, Qt::CaseInsensitive))
        return false;
    if (!m_instances.isEmpty() && !m_instances.contains(record.backendName, Qt::CaseInsensitive))
        return false;
    if ((!m_results.isEmpty() || !m_statuses.isEmpty()) && !matchesStatus(record))
        return false;
    const QLatin1String target(record.target);
    return std::all_of(m_pathWords.cbegin(), m_pathWords.cend(), [&](const QString &word) {
        return target.contains(word, Qt::CaseInsensitive);
    });
}
