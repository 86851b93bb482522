#include "requestlog/requestlogmodel.h"

#include "common/displayformat.h"
#include "common/instancecolors.h"
#include "common/statuscolors.h"
#include "details/attemptsformat.h"
#include "model/recordfootprint.h"

#include <QDateTime>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace {
// A full log that needs room frees at least this share of its limit at once (1/32: 8 MiB, about
// 11 000 typical rows, at the default limit): the views then relayout for a drop every second or
// so under load rather than with every batch, and QHeaderView, which keeps an entry per row and
// moves all of them on a drop at the front, does that less often (docs/ARCHITECTURE.md, "The
// window's cost per request").
constexpr qint64 dropStepDivisor = 32;

QVariant numberAlignment() {
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
}

bool isNumberColumn(int column) {
    return column == RequestLogModel::StatusColumn || column == RequestLogModel::DurationColumn ||
           column == RequestLogModel::BytesColumn;
}
} // namespace

RequestLogModel::RequestLogModel(InstanceColors &colors, QObject *parent)
    : QAbstractTableModel(parent)
    , m_colors(colors) {}

void RequestLogModel::appendRecords(const QList<RequestRecord> &records) {
    if (records.isEmpty())
        return;
    m_appendedCount += quint64(records.size());
    // Of a batch larger than the limit only its newest records can stay: count back from the end.
    qint64 incomingBytes = 0;
    qsizetype keepFrom = records.size();
    while (keepFrom > 0) {
        const qint64 bytes = recordFootprint(records[keepFrom - 1]);
        if (incomingBytes + bytes > m_byteLimit)
            break;
        incomingBytes += bytes;
        --keepFrom;
    }
    m_droppedCount += quint64(keepFrom);
    if (keepFrom == records.size())
        return;
    dropOldestAbove(m_byteLimit - incomingBytes, m_byteLimit / dropStepDivisor);

    // Shared, not copied; only the rare batch larger than the limit is cut to what stays, so
    // that the records no row shows do not outlive the cap.
    Batch batch{keepFrom == 0 ? records : records.sliced(keepFrom), records.size() - keepFrom};
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(batch.rowsLeft) - 1);
    for (const RequestRecord &record : std::as_const(batch.records))
        m_rows.push_back(&record);
    m_batches.push_back(std::move(batch));
    m_usedBytes += incomingBytes;
    endInsertRows();
}

void RequestLogModel::appendMarker(const QString &text, const QString &detail) {
    RequestRecord placeholder;
    placeholder.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 bytes = recordFootprint(placeholder);
    dropOldestAbove(m_byteLimit - bytes, m_byteLimit / dropStepDivisor);
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_batches.push_back(Batch{{std::move(placeholder)}, 1});
    m_rows.push_back(&std::as_const(m_batches.back().records).front());
    m_usedBytes += bytes;
    m_markers.insert(m_droppedRows + quint64(row), Marker{text, detail});
    endInsertRows();
}

void RequestLogModel::dropOldestAbove(qint64 bytes, qint64 step) {
    qint64 freed = 0;
    size_t count = 0;
    while (count < m_rows.size() && (m_usedBytes - freed > bytes || (count > 0 && freed < step)))
        freed += recordFootprint(*m_rows[count++]);
    if (count == 0)
        return;
    beginRemoveRows({}, 0, int(count) - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + qsizetype(count));
    releaseDroppedRows(count);
    m_usedBytes -= freed;
    m_droppedCount += count;
    m_droppedRows += quint64(count);
    for (auto it = m_markers.begin(); it != m_markers.end();)
        it = it.key() < m_droppedRows ? m_markers.erase(it) : std::next(it);
    endRemoveRows();
}

void RequestLogModel::releaseDroppedRows(size_t count) {
    while (count > 0) {
        Q_ASSERT(!m_batches.empty());
        Batch &front = m_batches.front();
        const qsizetype taken = std::min(front.rowsLeft, qsizetype(count));
        front.rowsLeft -= taken;
        count -= size_t(taken);
        if (front.rowsLeft == 0)
            m_batches.pop_front();
    }
}

void RequestLogModel::clear() {
    m_droppedCount = 0;
    if (m_rows.empty())
        return;
    beginRemoveRows({}, 0, int(m_rows.size()) - 1);
    m_droppedRows += quint64(m_rows.size());
    // Fresh deques give the block maps back too, unlike clear().
    m_rows = std::deque<const RequestRecord *>();
    m_batches = std::deque<Batch>();
    m_markers.clear();
    m_usedBytes = 0;
    endRemoveRows();
}

int RequestLogModel::rowAtPosition(quint64 position) const {
    if (position < m_droppedRows || position - m_droppedRows >= m_rows.size())
        return -1;
    return int(position - m_droppedRows);
}

bool RequestLogModel::isMarkerAt(int row) const {
    return !m_markers.isEmpty() && m_markers.contains(m_droppedRows + quint64(row));
}

