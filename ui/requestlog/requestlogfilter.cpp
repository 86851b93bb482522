#include "requestlog/requestlogfilter.h"

#include "requestlog/requestlogmodel.h"

#include <QVarLengthArray>

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

RequestLogFilter::RequestLogFilter(RequestLogModel &log, QObject *parent)
    : QAbstractProxyModel(parent)
    , m_log(log) {
    setSourceModel(&log);
    // The log appends at the back and drops at the front (RequestLogModel); it never resets,
    // moves or changes a row.
    connect(&log, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this](const QModelIndex &, int first, int last) {
                if (!isFiltering())
                    beginInsertRows({}, first, last);
            });
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
    m_shown.clear();
    if (isFiltering())
        refilter();
    endResetModel();
}

void RequestLogFilter::refilter() {
    for (int row = 0; row < m_log.rowCount(); ++row) {
        if (accepts(row))
            m_shown.push_back(m_log.positionOf(row));
    }
}

void RequestLogFilter::onLogRowsInserted(int first, int last) {
    if (!isFiltering()) {
        endInsertRows();
        return;
    }
    Q_ASSERT(first == m_log.rowCount() - (last - first + 1)); // appended at the back
    QVarLengthArray<quint64, 256> matches;
    for (int row = first; row <= last; ++row) {
        if (accepts(row))
            matches.append(m_log.positionOf(row));
    }
    if (matches.isEmpty())
        return;
    const int shown = int(m_shown.size());
    beginInsertRows({}, shown, shown + int(matches.size()) - 1);
    m_shown.insert(m_shown.end(), matches.cbegin(), matches.cend());
    endInsertRows();
}

void RequestLogFilter::onLogRowsAboutToBeRemoved(int first, int last) {
    Q_ASSERT(first == 0); // dropped from the front, or all of them
    if (!isFiltering()) {
        m_removing = -1;
        beginRemoveRows({}, first, last);
        return;
    }
    const quint64 firstKept = m_log.positionOf(last) + 1;
    m_removing = std::lower_bound(m_shown.cbegin(), m_shown.cend(), firstKept) - m_shown.cbegin();
    if (m_removing > 0)
        beginRemoveRows({}, 0, int(m_removing) - 1);
}

void RequestLogFilter::onLogRowsRemoved() {
    if (m_removing == 0)
        return;
    if (m_removing > 0)
        m_shown.erase(m_shown.begin(), m_shown.begin() + m_removing);
    m_removing = 0;
    endRemoveRows();
}

QModelIndex RequestLogFilter::mapToSource(const QModelIndex &proxyIndex) const {
    if (!proxyIndex.isValid() || proxyIndex.model() != this)
        return {};
    const int row =
        isFiltering() ? m_log.rowAtPosition(m_shown[size_t(proxyIndex.row())]) : proxyIndex.row();
    return m_log.index(row, proxyIndex.column());
}

QModelIndex RequestLogFilter::mapFromSource(const QModelIndex &sourceIndex) const {
    if (!sourceIndex.isValid() || sourceIndex.model() != &m_log)
        return {};
    if (!isFiltering())
        return index(sourceIndex.row(), sourceIndex.column());
    const quint64 position = m_log.positionOf(sourceIndex.row());
    const auto found = std::lower_bound(m_shown.cbegin(), m_shown.cend(), position);
    if (found == m_shown.cend() || *found != position)
        return {};
    return index(int(found - m_shown.cbegin()), sourceIndex.column());
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
    return isFiltering() ? int(m_shown.size()) : m_log.rowCount();
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
