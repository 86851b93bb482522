#include "requestlog/requestlogfilter.h"

#include "requestlog/requestlogmodel.h"

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
    : QSortFilterProxyModel(parent)
    , m_log(log) {
    setSourceModel(&log);
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
    invalidateFilter();
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

bool RequestLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const {
    if (sourceParent.isValid())
        return false;
    if (!isFiltering())
        return true;
    // A marker tells where a config began: no filter term is about it.
    if (m_log.isMarkerAt(sourceRow))
        return false;
    const RequestRecord &record = m_log.recordAt(sourceRow);
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