void RequestLogModel::setByteLimit(qint64 bytes) {
    Q_ASSERT(bytes > 0);
    m_byteLimit = bytes;
    dropOldestAbove(bytes, 0);
}

const RequestRecord &RequestLogModel::recordAt(int row) const {
    Q_ASSERT(row >= 0 && row < int(m_rows.size()));
    return *m_rows[size_t(row)];
}

int RequestLogModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestLogModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int column = index.column();
    if (isMarkerAt(index.row()))
        return markerData(index.row(), column, role);
    const RequestRecord &record = recordAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(record, column);
    case RecordIdRole:
        return record.id;
    case BackendIdRole:
        return record.backendId;
    case StatusRole:
        return record.status;
    case MarkerRole:
        return false;
    case Qt::DecorationRole:
        if (column == InstanceColumn && record.backendId != 0)
            return m_colors.swatchFor(record.backendId);
        return {};
    case Qt::ForegroundRole:
        if (column == StatusColumn)
            return statusColor(record, QGuiApplication::palette());
        return {};
    case Qt::TextAlignmentRole:
        return isNumberColumn(column) ? numberAlignment() : QVariant();
    case Qt::ToolTipRole:
        switch (column) {
        case PathColumn:
            return tr("%1 %2\nsent upstream as %3")
                .arg(QString::fromLatin1(record.method), QString::fromLatin1(record.target),
                     upstreamTargetText(record));
        case InstanceColumn:
            return QString::fromUtf8(record.backendUrl);
        case StatusColumn:
            return tr("%1: %2").arg(QString::fromLatin1(outcomeName(record.outcome)),
                                    resultText(resultOf(record)));
        case DurationColumn:
            return tr("first byte after %1, complete after %2")
                .arg(recordDurationText(record, record.timeToFirstByteUs),
                     recordDurationText(record, record.totalUs));
        case BytesColumn:
            return tr("%1 from the client, %2 to the client")
                .arg(formatBytes(record.bytesIn), formatBytes(record.bytesOut));
        case ReasonColumn:
            return QString::fromUtf8(formatReason(record));
        case AttemptsColumn:
            return formatAttempts(record.attempts);
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant RequestLogModel::markerData(int row, int column, int role) const {
    const Marker &marker = *m_markers.constFind(m_droppedRows + quint64(row));
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return formatTimeOfDay(recordAt(row).startedAtMs);
        case PathColumn:
            return marker.text;
        case ReasonColumn:
            return marker.detail;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return marker.detail.isEmpty() ? marker.text
                                       : marker.text + QLatin1Char('\n') + marker.detail;
    case MarkerRole:
        return true;
    case RecordIdRole:
    case BackendIdRole:
        return quint64(0);
    case StatusRole:
        return 0;
    case Qt::FontRole: {
        // The text only: a bold time would no longer fit its column.
        if (column != PathColumn)
            return {};
        QFont font = QGuiApplication::font();
        font.setBold(true);
        return font;
    }
    case Qt::BackgroundRole: {
        // The selection colour, faint: stands out in light and dark themes alike.
        QColor band = QGuiApplication::palette().color(QPalette::Highlight);
        band.setAlpha(48);
        return band;
    }
    default:
        return {};
    }
}

QVariant RequestLogModel::displayText(const RequestRecord &record, int column) const {
    switch (column) {
    case TimeColumn:
        return formatTimeOfDay(record.startedAtMs);
    case ClientColumn:
        return QString::fromLatin1(record.clientAddress);
    case MethodColumn:
        return QString::fromLatin1(record.method);
    case PathColumn:
        return QString::fromLatin1(record.target);
    case RouteColumn:
        return record.routeId;
    case InstanceColumn:
        return record.backendName;
    case StatusColumn:
        return formatStatus(record);
    case DurationColumn:
        return recordDurationText(record, record.totalUs);
    case BytesColumn:
        return formatBytes(record.bytesOut);
    case ReasonColumn:
        return QString::fromUtf8(formatReason(record));
    case AttemptsColumn:
        return formatAttempts(record.attempts);
    default:
        return {};
    }
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return isNumberColumn(section) ? numberAlignment() : QVariant();
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case DurationColumn:
            return tr("From the first byte of the request to the last byte of the response");
        case BytesColumn:
            return tr("Response body bytes sent to the client");
        case ReasonColumn:
            return tr("Why the balancer picked this instance, or why the request failed");
        case AttemptsColumn:
            return tr("Every try of a request that was retried or failed, instances numbered "
                      "from 1");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ClientColumn:
        return tr("Client");
    case MethodColumn:
        return tr("Method");
    case PathColumn:
        return tr("Path");
    case RouteColumn:
        return tr("Route");
    case InstanceColumn:
        return tr("Instance");
    case StatusColumn:
        return tr("Status");
    case DurationColumn:
        return tr("Duration");
    case BytesColumn:
        return tr("Bytes");
    case ReasonColumn:
        return tr("Reason");
    case AttemptsColumn:
        return tr("Attempts");
    default:
        return {};
    }
}
